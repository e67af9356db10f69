"""What a volunteer sees: open shifts near them, and their confirmed shifts ahead.

Open shifts are the scheduled shifts that have not started, of needs that take sign-ups;
full ones are listed too (signing up joins the waitlist). They come nearest first — the
volunteer's home grid, then the rest of its community, then elsewhere — and by start time
within each, a page at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition.actors.tables import Volunteer
from coalition.needs.lifecycle import can_take_signups
from coalition.needs.schemas import DispatchKind, NeedState
from coalition.places.tables import Grid
from coalition.shifts.access import check_page, volunteer_for
from coalition.shifts.placing import waitlists
from coalition.shifts.schemas import (
    LIVE_SIGNUP,
    CalendarShift,
    OpenShiftOut,
    OpenShiftPage,
    Proximity,
    ShiftStatus,
    SignUpStatus,
)
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import TenantQueries, TenantScope
from coalition.tenancy.clock import utc_now

_OPEN = (
    Shift.id,
    Shift.need,
    Shift.need.title,
    Shift.need.community,
    Shift.need.grid,
    Shift.starts_at,
    Shift.ends_at,
    Shift.place,
    Shift.headcount,
    Shift.confirmed,
)


def taking_signups() -> Any:
    """The condition on a shift's need that it takes sign-ups (``can_take_signups``)."""
    states = [s.value for s in NeedState if s != NeedState.DISPATCHED and can_take_signups(s)]
    where = Shift.need.state.is_in(states)
    if can_take_signups(NeedState.DISPATCHED, DispatchKind.POOL):
        pool = (Shift.need.state == NeedState.DISPATCHED) & (
            Shift.need.dispatch_kind == DispatchKind.POOL
        )
        where = where | pool
    return where


async def _tiers(q: TenantQueries, volunteer: Volunteer) -> list[tuple[str, Any]]:
    if volunteer.home_grid is None:
        return [(Proximity.ELSEWHERE, None)]
    grid = await q.get(Grid, volunteer.home_grid, what="Grid")
    return [
        (Proximity.GRID, Shift.need.grid == grid.id),
        (
            Proximity.COMMUNITY,
            (Shift.need.community == grid.community)
            & (Shift.need.grid.is_null() | (Shift.need.grid != grid.id)),
        ),
        (Proximity.ELSEWHERE, Shift.need.community != grid.community),
    ]


async def browse_open_shifts(
    scope: TenantScope,
    *,
    volunteer_id: int | None = None,
    limit: int = 20,
    offset: int = 0,
    now: datetime | None = None,
) -> OpenShiftPage:
    """Open shifts for the calling volunteer (or, for staff, the one named)."""
    check_page(limit, offset)
    at = utc_now(now)
    async with scope.read() as q:
        volunteer = await volunteer_for(q, scope.actor, volunteer_id)

        def query(select: Any, tier: Any) -> Any:
            select = (
                select.where(Shift.status == ShiftStatus.SCHEDULED)
                .where(Shift.starts_at > at)
                .where(taking_signups())
            )
            return select if tier is None else select.where(tier)

        found: list[tuple[str, dict[str, Any]]] = []
        total, skip = 0, offset
        for proximity, tier in await _tiers(q, volunteer):
            count = await query(q.count(Shift), tier)
            total += count
            wanted = limit - len(found)
            if wanted <= 0 or skip >= count:
                skip = max(0, skip - count)
                continue
            rows = await (
                query(q.select(Shift, *_OPEN), tier)
                .order_by(Shift.starts_at)
                .order_by(Shift.id)
                .offset(skip)
                .limit(wanted)
            )
            skip = 0
            found += [(proximity, row) for row in rows]
        ids = [row["id"] for _, row in found]
        lists = await waitlists(q, ids)
        mine = {
            r["shift"]: r["status"]
            for r in await q.select(SignUp, SignUp.shift, SignUp.status)
            .where(SignUp.volunteer == volunteer.id)
            .where(SignUp.shift.is_in(ids or [0]))
            .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
        }
    items = [
        OpenShiftOut(
            shift_id=row["id"],
            need_id=row["need"],
            need_title=row["need.title"],
            community_id=row["need.community"],
            grid_id=row["need.grid"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            place=row["place"],
            headcount=row["headcount"],
            confirmed=row["confirmed"],
            waitlisted=len(lists[row["id"]]),
            proximity=proximity,
            my_status=mine.get(row["id"]),
        )
        for proximity, row in found
    ]
    return OpenShiftPage(items=items, total=total, offset=offset, limit=limit)


async def upcoming_shifts(
    scope: TenantScope,
    *,
    volunteer_id: int | None = None,
    now: datetime | None = None,
    limit: int = 500,
) -> list[CalendarShift]:
    """A volunteer's confirmed shifts that have not ended, by start: the calendar feed."""
    at = utc_now(now)
    async with scope.read() as q:
        volunteer = await volunteer_for(q, scope.actor, volunteer_id)
        rows = await (
            q.select(
                SignUp,
                SignUp.shift,
                SignUp.shift.need,
                SignUp.shift._.need._.title,
                SignUp.shift._.need._.community._.name,
                SignUp.shift.starts_at,
                SignUp.shift.ends_at,
                SignUp.shift.place,
                SignUp.shift.updated_at,
            )
            .where(SignUp.volunteer == volunteer.id)
            .where(SignUp.status == SignUpStatus.CONFIRMED)
            .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
            .where(SignUp.shift.ends_at > at)
            .order_by(SignUp.shift.starts_at)
            .limit(limit)
        )
    return [
        CalendarShift(
            shift_id=r["shift"],
            need_id=r["shift.need"],
            title=r["shift.need.title"],
            starts_at=r["shift.starts_at"],
            ends_at=r["shift.ends_at"],
            place=r["shift.place"],
            updated_at=r["shift.updated_at"],
            description=r["shift.need.community.name"] or "",
        )
        for r in rows
    ]
