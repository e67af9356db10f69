"""Signing in and out of one tenant's workspace."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect

from coalition.actors.accounts import AuthenticationFailed, authenticate
from coalition.tenancy.schemas import TenantOut
from portal.auth.members import LoginRequired, current_member
from portal.auth.sessions import end_session, session_person, start_session
from portal.forms import FormState, failed, read_form
from portal.home.controllers import local_path
from portal.i18n import translator
from portal.rendering import render


def _next_page(tenant: TenantOut, value: str | None) -> str:
    """Where to go after signing in: a page of this tenant, else its overview."""
    home = f"/t/{tenant.slug}/"
    target = local_path(value, home)
    return target if target.startswith(home) else home


class AuthController(Controller):
    path = "/t/{slug:str}"

    @get("/login", name="auth.login_form")
    async def login_form(
        self,
        request: Request,
        tenant: NamedDependency[TenantOut],
        next_page: Annotated[str | None, QueryParameter(name="next")] = None,
    ) -> Response[Any]:
        signed_in = session_person(request)
        if signed_in and signed_in[0] == tenant.id:
            try:
                await current_member(request)
            except LoginRequired:  # the person was removed: signed out, show the form
                pass
            else:
                return Redirect(_next_page(tenant, next_page), status_code=303)
        form = FormState(values={"next": _next_page(tenant, next_page)})
        return render(request, "auth/login.html", {"form": form})

    @post("/login", name="auth.login")
    async def login(self, request: Request, tenant: NamedDependency[TenantOut]) -> Response[Any]:
        values = await read_form(request, ["username", "password", "next"])
        try:
            actor = await authenticate(tenant.id, values["username"], values["password"])
        except AuthenticationFailed as error:
            del values["password"]  # never sent back
            form = failed(values, error, translator(request))
            return render(request, "auth/login.html", {"form": form}, status_code=422)
        assert actor.person_id is not None
        start_session(request, tenant_id=tenant.id, person_id=actor.person_id)
        return Redirect(_next_page(tenant, values["next"]), status_code=303)

    @post("/logout", name="auth.logout")
    async def logout(self, request: Request, tenant: NamedDependency[TenantOut]) -> Response[Any]:
        end_session(request)
        return Redirect(f"/t/{tenant.slug}/login", status_code=303)
