"""Signing in and out of one tenant's workspace; wrong passwords are throttled (see throttle.py)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect

from coalition.actors.accounts import AuthenticationFailed, authenticate
from coalition.tenancy.schemas import TenantOut
from portal.auth.members import LoginRequired, current_member
from portal.auth.sessions import end_session, session_person, start_session
from portal.auth.throttle import (
    STORE_NAME,
    Attempt,
    client_address,
    record_failure,
    record_success,
    refused_for,
)
from portal.forms import FormState, failed, read_form
from portal.home.controllers import local_path
from portal.i18n import translator
from portal.rendering import render


def _next_page(tenant: TenantOut, value: str | None) -> str:
    """Where to go after signing in: a page of this tenant, else its overview."""
    home = f"/t/{tenant.slug}/"
    target = local_path(value, home)
    return target if target.startswith(home) else home


def _too_many(request: Request, values: dict[str, str], wait: int) -> Response[Any]:
    """The form again, refused: too many wrong passwords lately (see portal.auth.throttle)."""
    _ = translator(request)
    minutes = math.ceil(wait / 60)
    if minutes == 1:
        message = _("Too many failed sign-ins. Try again in a minute.")
    else:
        message = _("Too many failed sign-ins. Try again in {minutes} minutes.", minutes=minutes)
    form = FormState(values=values, message=message)
    return render(
        request,
        "auth/login.html",
        {"form": form},
        status_code=429,
        headers={"Retry-After": str(wait)},
    )


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
        password = values.pop("password")  # never sent back
        store = request.app.stores.get(STORE_NAME)
        attempt = Attempt.of(tenant.id, values["username"], client_address(request))
        wait = await refused_for(store, attempt)
        if wait is not None:
            return _too_many(request, values, wait)
        try:
            actor = await authenticate(tenant.id, values["username"], password)
        except AuthenticationFailed as error:
            await record_failure(store, attempt)
            form = failed(values, error, translator(request))
            return render(request, "auth/login.html", {"form": form}, status_code=422)
        await record_success(store, attempt)
        assert actor.person_id is not None
        start_session(request, tenant_id=tenant.id, person_id=actor.person_id)
        return Redirect(_next_page(tenant, values["next"]), status_code=303)

    @post("/logout", name="auth.logout")
    async def logout(self, request: Request, tenant: NamedDependency[TenantOut]) -> Response[Any]:
        end_session(request)
        return Redirect(f"/t/{tenant.slug}/login", status_code=303)
