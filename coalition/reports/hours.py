"""Hours served over a period: by volunteer, organisation, unit, community and alliance.

Whole years and months of the period are read from ``hours_rollup`` (kept in step with
every record by database triggers), the loose days at either end from ``hours_record``,
where the place of service is copied onto each record so no join is needed. Names are
looked up afterwards, for the rows returned only. Rows are sorted by verified minutes,
then pending minutes, then id; rejected records never count. Records without the
grouping column (hours served with no organisation, say) are left out of that report but
counted in :func:`hours_totals`.

At the scale of bench/reports.py a calendar year is one roll-up row per volunteer and
status instead of half a million records.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.query.functions.aggregate import Count, Sum
from piccolo.querystring import QueryString
from piccolo.table import Table

from coalition.actors.tables import Organisation, Unit, Volunteer
from coalition.alliances.tables import Alliance
from coalition.hours.tables import HoursRecord, HoursRollup
from coalition.places.tables import Community
from coalition.reports import periods
from coalition.reports._common import check_period, require_reader, sum_if
from coalition.reports.schemas import HoursRow, HoursTotals, VolunteerRanking
from coalition.tenancy import TenantQueries, TenantScope

VERIFIED = "verified"
PENDING = "pending"
REJECTED = "rejected"

#: Most rows a report returns.
MAX_LIMIT = 1000

_R = HoursRecord
_U = HoursRollup


Sums = dict[int, dict[str, list[int]]]  # key -> status -> [minutes, records]


async def _sums(
    q: TenantQueries,
    dimension: str,
    column: Column | None,
    start: date,
    end: date,
    statuses: list[str],
) -> Sums:
    """Minutes and records by key and status: whole years and months from the roll-up,
    the loose days at either end from the records."""
    sums: Sums = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    parts = periods.split(start, end)
    for grain, starts in (("year", parts.years), ("month", parts.months)):
        if not starts:
            continue
        rows = await (
            q.select(
                _U,
                _U.key,
                _U.status,
                Sum(_U.minutes, alias="minutes"),
                Sum(_U.records, alias="records"),
            )
            .where(_U.grain == grain, _U.dimension == dimension)
            .where(_U.period.is_in(starts), _U.status.is_in(statuses))
            .group_by(_U.key, _U.status)
        )
        for row in rows:
            cell = sums[row["key"]][row["status"]]
            cell[0] += int(row["minutes"] or 0)
            cell[1] += int(row["records"] or 0)
    for first, last in parts.days:
        key: Any = column.as_alias("key") if column is not None else QueryString("0", alias="key")
        select = q.select(
            _R, key, _R.status, Sum(_R.minutes, alias="minutes"), Count(alias="records")
        ).where(_R.served_on >= first, _R.served_on <= last, _R.status.is_in(statuses))
        if column is not None:
            select = select.where(column.is_not_null()).group_by(column, _R.status)
        else:
            select = select.group_by(_R.status)
        for row in await select:
            cell = sums[row["key"]][row["status"]]
            cell[0] += int(row["minutes"] or 0)
            cell[1] += int(row["records"] or 0)
    return sums


async def _ranked_from_rollup(
    q: TenantQueries, dimension: str, parts: periods.Split, limit: int | None
) -> tuple[int, list[HoursRow]]:
    """One query over the roll-up: grouped, sorted and cut in the database, with the
    number of groups counted alongside (every group exists before LIMIT applies)."""
    verified, pending = _U.status == VERIFIED, _U.status == PENDING
    spans = [(_U.grain == "year") & _U.period.is_in(parts.years)] if parts.years else []
    if parts.months:
        spans.append((_U.grain == "month") & _U.period.is_in(parts.months))
    where = spans[0] if len(spans) == 1 else spans[0] | spans[1]
    select = (
        q.select(
            _U,
            _U.key,
            sum_if(_U.minutes, verified, "verified_minutes"),
            sum_if(_U.minutes, pending, "pending_minutes"),
            sum_if(_U.records, verified, "verified_records"),
            sum_if(_U.records, pending, "pending_records"),
            QueryString("COUNT(*) OVER ()", alias="groups"),
        )
        .where(_U.dimension == dimension, _U.status.is_in([VERIFIED, PENDING]), where)
        .group_by(_U.key)
        .having(QueryString("SUM({}) > 0", _U.records))
        .order_by(QueryString("verified_minutes"), QueryString("pending_minutes"), ascending=False)
        .order_by(_U.key)
    )
    if limit is not None:
        select = select.limit(limit)
    rows = await select
    return (int(rows[0]["groups"]) if rows else 0), [
        HoursRow(
            id=row["key"],
            name="",
            verified_minutes=int(row["verified_minutes"]),
            pending_minutes=int(row["pending_minutes"]),
            verified_records=int(row["verified_records"]),
            pending_records=int(row["pending_records"]),
        )
        for row in rows
    ]


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
) -> tuple[int, list[HoursRow]]:
    """The rows of one report, and how many groups there are in all."""
    require_reader(scope)
    check = check_period(start, end)
    if limit is not None:
        check.in_range("limit", limit, 1, MAX_LIMIT)
    check.raise_if_any()
    dimension = key._meta.name
    parts = periods.split(start, end)
    async with scope.read() as q:
        if not parts.days:  # whole months and years: rank in the database
            total, rows = await _ranked_from_rollup(q, dimension, parts, limit)
            names = await _names(q, named, [row.id for row in rows])
            return total, [msgspec.structs.replace(r, name=names.get(r.id, "")) for r in rows]
        sums = await _sums(q, dimension, key, start, end, [VERIFIED, PENDING])
        groups = [
            (k, by[VERIFIED], by[PENDING])
            for k, by in sums.items()
            if by[VERIFIED][1] > 0 or by[PENDING][1] > 0
        ]
        groups.sort(key=lambda g: (-g[1][0], -g[2][0], g[0]))
        shown = groups if limit is None else groups[:limit]
        names = await _names(q, named, [g[0] for g in shown])
    return len(groups), [
        HoursRow(
            id=k,
            name=names.get(k, ""),
            verified_minutes=verified[0],
            pending_minutes=pending[0],
            verified_records=verified[1],
            pending_records=pending[1],
        )
        for k, verified, pending in shown
    ]


async def hours_by_volunteer(
    scope: TenantScope, *, start: date, end: date, limit: int = 100
) -> VolunteerRanking:
    """The volunteers who served most in the period (at most ``limit``, 1 to 1000), and
    how many served in all."""
    volunteers, rows = await _hours_by(scope, _R.volunteer, Volunteer, start, end, limit)
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
        sums = await _sums(q, "total", None, start, end, [VERIFIED, PENDING, REJECTED])
    by_status = {status: tuple(cell) for status, cell in sums.get(0, {}).items()}
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
