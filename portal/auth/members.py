"""Who is asking, in which tenant: the one mechanism behind every tenant page.

Every URL under ``/t/{slug}/`` names its tenant. :func:`current_member` resolves the
tenant (an unknown slug is a 404), reads the session and reloads the person's
:class:`~coalition.tenancy.Actor` with :func:`~coalition.actors.accounts.load_signed_in_actor` on
each request, so that a role granted or revoked counts at once. Then:

- nobody signed in: :class:`LoginRequired` (a redirect to the tenant's login page);
- signed in to another tenant: ``NotFound`` (404), so a page never tells a member of one
  tenant what exists in another;
- signed in here: a :class:`Member`, cached for the rest of the request.

Pages declare their roles with the guard :func:`requires` (``requires()`` alone means
"any member"); handlers receive the member through the ``member`` dependency, which calls
the same function, so a handler that forgets its guard still gets sign-in and tenant checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from coalition.actors.accounts import AuthenticationFailed, load_signed_in_actor
from coalition.errors import NotFound, PermissionDenied
from coalition.tenancy import Actor, Role, TenantScope
from coalition.tenancy.schemas import TenantOut
from coalition.tenancy.services import get_tenant_by_slug
from portal.auth.sessions import end_session, session_person

_TENANT = "coalition_tenant"
_MEMBER = "coalition_member"


@dataclass(frozen=True, slots=True)
class Member:
    """A signed-in person acting in the tenant named by the URL."""

    tenant: TenantOut
    actor: Actor

    @property
    def scope(self) -> TenantScope:
        return TenantScope(tenant_id=self.tenant.id, actor=self.actor)

    def has(self, *roles: Role) -> bool:
        return self.actor.has(*roles)


class LoginRequired(Exception):
    """Nobody is signed in to this tenant: go to its login page, then come back."""

    def __init__(self, slug: str, back_to: str) -> None:
        super().__init__(f"Sign-in required for tenant {slug!r}")
        self.login_url = f"/t/{slug}/login?next={quote(back_to, safe='/')}"


def cached_tenant(connection: ASGIConnection) -> TenantOut | None:
    value = connection.state.get(_TENANT)
    return value if isinstance(value, TenantOut) else None


def cached_member(connection: ASGIConnection) -> Member | None:
    value = connection.state.get(_MEMBER)
    return value if isinstance(value, Member) else None


async def current_tenant(connection: ASGIConnection) -> TenantOut:
    """The tenant named by the ``slug`` in the URL, or NotFound."""
    tenant = cached_tenant(connection)
    if tenant is None:
        slug = connection.path_params.get("slug")
        if not isinstance(slug, str):
            raise NotFound("This page belongs to no tenant.", code="tenancy.not_found")
        tenant = await get_tenant_by_slug(slug)
        connection.state[_TENANT] = tenant
    return tenant


async def current_member(connection: ASGIConnection) -> Member:
    member = cached_member(connection)
    if member is not None:
        return member
    tenant = await current_tenant(connection)
    signed_in = session_person(connection)
    if signed_in is None:
        raise LoginRequired(tenant.slug, _back_to(connection))
    tenant_id, person_id = signed_in
    if tenant_id != tenant.id:
        del connection.state[_TENANT]  # the 404 page must not name the other tenant
        raise NotFound(f"No tenant {tenant.slug!r}.", code="tenancy.not_found")
    try:
        actor = await load_signed_in_actor(tenant.id, person_id)
    except (NotFound, AuthenticationFailed):  # removed or disabled since signing in
        end_session(connection)
        raise LoginRequired(tenant.slug, _back_to(connection)) from None
    if not actor.roles:
        raise PermissionDenied("You hold no role in this workspace any more.", code="auth.no_role")
    member = Member(tenant=tenant, actor=actor)
    connection.state[_MEMBER] = member
    return member


def _back_to(connection: ASGIConnection) -> str:
    if connection.scope.get("method", "GET") != "GET":
        return "/t/" + str(connection.path_params["slug"]) + "/"
    query = connection.scope.get("query_string", b"").decode("latin-1")
    return connection.scope["path"] + (f"?{query}" if query else "")


def requires(*roles: Role) -> Guard:
    """A guard: a member of this tenant holding one of ``roles`` (any member if none)."""

    async def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        member = await current_member(connection)
        if roles and not member.has(*roles):
            raise PermissionDenied(
                "Your roles do not allow you to open this page.", code="permission_denied"
            )

    return guard


async def provide_member(request: Request) -> Member:
    return await current_member(request)


async def provide_tenant(request: Request) -> TenantOut:
    return await current_tenant(request)
