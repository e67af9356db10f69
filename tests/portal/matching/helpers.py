"""A small tenant for the matching pages, on the needs pages' world: a need of 东村第一网格
taking sign-ups (it asks for 助老服务), a shift next week, and volunteers who fit it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.shifts.schemas import ShiftInput, ShiftOut
from coalition.shifts.services import create_shift
from coalition.testing.factories import VolunteerFactory
from tests.portal.conftest import Workspace, person_with_login
from tests.portal.needs.helpers import World, needs_world, next_week, volunteer

#: Available every day, all day.
ALWAYS = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


@dataclass
class Matching:
    w: World
    need_id: int
    shift: ShiftOut

    @property
    def slug(self) -> str:
        return self.w.slug

    def url(self, tail: str = "") -> str:
        return f"/t/{self.w.slug}/matching{tail}"

    @property
    def suggestions(self) -> str:
        return self.url(f"/shifts/{self.shift.id}")


def fitting(w: World, **values: Any) -> dict[str, Any]:
    """What makes a volunteer fit the world's need any day of the week."""
    values.setdefault("skills", ["助老服务"])
    values.setdefault("availability", ALWAYS)
    values.setdefault("home_grid", w.grid)
    values.setdefault("max_hours_week", 20)
    return values


async def helper(w: World, name: str, **values: Any) -> Any:
    """A volunteer who fits the need (without a login)."""
    return await volunteer(w.tenant_id, name, **fitting(w, **values))


async def helper_with_login(w: World, username: str, **values: Any) -> Any:
    """A volunteer who fits the need and signs in as ``username`` (named ``username同志``)."""
    person_id = await person_with_login(w.tenant_id, username, {"role": "volunteer"})
    return await VolunteerFactory.create(
        tenant=w.tenant_id, person=person_id, **fitting(w, **values)
    )


async def pool_need(w: World, **changes: Any) -> int:
    """A need posted by the grid worker and put in the volunteer pool: it takes sign-ups."""
    need_id = await w.need(**changes)
    await dispatch_need(w.staff_scope(), need_id, DispatchInput(kind="pool"))
    return need_id


async def next_week_shift(w: World, need_id: int, *, headcount: int = 2, hour: int = 9) -> ShiftOut:
    return await create_shift(
        w.staff_scope(),
        ShiftInput(
            need_id=need_id,
            starts_at=next_week(hour),
            ends_at=next_week(hour + 2),
            place="幸福路12号",
            headcount=headcount,
        ),
    )


async def matching_world(workspace: Workspace, **need: Any) -> Matching:
    w = await needs_world(workspace)
    need_id = await pool_need(w, **need)
    return Matching(w=w, need_id=need_id, shift=await next_week_shift(w, need_id))
