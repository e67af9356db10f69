"""Reading what the feature cache holds: volunteers' profiles, their recent minutes and
attendance, and confirmed places on scheduled shifts — of everyone, or of some."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Count, Sum

from coalition.actors.tables import Volunteer
from coalition.db import chunks
from coalition.hours.schemas import HoursKind, HoursStatus
from coalition.hours.tables import HoursRecord
from coalition.matching.bookings import Booking
from coalition.matching.features import Stats, VolunteerData
from coalition.shifts.schemas import ShiftStatus, SignUpStatus
from coalition.shifts.tables import SignUp
from coalition.tenancy import TenantQueries

RECENT_DAYS = 30
IN_CHUNK = 1000


def _volunteer(row: dict[str, Any]) -> VolunteerData:
    return VolunteerData(
        id=row["id"],
        person=row["person"],
        active=bool(row["active"]),
        skills=tuple(row["skills"] or ()),
        availability=row["availability"],
        grid=row["home_grid"],
        community=row["home_grid.community"],
        organisation=row["organisation"],
        max_hours_week=row["max_hours_week"],
    )


_PROFILE = (
    Volunteer.id,
    Volunteer.person,
    Volunteer.active,
    Volunteer.skills,
    Volunteer.availability,
    Volunteer.home_grid,
    Volunteer.home_grid.community,
    Volunteer.organisation,
    Volunteer.max_hours_week,
)


async def profiles(
    q: TenantQueries, ids: Iterable[int] | None = None, above: int | None = None
) -> list[VolunteerData]:
    if ids is None:
        query = q.select(Volunteer, *_PROFILE)
        if above is not None:
            query = query.where(Volunteer.id > above)
        return [_volunteer(row) for row in await query]
    found = []
    for part in chunks(sorted(set(ids)), IN_CHUNK):
        rows = await q.select(Volunteer, *_PROFILE).where(Volunteer.id.is_in(part))
        found += [_volunteer(row) for row in rows]
    return found


async def _each(q: TenantQueries, query: Any, column: Any, ids: list[int] | None) -> list[Any]:
    if ids is None:
        return list(await query)
    rows = []
    for part in chunks(ids, IN_CHUNK):
        rows += await query.where(column.is_in(part))
    return rows


async def stats(
    q: TenantQueries, today: date, zone: ZoneInfo, ids: list[int] | None = None
) -> dict[int, Stats]:
    """Recent minutes (pending and verified, served in the last 30 days up to ``today``)
    and attendance (confirmed places on scheduled shifts that ended before today began,
    and how many of those were checked in on)."""
    cutoff = datetime.combine(today, datetime.min.time(), tzinfo=zone)
    recent = (
        q.select(HoursRecord, HoursRecord.volunteer, Sum(HoursRecord.minutes, alias="m"))
        .where(HoursRecord.status.is_in([HoursStatus.PENDING.value, HoursStatus.VERIFIED.value]))
        .where(HoursRecord.served_on >= today - timedelta(days=RECENT_DAYS - 1))
        .where(HoursRecord.served_on <= today)
        .group_by(HoursRecord.volunteer)
    )
    past = (
        q.select(SignUp, SignUp.volunteer, Count(alias="n"))
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
        .where(SignUp.shift.ends_at < cutoff)
        .group_by(SignUp.volunteer)
    )
    attended = (
        q.select(HoursRecord, HoursRecord.volunteer, Count(alias="n"))
        .where(HoursRecord.kind == HoursKind.ATTENDANCE.value)
        .where(HoursRecord.status != HoursStatus.REJECTED.value)
        .where(HoursRecord.shift.status == ShiftStatus.SCHEDULED)
        .where(HoursRecord.shift.ends_at < cutoff)
        .group_by(HoursRecord.volunteer)
    )
    figures: dict[int, list[int]] = {}
    for slot, query, column in (
        (0, recent, HoursRecord.volunteer),
        (1, past, SignUp.volunteer),
        (2, attended, HoursRecord.volunteer),
    ):
        for row in await _each(q, query, column, ids):
            figures.setdefault(row["volunteer"], [0, 0, 0])[slot] = int(
                row["m" if slot == 0 else "n"] or 0
            )
    return {vid: Stats(*values) for vid, values in figures.items()}


async def bookings(q: TenantQueries, horizon: int, ids: list[int] | None = None) -> list[Booking]:
    query = (
        q.select(
            SignUp, SignUp.volunteer, SignUp.shift, SignUp.shift.starts_at, SignUp.shift.ends_at
        )
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
        .where(SignUp.shift.ends_at > datetime.fromtimestamp(horizon, UTC))
    )
    return [
        Booking(
            volunteer_id=row["volunteer"],
            shift_id=row["shift"],
            starts=int(row["shift.starts_at"].timestamp()),
            ends=int(row["shift.ends_at"].timestamp()),
        )
        for row in await _each(q, query, SignUp.volunteer, ids)
    ]
