"""The front door: a workspace code leads to that workspace's login page."""

from __future__ import annotations

from tests.portal.conftest import post_form


async def test_a_workspace_code_leads_to_its_login_page(client, workspace) -> None:
    page = await client.get("/")
    assert page.status_code == 200 and 'name="code"' in page.text

    response = await post_form(client, "/", {"code": f"  {workspace.slug.upper()} "})

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/login"


async def test_an_unknown_code_is_explained_next_to_the_field(client) -> None:
    response = await post_form(client, "/", {"code": "no-such-place"})

    assert response.status_code == 422
    assert 'id="code-error"' in response.text and "没有使用此代码的工作空间。" in response.text
    assert 'value="no-such-place"' in response.text
