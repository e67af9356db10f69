"""What every report shares: who may read, the period, and portable SQL aggregates.

The aggregates are Piccolo query strings, used inside ``q.select(...)`` so that the tenant
scope adds its filter as it does to every query. Conditional aggregates use
``FILTER (WHERE ...)`` (PostgreSQL, and SQLite since 3.30); a median is
``percentile_cont`` on PostgreSQL and an ordered ``OFFSET`` on SQLite, which has no
percentile function.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from piccolo.columns import Column
from piccolo.querystring import QueryString

from coalition.db import current_engine, is_postgres
from coalition.errors import Checker
from coalition.tenancy import Role, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_zone

#: Longest period a report covers, in days (ten years).
MAX_PERIOD_DAYS = 3660


def require_reader(scope: TenantScope) -> None:
    """Anyone with a role in the tenant may read its reports."""
    scope.actor.require(*Role, action="read reports")


def check_period(start: date, end: date, check: Checker | None = None) -> Checker:
    check = check or Checker()
    if end < start:
        check.add("end", "reports.end_before_start", "The end date is before the start date.")
    elif (end - start).days >= MAX_PERIOD_DAYS:
        check.add(
            "end",
            "reports.period_too_long",
            f"A report covers at most {MAX_PERIOD_DAYS} days.",
            max_days=MAX_PERIOD_DAYS,
        )
    return check


async def bounds(q: TenantQueries, start: date, end: date) -> tuple[datetime, datetime]:
    """The period as instants ``[from, until)``: midnight before ``start`` up to midnight
    after ``end``, in the tenant's time zone."""
    zone = await tenant_zone(q.tenant_id)
    return (
        datetime.combine(start, time(), zone),
        datetime.combine(end + timedelta(days=1), time(), zone),
    )


def within(column: Column, since: datetime, until: datetime) -> Any:
    """``since <= column < until`` (a timestamp inside the period)."""
    return (column >= since) & (column < until)


def count_if(condition: Any, alias: str) -> QueryString:
    """How many rows of the group meet ``condition`` (a Piccolo where clause)."""
    return QueryString("COUNT(*) FILTER (WHERE {})", condition.querystring, alias=alias)


def sum_if(column: Column, condition: Any, alias: str) -> QueryString:
    """The sum of ``column`` over the rows that meet ``condition``; 0 when there are none."""
    return QueryString(
        "COALESCE(SUM({}) FILTER (WHERE {}), 0)", column, condition.querystring, alias=alias
    )


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _hours_between(since: Column, until: Column, alias: str = "hours") -> QueryString:
    if is_postgres(current_engine()):
        return QueryString("EXTRACT(EPOCH FROM ({} - {})) / 3600.0", until, since, alias=alias)
    return QueryString("(julianday({}) - julianday({})) * 24.0", until, since, alias=alias)


async def median_hours(
    q: TenantQueries, table: Any, since: Column, until: Column, *where: Any
) -> float | None:
    """The median of ``until - since`` in hours over the rows of ``table`` meeting ``where``
    (rows where either is null are skipped); ``None`` when there is no such row."""
    where = (*where, since.is_not_null(), until.is_not_null())
    if is_postgres(current_engine()):
        median = QueryString(
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY {})",
            _hours_between(since, until),
            alias="median",
        )
        row = await q.select(table, median).where(*where).first()
        return None if row is None or row["median"] is None else float(row["median"])
    count = await q.count(table).where(*where)
    if not count:
        return None
    middle = await (
        q.select(table, _hours_between(since, until))
        .where(*where)
        .order_by(_hours_between(since, until))
        .offset((count - 1) // 2)
        .limit(1 if count % 2 else 2)
    )
    return sum(float(row["hours"]) for row in middle) / len(middle)
