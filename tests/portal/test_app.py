"""The app as a whole: its factory, files under var/, static files and the phone layout."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from litestar.stores.file import FileStore

from portal.app import create_app
from portal.plugin import session_store
from portal.security import secret_key
from tests.portal.conftest import make_settings

STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"


def test_without_a_configured_secret_one_is_made_once_and_kept(tmp_path) -> None:
    settings = make_settings(tmp_path, secret_key=None)

    first, second = secret_key(settings), secret_key(settings)

    assert first == second and len(first) >= 32
    key_file = settings.sqlite_path.parent / "portal_secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_sessions_are_kept_in_files_under_var_without_redis(tmp_path) -> None:
    settings = make_settings(tmp_path)

    store = session_store(settings)

    assert isinstance(store, FileStore)
    assert store.path == settings.sqlite_path.parent / "sessions"


def test_the_factory_works_without_arguments(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COALITION_SQLITE_PATH", str(tmp_path / "var" / "c.sqlite"))
    monkeypatch.delenv("COALITION_DATABASE_URL", raising=False)
    monkeypatch.delenv("COALITION_REDIS_URL", raising=False)

    app = create_app()

    paths = {route.path for route in app.routes}
    assert {"/", "/lang", "/t/{slug:str}/login", "/t/{slug:str}"} <= paths


async def test_htmx_is_served_by_the_portal_itself_with_its_licence(client) -> None:
    page = await client.get("/")
    script = re.search(r'<script src="(/static/vendor/htmx/htmx\.min\.js\?v=\w+)"', page.text)
    assert script is not None

    response = await client.get(script.group(1))

    assert response.status_code == 200
    assert 'version:"2.0.11"' in response.text
    assert "max-age" in response.headers["cache-control"]
    assert (STATIC / "vendor" / "htmx" / "LICENSE.txt").read_text().startswith("Zero-Clause BSD")
    assert "https://" not in re.sub(r'hx-get="[^"]*"', "", page.text.split("<body")[0])


async def test_every_page_is_laid_out_for_a_phone(client, workspace) -> None:
    for path in ("/", f"/t/{workspace.slug}/login", "/no-such-page"):
        html = (await client.get(path)).text
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_the_stylesheet_keeps_tap_targets_large_and_nothing_wider_than_the_screen() -> None:
    css = (STATIC / "css" / "portal.css").read_text()

    assert "--tap: 44px" in css
    for control in (".field input", ".button", ".language button", ".nav a"):
        rule = css.split(control, 1)[1].split("}", 1)[0]
        assert "min-height: var(--tap)" in rule, control
    assert "overflow-x: hidden" in css
    assert re.search(r"width:\s*\d{3,}px", css) is None  # no fixed widths beyond a phone
