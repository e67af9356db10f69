"""Signing in and out: sessions, their cookies, and what a wrong password shows."""

from __future__ import annotations

from http.cookies import SimpleCookie

from litestar.stores.memory import MemoryStore

from coalition.actors.accounts import grant_role, list_memberships, revoke_role, set_login_active
from coalition.actors.schemas import MembershipInput
from coalition.tenancy import TenantScope
from tests.portal.conftest import (
    PASSWORD,
    SESSION_COOKIE,
    login,
    person_with_login,
    post_form,
    set_cookie_headers,
    text_of,
)


async def test_signing_in_issues_a_new_session_id_even_when_the_browser_sent_one(
    client, workspace, store: MemoryStore
) -> None:
    forged = "a" * 64  # planted by an attacker before the victim signs in
    client.cookies.set(SESSION_COOKIE, forged, domain="testserver.local")

    await login(client, workspace.slug, workspace.admin)

    issued = client.cookies[SESSION_COOKIE]
    assert issued != forged
    assert await store.get(issued) is not None
    assert await store.get(forged) is None
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 200


async def test_signing_in_again_replaces_the_old_session(client, workspace, store) -> None:
    await login(client, workspace.slug, workspace.admin)
    first = client.cookies[SESSION_COOKIE]

    await login(client, workspace.slug, workspace.volunteer)

    assert client.cookies[SESSION_COOKIE] != first
    assert await store.get(first) is None


async def test_the_session_cookie_is_host_only_secure_httponly_and_lax(client, workspace) -> None:
    response = await login(client, workspace.slug, workspace.admin)

    (header,) = set_cookie_headers(response, SESSION_COOKIE)
    morsel = SimpleCookie(header)[SESSION_COOKIE]
    attributes = header.lower()
    assert morsel["secure"] and morsel["httponly"]
    assert morsel["samesite"].lower() == "lax"
    assert morsel["path"] == "/"
    assert "domain=" not in attributes


async def test_the_csrf_cookie_is_host_only_and_secure(client, workspace) -> None:
    response = await client.get(f"/t/{workspace.slug}/login")

    (header,) = set_cookie_headers(response, "__Host-csrftoken")
    morsel = SimpleCookie(header)["__Host-csrftoken"]
    assert morsel["secure"] and morsel["path"] == "/" and "domain=" not in header.lower()


async def test_a_wrong_password_shows_a_translated_error_and_starts_no_session(
    client, workspace, store
) -> None:
    await client.get(f"/t/{workspace.slug}/login")

    response = await post_form(
        client,
        f"/t/{workspace.slug}/login",
        {"username": workspace.admin, "password": "wrong password"},
    )

    assert response.status_code == 422
    assert "用户名或密码错误。" in response.text
    assert 'value="admin"' in response.text  # the username is kept, the password is not
    assert "wrong password" not in response.text
    assert set_cookie_headers(response, SESSION_COOKIE) == []
    assert SESSION_COOKIE not in client.cookies
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 303


async def test_signing_out_ends_the_session(client, workspace, store) -> None:
    await login(client, workspace.slug, workspace.admin)
    session_id = client.cookies[SESSION_COOKIE]

    response = await post_form(client, f"/t/{workspace.slug}/logout", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/login"
    (expired,) = set_cookie_headers(response, SESSION_COOKIE)
    assert "max-age=0" in expired.lower()
    assert await store.get(session_id) is None
    # Even a browser that kept the old cookie is signed out.
    client.cookies.set(SESSION_COOKIE, session_id, domain="testserver.local")
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 303


async def test_anonymous_visitors_go_to_the_login_page_and_come_back(client, workspace) -> None:
    page = f"/t/{workspace.slug}/communities/new"

    response = await client.get(page)

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/login?next={page}"
    form = await client.get(response.headers["location"])
    assert f'name="next" value="{page}"' in form.text
    signed_in = await post_form(
        client,
        f"/t/{workspace.slug}/login",
        {"username": workspace.admin, "password": PASSWORD, "next": page},
    )
    assert signed_in.headers["location"] == page


async def test_after_login_only_pages_of_the_same_workspace_are_followed(client, workspace) -> None:
    await client.get(f"/t/{workspace.slug}/login")
    for target in ("https://evil.example/", "//evil.example/", "/t/other-tenant/"):
        response = await post_form(
            client,
            f"/t/{workspace.slug}/login",
            {"username": workspace.admin, "password": PASSWORD, "next": target},
        )
        assert response.headers["location"] == f"/t/{workspace.slug}/"


async def test_an_htmx_request_without_a_session_is_sent_to_the_login_page(
    client, workspace
) -> None:
    response = await client.get(f"/t/{workspace.slug}/", headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"].startswith(f"/t/{workspace.slug}/login")


async def test_the_login_page_of_an_unknown_workspace_is_a_404(client) -> None:
    response = await client.get("/t/no-such-workspace/login")

    assert response.status_code == 404
    assert "页面不存在" in text_of(response.text)


async def test_the_session_id_stays_the_same_between_sign_ins(client, workspace) -> None:
    """Only signing in changes the id, so parallel (htmx) requests never lose the session."""
    await login(client, workspace.slug, workspace.admin)
    session_id = client.cookies[SESSION_COOKIE]

    for path in ("/", f"/t/{workspace.slug}/", f"/t/{workspace.slug}/communities/new"):
        response = await client.get(path)
        assert client.cookies[SESSION_COOKIE] == session_id, path
    assert response.status_code == 200


async def test_a_role_granted_after_signing_in_counts_at_once(client, workspace) -> None:
    volunteer_id = await person_with_login(workspace.tenant.id, "newcomer")
    await login(client, workspace.slug, "newcomer")
    assert (await client.get(f"/t/{workspace.slug}/communities/new")).status_code == 403

    await grant_role(
        TenantScope.system(workspace.tenant.id),
        MembershipInput(person_id=volunteer_id, role="tenant_admin"),
    )

    assert (await client.get(f"/t/{workspace.slug}/communities/new")).status_code == 200


async def test_a_signed_in_member_opening_the_login_page_goes_to_the_overview(
    client, workspace
) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/login")

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/"


async def test_disabling_a_login_ends_its_session_at_the_next_request(client, workspace) -> None:
    person_id = await person_with_login(workspace.tenant.id, "leaving", {"role": "volunteer"})
    await login(client, workspace.slug, "leaving")
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 200

    await set_login_active(TenantScope.system(workspace.tenant.id), person_id, active=False)

    response = await client.get(f"/t/{workspace.slug}/")
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/t/{workspace.slug}/login")


async def test_a_person_whose_last_role_was_revoked_sees_nothing(client, workspace) -> None:
    person_id = await person_with_login(workspace.tenant.id, "former", {"role": "volunteer"})
    await login(client, workspace.slug, "former")
    scope = TenantScope.system(workspace.tenant.id)
    (membership,) = await list_memberships(scope, person_id)

    await revoke_role(scope, membership.id)

    response = await client.get(f"/t/{workspace.slug}/")
    assert response.status_code == 403
    assert "您在本工作区已没有任何角色" in response.text
