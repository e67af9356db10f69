"""A small world for the volunteer pages: places, volunteers who can sign in, needs and
shifts at known local times (Asia/Shanghai), and sign-ups made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition.actors.accounts import load_actor
from coalition.shifts.signups import sign_up
from coalition.tenancy import TenantScope
from coalition.tenancy.tables import Tenant
from coalition.testing.factories import (
    CommunityFactory,
    GridFactory,
    NeedFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.portal.conftest import person_with_login

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of ``day`` in Shanghai, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).astimezone(UTC)


def next_week(days: int = 7) -> date:
    return datetime.now(SHANGHAI).date() + timedelta(days=days)


def today() -> date:
    return datetime.now(SHANGHAI).date()


async def scope_of(tenant_id: int, person_id: int) -> TenantScope:
    return TenantScope(tenant_id=tenant_id, actor=await load_actor(tenant_id, person_id))


@dataclass
class Volunteer:
    username: str
    person_id: int
    volunteer_id: int


async def volunteer(tenant: Tenant, username: str, *, grid: Any = None, **values: Any) -> Volunteer:
    """A person who signs in as ``username`` with the volunteer role and a profile."""
    person_id = await person_with_login(tenant.id, username, {"role": "volunteer"})
    values.setdefault("max_hours_week", 40)
    row = await VolunteerFactory.create(tenant=tenant, person=person_id, home_grid=grid, **values)
    return Volunteer(username=username, person_id=person_id, volunteer_id=row.id)


async def places(tenant: Tenant) -> dict[str, Any]:
    """Two communities: 幸福里社区 (grids 第一网格, 第二网格) and 东北村社区 (村东网格)."""
    home = await CommunityFactory.create(tenant=tenant, name="幸福里社区")
    far = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    return {
        "home": home,
        "far": far,
        "grid": await GridFactory.create(tenant=tenant, community=home, name="第一网格"),
        "next_grid": await GridFactory.create(tenant=tenant, community=home, name="第二网格"),
        "far_grid": await GridFactory.create(tenant=tenant, community=far, name="村东网格"),
    }


async def shift(
    tenant: Tenant,
    *,
    title: str = "陪同独居老人就医",
    grid: Any = None,
    starts_at: datetime | None = None,
    hours: float = 2,
    headcount: int = 2,
    category: str = "elderly_care",
    place: str = "幸福路12号",
    **need_values: Any,
) -> Any:
    """A shift of a new accepted need (in ``grid``'s community when given)."""
    need = await NeedFactory.create(
        tenant=tenant, title=title, grid=grid, state="accepted", category=category, **need_values
    )
    starts_at = starts_at or local(next_week(), 9)
    return await ShiftFactory.create(
        tenant=tenant,
        need=need,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        headcount=headcount,
        place=place,
    )


async def signed_up(tenant: Tenant, who: Volunteer, shift_id: int) -> Any:
    """Sign ``who`` up through the service (so that the counters are right)."""
    return await sign_up(await scope_of(tenant.id, who.person_id), shift_id)
