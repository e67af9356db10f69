"""A small tenant for the shift tests: two villages, a need taking sign-ups, and people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.shifts import services
from coalition.shifts.schemas import ShiftInput, ShiftOut
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    CommunityFactory,
    GridFactory,
    NeedFactory,
    PersonFactory,
    VolunteerFactory,
)

#: Monday 1 June 2026, 08:00 in Shanghai (the tenants' time zone unless a test says so).
NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


def day(n: int, hour: int = 1, minute: int = 0) -> datetime:
    """``n`` days after NOW, at ``hour`` UTC (09:00 Shanghai for hour=1)."""
    return NOW + timedelta(days=n, hours=hour, minutes=minute)


async def person(tenant_id: int, *roles: Role, **covers: Any) -> TenantScope:
    row = await PersonFactory.create(tenant=tenant_id)
    actor = Actor(
        person_id=row.id,
        roles=frozenset(roles),
        **{key: frozenset(ids) for key, ids in covers.items()},
    )
    return TenantScope(tenant_id, actor)


async def volunteer(tenant_id: int, **values: Any) -> tuple[Volunteer, TenantScope]:
    """A volunteer and the scope of their person, signed in with the volunteer role."""
    row = await VolunteerFactory.create(tenant=tenant_id, **values)
    actor = Actor(person_id=row.person, roles=frozenset({Role.VOLUNTEER}))
    return row, TenantScope(tenant_id, actor)


@dataclass
class World:
    tenant_id: int
    village: int  # 东村
    grid: int  # 东村第一网格
    grid2: int  # 东村第二网格
    other_village: int  # 西村
    other_grid: int
    need: int  # accepted, in 东村第一网格
    admin: TenantScope
    staff: TenantScope  # 东村 office
    other_staff: TenantScope  # 西村 office

    async def shift(
        self,
        starts_at: datetime,
        *,
        hours: float = 2,
        headcount: int = 2,
        need: int | None = None,
        place: str = "幸福路12号",
    ) -> ShiftOut:
        data = ShiftInput(
            need_id=need or self.need,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            place=place,
            headcount=headcount,
        )
        return await services.create_shift(self.admin, data, now=NOW)

    async def new_need(self, **values: Any) -> int:
        values.setdefault("grid", self.grid)
        values.setdefault("state", "accepted")
        return (await NeedFactory.create(tenant=self.tenant_id, **values)).id


async def world(tenant_id: int) -> World:
    village = await CommunityFactory.create(tenant=tenant_id, name="东村")
    other_village = await CommunityFactory.create(tenant=tenant_id, name="西村")
    grid = await GridFactory.create(tenant=tenant_id, community=village, name="东村第一网格")
    grid2 = await GridFactory.create(tenant=tenant_id, community=village, name="东村第二网格")
    other_grid = await GridFactory.create(
        tenant=tenant_id, community=other_village, name="西村第一网格"
    )
    need = await NeedFactory.create(
        tenant=tenant_id, grid=grid, state="accepted", title="帮独居老人王奶奶买菜"
    )
    return World(
        tenant_id=tenant_id,
        village=village.id,
        grid=grid.id,
        grid2=grid2.id,
        other_village=other_village.id,
        other_grid=other_grid.id,
        need=need.id,
        admin=await person(tenant_id, Role.TENANT_ADMIN),
        staff=await person(tenant_id, Role.COMMUNITY_STAFF, communities={village.id}),
        other_staff=await person(tenant_id, Role.COMMUNITY_STAFF, communities={other_village.id}),
    )


@dataclass
class Heard:
    """Every event of the working cycle delivered after commit, in order."""

    events: list[events.Event] = field(default_factory=list)

    async def __call__(self, event: events.Event) -> None:
        if not event.name.startswith("outbox."):  # the outbox announcing itself
            self.events.append(event)

    def names(self) -> list[str]:
        return [e.name for e in self.events]

    def of(self, name: str) -> list[dict[str, Any]]:
        return [e.data for e in self.events if e.name == name]

    def clear(self) -> None:
        self.events.clear()
