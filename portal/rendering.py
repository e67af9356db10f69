"""Rendering pages and htmx fragments: the one place that decides which of the two to send.

One URL serves a page and its fragment. :func:`render` sends the fragment template (kept
in a ``partials/`` folder and included by the page) when htmx asks for it, the whole page
otherwise, and always ``Vary: HX-Request`` so that caches keep the two apart. Boosted
requests and history restores get the whole page.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Template
from litestar.utils.scope.state import ScopeState

from portal.i18n import LANGUAGES, translator

STATIC_DIR = Path(__file__).resolve().parent / "static"
VARY = {"Vary": "HX-Request"}

#: htmx settings (a <meta name="htmx-config">): no eval and no inline styles (the CSP
#: forbids both); 422 (a form with errors) is swapped like a success; history restores
#: are full-page requests; error pages carry HX-Retarget/HX-Reselect and are swapped.
HTMX_CONFIG = json.dumps(
    {
        "allowEval": False,
        "allowScriptTags": False,
        "includeIndicatorStyles": False,
        "historyRestoreAsHxRequest": False,
        "selfRequestsOnly": True,
        "responseHandling": [
            {"code": "204", "swap": False},
            {"code": "[23]..", "swap": True},
            {"code": "422", "swap": True},
            {"code": "[45]..", "swap": True, "error": True},
        ],
    },
    separators=(",", ":"),
)


def is_htmx(connection: ASGIConnection) -> bool:
    return bool(HTMXDetails(connection))  # type: ignore[arg-type]


def wants_fragment(connection: ASGIConnection) -> bool:
    """htmx asked for a part of the page (not a boosted link or a history restore)."""
    details = HTMXDetails(connection)  # type: ignore[arg-type]
    return bool(details) and not details.boosted and not details.history_restore_request


@cache
def _static_version(path: str) -> str:
    try:
        return hashlib.sha256((STATIC_DIR / path).read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def static_url(path: str) -> str:
    """``/static/<path>?v=<content hash>``: safe to cache for long."""
    return f"/static/{path}?v={_static_version(path)}"


def csrf_token(connection: ASGIConnection) -> str:
    """The CSRF token for this page's forms (from the middleware, else the cookie)."""
    token = ScopeState.from_scope(connection.scope).csrf_token
    if isinstance(token, str) and token:
        return token
    names = connection.app.state.get("csrf_cookie", "csrftoken")
    return connection.cookies.get(names, "")


def page_context(connection: ASGIConnection) -> dict[str, Any]:
    """What every page and fragment gets: ``_``, the language, the CSRF token, the member."""
    t = translator(connection)
    state = connection.state
    return {
        "_": t.gettext,
        "locale": t.locale,
        "languages": LANGUAGES,
        "csrf": csrf_token(connection),
        "static": static_url,
        "htmx_config": HTMX_CONFIG,
        "tenant": state.get("coalition_tenant"),
        "member": state.get("coalition_member"),
        "here": _here(connection),
        "debug": connection.app.debug,
    }


def _here(connection: ASGIConnection) -> str:
    """Where the language switch returns to: this page, or for a POST its tenant's start."""
    if connection.scope.get("method", "GET") != "GET":
        slug = connection.path_params.get("slug")
        return f"/t/{slug}/" if slug else "/"
    query = connection.scope.get("query_string", b"").decode("latin-1")
    return connection.scope["path"] + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    """The page ``template``, or its ``fragment`` when htmx asks for part of the page."""
    name = fragment if fragment and wants_fragment(request) else template
    return Template(
        name,
        context={**page_context(request), **(context or {})},
        status_code=status_code,
        headers={**VARY, **(headers or {})},
    )
