"""CSRF on every state-changing request, and the headers every response carries."""

from __future__ import annotations

from tests.portal.conftest import CSRF_COOKIE, HTMX, csrf_token, login, text_of


async def test_a_post_without_the_csrf_token_is_refused(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.post(
        f"/t/{workspace.slug}/communities", data={"name": "没有令牌的社区", "kind": "urban"}
    )

    assert response.status_code == 403
    assert "表单已过期" in text_of(response.text)  # a translated explanation, no trace
    dashboard = await client.get(f"/t/{workspace.slug}/")
    assert "没有令牌的社区" not in dashboard.text


async def test_a_token_from_another_browser_is_refused(client, workspace) -> None:
    await client.get(f"/t/{workspace.slug}/login")
    forged = "0" * 128

    response = await client.post(
        f"/t/{workspace.slug}/login",
        data={"username": workspace.admin, "password": "x", "_csrf_token": forged},
    )

    assert response.status_code == 403


async def test_login_and_logout_need_the_token_too(client, workspace) -> None:
    await client.get(f"/t/{workspace.slug}/login")

    response = await client.post(
        f"/t/{workspace.slug}/login", data={"username": workspace.admin, "password": "x"}
    )

    assert response.status_code == 403
    assert (await client.post(f"/t/{workspace.slug}/logout")).status_code == 403


async def test_an_htmx_post_with_the_token_in_its_header_works(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)
    token = await csrf_token(client)

    response = await client.post(
        f"/t/{workspace.slug}/communities",
        data={"name": "东北村社区", "kind": "urban"},
        headers={**HTMX, "X-CSRFToken": token},
    )

    assert response.status_code == 200
    assert "已添加社区“东北村社区”。" in response.text


async def test_pages_carry_the_token_for_forms_and_for_htmx(client, workspace) -> None:
    response = await client.get(f"/t/{workspace.slug}/login")

    token = client.cookies[CSRF_COOKIE]
    assert f'name="_csrf_token" value="{token}"' in response.text
    assert f'hx-headers=\'{{"X-CSRFToken": "{token}"}}\'' in response.text


async def test_every_page_forbids_framing_sniffing_and_foreign_scripts(client, workspace) -> None:
    for path in ("/", f"/t/{workspace.slug}/login", "/no-such-page"):
        response = await client.get(path)
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_pages_are_not_stored_by_caches(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/")

    assert response.headers["cache-control"] == "no-store"
