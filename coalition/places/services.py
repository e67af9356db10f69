"""Communities and the grids inside them."""

from __future__ import annotations

from typing import Any

from coalition.errors import Checker, Conflict
from coalition.places.schemas import (
    CommunityInput,
    CommunityKind,
    CommunityOut,
    GridInput,
    GridOut,
)
from coalition.places.tables import Community, Grid
from coalition.tenancy import Role, TenantScope
from coalition.tenancy.roles import STRUCTURE_ROLES

_COMMUNITY = (Community.id, Community.name, Community.kind, Community.township, Community.address)
_GRID = (Grid.id, Grid.community, Grid.community.name, Grid.name, Grid.code)


def _community(row: dict[str, Any]) -> CommunityOut:
    return CommunityOut(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        township=row["township"],
        address=row["address"],
    )


def _grid(row: dict[str, Any]) -> GridOut:
    return GridOut(
        id=row["id"],
        community_id=row["community"],
        community_name=row["community.name"],
        name=row["name"],
        code=row["code"],
    )


async def create_community(scope: TenantScope, data: CommunityInput) -> CommunityOut:
    scope.actor.require(Role.TENANT_ADMIN, action="create a community")
    check = Checker()
    check.required("name", data.name)
    check.choice("kind", data.kind, set(CommunityKind))
    check.optional("township", data.township, max_length=200)
    check.optional("address", data.address, max_length=300)
    check.raise_if_any()
    name = data.name.strip()
    async with scope.write() as q:
        if await q.exists(Community).where(Community.name == name):
            raise Conflict(
                f"A community named {name!r} exists already.",
                code="places.community_name_taken",
                name=name,
            )
        row = await q.create(
            Community,
            name=name,
            kind=data.kind,
            township=data.township.strip(),
            address=data.address.strip(),
        )
    return _community(row.to_dict())


async def list_communities(scope: TenantScope) -> list[CommunityOut]:
    scope.actor.require_member(action="see communities")
    async with scope.read() as q:
        rows = await q.select(Community, *_COMMUNITY).order_by(Community.name)
    return [_community(row) for row in rows]


async def get_community(scope: TenantScope, community_id: int) -> CommunityOut:
    scope.actor.require_member(action="see communities")
    async with scope.read() as q:
        row = await q.get(Community, community_id, what="Community")
    return _community(row.to_dict())


async def create_grid(scope: TenantScope, data: GridInput) -> GridOut:
    actor = scope.actor
    actor.require(*STRUCTURE_ROLES, action="create a grid")
    check = Checker()
    check.required("name", data.name)
    check.optional("code", data.code, max_length=64)
    check.raise_if_any()
    name = data.name.strip()
    async with scope.write() as q:
        # Looked up first: another tenant's community is NotFound, not a refusal.
        community = await q.get(Community, data.community_id, what="Community")
        actor.require_community(community.id, action="create a grid in this community")
        if await q.exists(Grid).where((Grid.community == community.id) & (Grid.name == name)):
            raise Conflict(
                f"{community.name} has a grid named {name!r} already.",
                code="places.grid_name_taken",
                name=name,
            )
        grid = await q.create(Grid, community=community.id, name=name, code=data.code.strip())
    return GridOut(
        id=grid.id,
        community_id=community.id,
        community_name=community.name,
        name=grid.name,
        code=grid.code,
    )


async def list_grids(scope: TenantScope, *, community_id: int | None = None) -> list[GridOut]:
    scope.actor.require_member(action="see grids")
    async with scope.read() as q:
        query = q.select(Grid, *_GRID).order_by(Grid.community.name).order_by(Grid.name)
        if community_id is not None:
            query = query.where(Grid.community == community_id)
        rows = await query
    return [_grid(row) for row in rows]
