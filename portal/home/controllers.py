"""The front door: enter a workspace code, choose a language."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect

from coalition.errors import NotFound
from coalition.tenancy.services import SLUG, get_tenant_by_slug
from portal.forms import FormState, read_form
from portal.i18n import LANGUAGES, translator
from portal.rendering import render

LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365


def local_path(value: str | None, default: str = "/") -> str:
    """``value`` if it is a path on this site (never another host), else ``default``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value


class HomeController(Controller):
    @get("/", name="home")
    async def index(self, request: Request) -> Response[Any]:
        return render(request, "home/index.html", {"form": FormState()})

    @post("/", name="home.enter")
    async def enter(self, request: Request) -> Response[Any]:
        """Go to the login page of the workspace whose code was entered."""
        values = await read_form(request, ["code"])
        code = values["code"].strip().lower()
        if SLUG.match(code):
            try:
                tenant = await get_tenant_by_slug(code)
            except NotFound:
                pass
            else:
                return Redirect(f"/t/{tenant.slug}/login", status_code=303)
        _ = translator(request)
        form = FormState(values=values, errors={"code": _("No workspace has this code.")})
        return render(request, "home/index.html", {"form": form}, status_code=422)

    @post("/lang", name="language")
    async def language(self, request: Request) -> Response[Any]:
        """Remember the chosen language in a cookie and go back to the page."""
        values = await read_form(request, ["lang", "next"])
        target = local_path(values["next"])
        if values["lang"] not in LANGUAGES:
            return Redirect(target, status_code=303)
        settings = request.app.state["settings"]
        cookie = Cookie(
            key=request.app.state["i18n"][0],
            value=values["lang"],
            max_age=LANGUAGE_COOKIE_AGE,
            path="/",
            secure=settings.secure_cookies,
            httponly=True,
            samesite="lax",
        )
        return Redirect(target, status_code=303, cookies=[cookie])
