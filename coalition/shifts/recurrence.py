"""Weekly shifts: a series makes one ordinary shift per week, in the tenant's time zone.

"Every Saturday 09:00-11:30 from 1 March to 30 June" is read in ``Tenant.time_zone``, so a
shift keeps its local time across a daylight-saving change (09:00 in Berlin is 08:00 UTC in
winter and 07:00 UTC in summer; Asia/Shanghai has no such change). An end time before the
start time runs past midnight (a night patrol 22:00-06:00). A local time that does not exist
on the night clocks go forward is read with the offset before the change (02:30 becomes
03:30); an ambiguous one on the night they go back is its first occurrence. Occurrences
that would start in the past are not made; a series makes at most
:data:`~coalition.shifts.schemas.MAX_OCCURRENCES` shifts. Cancelling a series cancels
its occurrences that have not started; those already served stay.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coalition.errors import Checker
from coalition.needs.lifecycle import need_for_update
from coalition.shifts.access import require_shift_manager
from coalition.shifts.schemas import MAX_OCCURRENCES, SeriesInput, SeriesOut, ShiftOut, ShiftStatus
from coalition.shifts.services import (
    SHIFT_COLUMNS,
    cancel_shifts,
    check_headcount,
    require_shifts_allowed,
    shifts_out,
)
from coalition.shifts.tables import Shift, ShiftSeries
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def parse_hhmm(value: str) -> time | None:
    match = _HHMM.match(value or "")
    return time(int(match[1]), int(match[2])) if match else None


def first_on_weekday(first_date: date, weekday: int) -> date:
    return first_date + timedelta(days=(weekday - first_date.weekday()) % 7)


def occurrence_dates(weekday: int, first_date: date, last_date: date) -> list[date]:
    day = first_on_weekday(first_date, weekday)
    days = []
    while day <= last_date:
        days.append(day)
        day += timedelta(days=7)
    return days


def local_span(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The shift of ``day`` from ``start`` to ``end`` local time, in UTC."""
    starts_at = datetime.combine(day, start, tzinfo=zone)
    end_day = day if end > start else day + timedelta(days=1)
    ends_at = datetime.combine(end_day, end, tzinfo=zone)
    return starts_at.astimezone(UTC), ends_at.astimezone(UTC)


def occurrences(
    weekday: int, start: time, end: time, first_date: date, last_date: date, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Every occurrence of the weekly rule, as UTC (start, end) pairs."""
    return [
        local_span(d, start, end, zone) for d in occurrence_dates(weekday, first_date, last_date)
    ]


def _check(data: SeriesInput) -> tuple[time, time]:
    check = Checker()
    check.in_range("weekday", data.weekday, 0, 6)
    start, end = parse_hhmm(data.start_time), parse_hhmm(data.end_time)
    if start is None:
        check.add("start_time", "invalid_time", "Give the time as HH:MM, e.g. 09:30.")
    if end is None:
        check.add("end_time", "invalid_time", "Give the time as HH:MM, e.g. 09:30.")
    elif start == end:
        check.add("end_time", "ends_at_start", "A shift must end after it starts.")
    if data.last_date < data.first_date:
        check.add("last_date", "before_first_date", "The last date cannot be before the first.")
    elif 0 <= data.weekday <= 6:
        count = len(occurrence_dates(data.weekday, data.first_date, data.last_date))
        if count == 0:
            check.add("last_date", "no_occurrences", "No such weekday falls between these dates.")
        elif count > MAX_OCCURRENCES:
            check.add(
                "last_date",
                "too_many_occurrences",
                f"A series makes at most {MAX_OCCURRENCES} shifts; this one would make {count}.",
                max=MAX_OCCURRENCES,
                count=count,
            )
    check_headcount(check, data.headcount)
    check.optional("place", data.place, max_length=300)
    check.raise_if_any()
    assert start is not None and end is not None
    return start, end


async def create_series(
    scope: TenantScope, data: SeriesInput, *, now: datetime | None = None
) -> SeriesOut:
    """Plan a weekly shift; every occurrence from now on becomes a shift of the need."""
    at = utc_now(now)
    start, end = _check(data)
    zone = await tenant_zone(scope.tenant_id)
    spans = [
        span
        for span in occurrences(data.weekday, start, end, data.first_date, data.last_date, zone)
        if span[0] > at
    ]
    if not spans:
        check = Checker()
        check.add("last_date", "no_occurrences", "Every occurrence would be in the past.")
        check.raise_if_any()
    async with scope.write() as q:
        need = await need_for_update(q, data.need_id)
        require_shift_manager(scope.actor, need, action="plan shifts of this need")
        require_shifts_allowed(need)
        series = await q.create(
            ShiftSeries,
            need=need.id,
            weekday=data.weekday,
            start_time=data.start_time,
            end_time=data.end_time,
            first_date=data.first_date,
            last_date=data.last_date,
            place=data.place.strip(),
            headcount=data.headcount,
        )
        shifts = [
            q.new(
                Shift,
                need=need.id,
                series=series.id,
                starts_at=starts_at,
                ends_at=ends_at,
                place=series.place,
                headcount=data.headcount,
                created_at=at,
                updated_at=at,
            )
            for starts_at, ends_at in spans
        ]
        await q.add(*shifts)
        return _series_out(series, await shifts_out(q, shifts))


def _series_out(series: ShiftSeries, shifts: list[ShiftOut]) -> SeriesOut:
    return SeriesOut(
        id=series.id,
        need_id=series.need,
        weekday=series.weekday,
        start_time=series.start_time,
        end_time=series.end_time,
        first_date=series.first_date,
        last_date=series.last_date,
        place=series.place,
        headcount=series.headcount,
        shifts=shifts,
    )


async def get_series(scope: TenantScope, series_id: int) -> SeriesOut:
    async with scope.read() as q:
        series = await q.get(ShiftSeries, series_id, what="Shift series")
        rows = await (
            q.select(Shift, *SHIFT_COLUMNS)
            .where(Shift.series == series.id)
            .order_by(Shift.starts_at)
        )
        return _series_out(series, await shifts_out(q, rows))


async def cancel_series(
    scope: TenantScope, series_id: int, *, reason: str = "", now: datetime | None = None
) -> list[int]:
    """Cancel the series' scheduled shifts that have not started; returns their ids."""
    at = utc_now(now)
    check = Checker()
    check.optional("reason", reason, max_length=500)
    check.raise_if_any()
    async with scope.write() as q:
        series = await q.get(ShiftSeries, series_id, what="Shift series")
        need = await need_for_update(q, series.need)
        require_shift_manager(scope.actor, need, action="cancel shifts of this need")
        require_shifts_allowed(need)
        rows = await (
            q.select(Shift, Shift.id)
            .where(Shift.series == series.id)
            .where(Shift.status == ShiftStatus.SCHEDULED)
            .where(Shift.starts_at > at)
            .order_by(Shift.id)
        )
        ids = [row["id"] for row in rows]
        await cancel_shifts(q, scope.actor, need, ids, reason=reason, now=at)
    return ids
