"""Error pages: in the person's language, without stack traces unless debugging."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import get
from litestar.testing import AsyncTestClient

from coalition.db import bind
from portal.app import create_app
from tests.portal.conftest import BASE_URL, HTMX, login, make_settings, post_form, text_of


@get("/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("secret internals")


async def _get_boom(sqlite_engine: Any, tmp_path: Path, debug: bool) -> Any:
    bind(sqlite_engine)
    app = create_app(engine=sqlite_engine, settings=make_settings(tmp_path, debug=debug))
    app.register(boom)
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        return await client.get("/boom")


async def test_an_unknown_page_is_a_404_in_chinese_then_in_english(client) -> None:
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert "页面不存在" in text_of(response.text)

    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    response = await client.get("/t/no-such-workspace/")
    assert response.status_code == 404
    assert "Page not found" in response.text


async def test_a_server_error_shows_no_stack_trace(sqlite_engine, tmp_path) -> None:
    response = await _get_boom(sqlite_engine, tmp_path, debug=False)

    assert response.status_code == 500
    assert "出错了" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


async def test_in_debug_mode_the_error_page_shows_the_stack_trace(sqlite_engine, tmp_path) -> None:
    response = await _get_boom(sqlite_engine, tmp_path, debug=True)

    assert response.status_code == 500
    assert "Traceback" in response.text and "secret internals" in response.text


async def test_htmx_puts_an_error_page_in_place_of_the_main_content(client, workspace) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    response = await client.get(f"/t/{workspace.slug}/communities/new", headers=HTMX)

    assert response.status_code == 403
    assert response.headers["HX-Retarget"] == "#main"
    assert response.headers["HX-Reselect"] == "#main"
