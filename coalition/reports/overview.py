"""The tenant overview shown on the dashboard: what the coalition is made of."""

from __future__ import annotations

import msgspec

from coalition.actors.tables import Organisation, SocialWorker, Unit, Volunteer
from coalition.alliances.tables import Agreement, Alliance
from coalition.places.tables import Community, Grid
from coalition.tenancy import TenantScope


class TenantOverview(msgspec.Struct, kw_only=True, frozen=True):
    communities: int
    grids: int
    organisations: int
    units: int
    volunteers: int
    active_volunteers: int
    social_workers: int
    alliances: int
    agreements: int


async def tenant_overview(scope: TenantScope) -> TenantOverview:
    scope.actor.require_member(action="see the overview")
    async with scope.read() as q:
        return TenantOverview(
            communities=await q.count(Community),
            grids=await q.count(Grid),
            organisations=await q.count(Organisation),
            units=await q.count(Unit),
            volunteers=await q.count(Volunteer),
            active_volunteers=await q.count(Volunteer).where(Volunteer.active.eq(True)),
            social_workers=await q.count(SocialWorker),
            alliances=await q.count(Alliance),
            agreements=await q.count(Agreement),
        )
