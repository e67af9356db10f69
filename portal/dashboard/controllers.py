"""The tenant's overview: what the coalition is made of, community by community."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from coalition.alliances.services import list_alliances
from coalition.places.schemas import GridOut
from coalition.places.services import list_communities, list_grids
from coalition.reports.overview import tenant_overview
from coalition.tenancy import Role
from portal.auth.members import Member, requires
from portal.i18n import N_, translator
from portal.places.controllers import COMMUNITY_KINDS, community_form
from portal.rendering import render

ROLE_LABELS = {
    Role.TENANT_ADMIN: N_("Workspace administrator"),
    Role.COMMUNITY_STAFF: N_("Community staff"),
    Role.GRID_WORKER: N_("Grid worker"),
    Role.SOCIAL_WORKER: N_("Social worker"),
    Role.ORG_COORDINATOR: N_("Social organisation coordinator"),
    Role.UNIT_LIAISON: N_("Unit liaison"),
    Role.VOLUNTEER: N_("Volunteer"),
}


class DashboardController(Controller):
    path = "/t/{slug:str}"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="dashboard")
    async def overview(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The page; htmx refreshes just the overview (``partials/overview.html``)."""
        scope = member.scope
        _ = translator(request)
        communities = await list_communities(scope)
        grids_by_community: dict[int, list[GridOut]] = {}
        for grid in await list_grids(scope):
            grids_by_community.setdefault(grid.community_id, []).append(grid)
        context = {
            "overview": await tenant_overview(scope),
            "communities": communities,
            "alliances": await list_alliances(scope),
            "grids_by_community": grids_by_community,
            "kinds": dict(COMMUNITY_KINDS),
            "roles": sorted(_(ROLE_LABELS[role]) for role in member.actor.roles),
            "can_add_community": member.has(Role.TENANT_ADMIN),
            **community_form(request),
        }
        return render(
            request,
            "dashboard/index.html",
            context,
            fragment="dashboard/partials/overview.html",
        )
