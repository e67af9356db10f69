"""Communities (社区/村) and their grids (网格): see one, add one.

Forms post without JavaScript (POST, then a redirect to the community's page); htmx
posts the same forms and gets back only the form or the grid list. A form with errors
comes back with status 422, every typed value kept and each error next to its field.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, InvalidInput
from coalition.places.schemas import CommunityInput, CommunityKind, GridInput
from coalition.places.services import create_community, create_grid, get_community, list_grids
from coalition.tenancy import Role
from coalition.tenancy.roles import STRUCTURE_ROLES
from portal.auth.members import Member, requires
from portal.forms import FormState, failed, read_form
from portal.i18n import N_, translator
from portal.rendering import render, wants_fragment

COMMUNITY_KINDS = [
    (CommunityKind.URBAN.value, N_("Urban community")),
    (CommunityKind.VILLAGE.value, N_("Village")),
]
COMMUNITY_FIELDS = ["name", "kind", "township", "address"]
GRID_FIELDS = ["name", "code"]
#: Taken names are errors of the name field, not of the whole form.
FIELD_FOR_CODE = {"places.community_name_taken": "name", "places.grid_name_taken": "name"}
#: htmx event that tells the overview to refresh itself.
PLACES_CHANGED = "placesChanged"


def community_form(request: Request, form: FormState | None = None) -> dict[str, Any]:
    """The context of ``places/partials/community_form.html`` (also on the overview page)."""
    _ = translator(request)
    return {
        "form": form or FormState(values={"kind": CommunityKind.URBAN.value}),
        "kind_options": [(value, _(label)) for value, label in COMMUNITY_KINDS],
        "added": None,
    }


class PlacesController(Controller):
    path = "/t/{slug:str}/communities"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/new", name="places.new_community", guards=[requires(Role.TENANT_ADMIN)])
    async def new_community(self, request: Request) -> Response[Any]:
        return render(request, "places/new_community.html", community_form(request))

    @post("/", name="places.add_community", guards=[requires(Role.TENANT_ADMIN)])
    async def add_community(
        self, request: Request, member: NamedDependency[Member]
    ) -> Response[Any]:
        values = await read_form(request, COMMUNITY_FIELDS)
        _ = translator(request)
        try:
            community = await create_community(member.scope, CommunityInput(**values))
        except (InvalidInput, Conflict) as error:
            form = failed(values, error, _, field_for_code=FIELD_FOR_CODE)
            return render(
                request,
                "places/new_community.html",
                community_form(request, form),
                fragment="places/partials/community_form.html",
                status_code=422,
            )
        if not wants_fragment(request):
            return Redirect(f"/t/{member.tenant.slug}/communities/{community.id}", status_code=303)
        form = FormState(
            values={"kind": community.kind},
            notice=_("Community “{name}” added.", name=community.name),
        )
        return render(
            request,
            "places/partials/community_form.html",
            {**community_form(request, form), "added": community},
            headers={"HX-Trigger": PLACES_CHANGED},
        )

    @get("/{community_id:int}", name="places.community")
    async def community(
        self, request: Request, member: NamedDependency[Member], community_id: FromPath[int]
    ) -> Response[Any]:
        return await self._community_page(request, member, community_id, FormState())

    @post("/{community_id:int}/grids", name="places.add_grid", guards=[requires(*STRUCTURE_ROLES)])
    async def add_grid(
        self, request: Request, member: NamedDependency[Member], community_id: FromPath[int]
    ) -> Response[Any]:
        values = await read_form(request, GRID_FIELDS)
        try:
            grid = await create_grid(member.scope, GridInput(community_id=community_id, **values))
        except (InvalidInput, Conflict) as error:
            form = failed(values, error, translator(request), field_for_code=FIELD_FOR_CODE)
            return await self._community_page(request, member, community_id, form, status=422)
        if not wants_fragment(request):
            url = f"/t/{member.tenant.slug}/communities/{community_id}#grids"
            return Redirect(url, status_code=303)
        _ = translator(request)
        form = FormState(notice=_("Grid “{name}” added.", name=grid.name))
        return await self._community_page(request, member, community_id, form)

    async def _community_page(
        self,
        request: Request,
        member: Member,
        community_id: int,
        form: FormState,
        status: int = 200,
    ) -> Response[Any]:
        """The community page, or its grid section for htmx (after adding a grid)."""
        community = await get_community(member.scope, community_id)  # NotFound: other tenant
        context = {
            "community": community,
            "kinds": dict(COMMUNITY_KINDS),
            "grids": await list_grids(member.scope, community_id=community.id),
            "can_add_grid": member.actor.manages_community(community.id),
            "form": form,
        }
        return render(
            request,
            "places/community.html",
            context,
            fragment="places/partials/grids.html",
            status_code=status,
        )
