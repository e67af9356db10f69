"""Hours served over a period: by volunteer, organisation, unit, community and alliance.

One aggregate query over ``hours_record`` per report: where the time was served is copied
onto each record, so no join is needed to group it. Names are looked up afterwards, for
the rows returned only. Rows are sorted by verified minutes, then pending minutes, then id;
rejected records never count. Records without the grouping column (hours served with no
organisation, say) are left out of that report but counted in :func:`hours_totals`.

A one-year report adds up about half a million records at the scale of bench/reports.py;
the covering index of hours migration 2026-11-26T16:20 makes that an index-only scan.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.columns import Column
from piccolo.query.functions.aggregate import Count, Sum
from piccolo.querystring import QueryString
from piccolo.table import Table

from coalition.actors.tables import Organisation, Unit, Volunteer
from coalition.alliances.tables import Alliance
from coalition.hours.tables import HoursRecord
from coalition.places.tables import Community
from coalition.reports._common import check_period, count_if, require_reader, sum_if
from coalition.reports.schemas import HoursRow, HoursTotals, VolunteerRanking
from coalition.tenancy import TenantQueries, TenantScope

VERIFIED = "verified"
PENDING = "pending"
REJECTED = "rejected"

#: Most rows a report returns.
MAX_LIMIT = 1000

_R = HoursRecord


def _period(start: date, end: date) -> Any:
    return (_R.served_on >= start) & (_R.served_on <= end)


def _minutes_and_records() -> tuple[Any, ...]:
    verified, pending = _R.status == VERIFIED, _R.status == PENDING
    return (
        sum_if(_R.minutes, verified, "verified_minutes"),
        sum_if(_R.minutes, pending, "pending_minutes"),
        count_if(verified, "verified_records"),
        count_if(pending, "pending_records"),
    )


async def _names(q: TenantQueries, table: type[Table], ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    if table is Volunteer:
        name: Any = Volunteer.person._.name.as_alias("name")
    else:
        name = table._meta.get_column_by_name("name")
    pk = table._meta.primary_key
    rows = await q.select(table, pk.as_alias("id"), name).where(pk.is_in(ids))
    return {row["id"]: row["name"] for row in rows}


async def _hours_by(
    scope: TenantScope,
    key: Column,
    named: type[Table],
    start: date,
    end: date,
    limit: int | None,
    *,
    counted: bool = False,
) -> tuple[int, list[HoursRow]]:
    """The rows of one report, and (``counted=True``) how many groups there are in all."""
    require_reader(scope)
    check = check_period(start, end)
    if limit is not None:
        check.in_range("limit", limit, 1, MAX_LIMIT)
    check.raise_if_any()
    verified_minutes, pending_minutes, *_ = _minutes_and_records()
    # Every group is built before ORDER BY and LIMIT, so counting them is free.
    groups = [QueryString("COUNT(*) OVER ()", alias="groups")] if counted else []
    async with scope.read() as q:
        select = (
            q.select(_R, key.as_alias("key"), *_minutes_and_records(), *groups)
            .where(_period(start, end), _R.status.is_in([VERIFIED, PENDING]), key.is_not_null())
            .group_by(key)
            .order_by(verified_minutes, pending_minutes, ascending=False)
            .order_by(key)
        )
        if limit is not None:
            select = select.limit(limit)
        rows = await select
        names = await _names(q, named, [row["key"] for row in rows])
    total = int(rows[0]["groups"]) if counted and rows else len(rows)
    return total, [
        HoursRow(
            id=row["key"],
            name=names.get(row["key"], ""),
            verified_minutes=int(row["verified_minutes"]),
            pending_minutes=int(row["pending_minutes"]),
            verified_records=int(row["verified_records"]),
            pending_records=int(row["pending_records"]),
        )
        for row in rows
    ]


async def hours_by_volunteer(
    scope: TenantScope, *, start: date, end: date, limit: int = 100
) -> VolunteerRanking:
    """The volunteers who served most in the period (at most ``limit``, 1 to 1000), and
    how many served in all."""
    volunteers, rows = await _hours_by(
        scope, _R.volunteer, Volunteer, start, end, limit, counted=True
    )
    return VolunteerRanking(start=start, end=end, volunteers=volunteers, rows=rows)


async def hours_by_organisation(
    scope: TenantScope, *, start: date, end: date, limit: int | None = None
) -> list[HoursRow]:
    """Hours served with each social organisation."""
    return (await _hours_by(scope, _R.organisation, Organisation, start, end, limit))[1]


async def hours_by_unit(
    scope: TenantScope, *, start: date, end: date, limit: int | None = None
) -> list[HoursRow]:
    """Hours served with each unit (enterprise, institution, office) of the area."""
    return (await _hours_by(scope, _R.unit, Unit, start, end, limit))[1]


async def hours_by_community(
    scope: TenantScope, *, start: date, end: date, limit: int | None = None
) -> list[HoursRow]:
    """Hours served in each community or village."""
    return (await _hours_by(scope, _R.community, Community, start, end, limit))[1]


async def hours_by_alliance(
    scope: TenantScope, *, start: date, end: date, limit: int | None = None
) -> list[HoursRow]:
    """Hours served on the work of each party-building alliance."""
    return (await _hours_by(scope, _R.alliance, Alliance, start, end, limit))[1]


async def hours_totals(scope: TenantScope, *, start: date, end: date) -> HoursTotals:
    """Every record of the period, by status (rejected ones too)."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    async with scope.read() as q:
        rows = await (
            q.select(_R, _R.status, Sum(_R.minutes, alias="minutes"), Count(alias="records"))
            .where(_period(start, end))
            .group_by(_R.status)
        )
    by_status = {row["status"]: (int(row["minutes"]), int(row["records"])) for row in rows}
    verified, pending, rejected = (by_status.get(s, (0, 0)) for s in (VERIFIED, PENDING, REJECTED))
    return HoursTotals(
        start=start,
        end=end,
        verified_minutes=verified[0],
        pending_minutes=pending[0],
        verified_records=verified[1],
        pending_records=pending[1],
        rejected_minutes=rejected[0],
        rejected_records=rejected[1],
    )
