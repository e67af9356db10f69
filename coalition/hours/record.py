"""A volunteer's service record (志愿服务记录), and the hours waiting for a decision.

The service record sums a volunteer's verified and pending minutes over a date range, in
total and by need, by organisation or unit, and by month; rejected records and
attendance still under way count nowhere. A volunteer sees their own; anyone with a
staff role sees any volunteer's in the tenant.

The list of pending hours shows a coordinator the records they may decide on: tenant
admins every record, community staff those of their communities, coordinators those of
their organisations, liaisons those of their units. Oldest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from coalition.actors.tables import Volunteer
from coalition.errors import Checker, PermissionDenied
from coalition.hours._common import (
    DECIDER_ROLES,
    PAGE_MAX,
    RECORD_COLUMNS,
    records_out,
    require_staff_or_self,
)
from coalition.hours.schemas import (
    HoursPage,
    HoursStatus,
    MemberLine,
    PendingFilter,
    ServiceLine,
    ServiceRecordOut,
)
from coalition.hours.tables import HoursRecord
from coalition.tenancy import Actor, Role, TenantScope

_COUNTED = [HoursStatus.VERIFIED.value, HoursStatus.PENDING.value]
_SERVICE_COLUMNS = (
    HoursRecord.status,
    HoursRecord.minutes,
    HoursRecord.served_on,
    HoursRecord.need,
    HoursRecord.need.title,
    HoursRecord.organisation,
    HoursRecord.organisation.name,
    HoursRecord.unit,
    HoursRecord.unit.name,
)


def _check_range(check: Checker, start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        check.add("end", "before_start", "The range must end on or after its start.")


class _Sums:
    """Verified and pending minutes per group, in the order groups are first seen."""

    def __init__(self) -> None:
        self.minutes: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        self.names: dict[Any, str] = {}

    def add(self, key: Any, name: str | None, status: str, minutes: int) -> None:
        self.minutes[key][0 if status == HoursStatus.VERIFIED else 1] += minutes
        self.names.setdefault(key, name or "")

    def ordered(self, sort: Callable[[Any], Any]) -> list[tuple[Any, str, int, int]]:
        return [
            (key, self.names[key], verified, pending)
            for key, (verified, pending) in sorted(self.minutes.items(), key=sort)
        ]


def _by_need(item: tuple[Any, list[int]]) -> tuple[bool, int]:
    """Needs by id, with hours for no need last."""
    return (item[0] is None, item[0] or 0)


def _by_member(item: tuple[Any, list[int]]) -> tuple[bool, str, int]:
    """Organisations, then units, by id; hours served with neither last."""
    kind, member_id = item[0]
    return (kind is None, kind or "", member_id or 0)


async def service_record(
    scope: TenantScope,
    volunteer_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
) -> ServiceRecordOut:
    """Verified and pending minutes of a volunteer served from ``start`` to ``end``
    (inclusive; either may be open)."""
    check = Checker()
    _check_range(check, start, end)
    check.raise_if_any()
    async with scope.read() as q:
        volunteer = await q.get(Volunteer, volunteer_id, what="Volunteer")
        require_staff_or_self(scope.actor, volunteer.person, action="see this service record")
        where: Any = (HoursRecord.volunteer == volunteer.id) & HoursRecord.status.is_in(_COUNTED)
        if start is not None:
            where &= HoursRecord.served_on >= start
        if end is not None:
            where &= HoursRecord.served_on <= end
        rows = await q.select(HoursRecord, *_SERVICE_COLUMNS).where(where)
        person = await q.select(Volunteer, Volunteer.person.name).where(
            Volunteer.id == volunteer.id
        )
    by_need, by_member, by_month = _Sums(), _Sums(), _Sums()
    totals = {HoursStatus.VERIFIED.value: 0, HoursStatus.PENDING.value: 0}
    for row in rows:
        status, minutes = row["status"], row["minutes"]
        totals[status] += minutes
        by_need.add(row["need"], row["need.title"], status, minutes)
        if row["unit"] is not None:
            member: tuple[str | None, int | None] = ("unit", row["unit"])
            name = row["unit.name"]
        elif row["organisation"] is not None:
            member, name = ("organisation", row["organisation"]), row["organisation.name"]
        else:
            member, name = (None, None), ""
        by_member.add(member, name, status, minutes)
        by_month.add(row["served_on"].strftime("%Y-%m"), None, status, minutes)
    return ServiceRecordOut(
        volunteer_id=volunteer.id,
        person_id=volunteer.person,
        person_name=person[0]["person.name"],
        start=start,
        end=end,
        verified_minutes=totals[HoursStatus.VERIFIED.value],
        pending_minutes=totals[HoursStatus.PENDING.value],
        by_need=[
            ServiceLine(key=k, name=n, verified_minutes=v, pending_minutes=p)
            for k, n, v, p in by_need.ordered(_by_need)
        ],
        by_member=[
            MemberLine(kind=k[0], id=k[1], name=n, verified_minutes=v, pending_minutes=p)
            for k, n, v, p in by_member.ordered(_by_member)
        ],
        by_month=[
            ServiceLine(key=k, name=k, verified_minutes=v, pending_minutes=p)
            for k, n, v, p in by_month.ordered(lambda item: item[0])
        ],
    )


def _decidable(actor: Actor) -> Any | None:
    """The records the actor may decide on, or None for none at all."""
    if actor.has(Role.TENANT_ADMIN):
        return HoursRecord.id.is_not_null()
    covered: list[Any] = []
    if actor.has(Role.COMMUNITY_STAFF) and actor.communities:
        covered.append(HoursRecord.community.is_in(sorted(actor.communities)))
    if actor.has(Role.ORG_COORDINATOR) and actor.organisations:
        covered.append(HoursRecord.organisation.is_in(sorted(actor.organisations)))
    if actor.has(Role.UNIT_LIAISON) and actor.units:
        covered.append(HoursRecord.unit.is_in(sorted(actor.units)))
    if not covered:
        return None
    where = covered[0]
    for condition in covered[1:]:
        where |= condition
    return where


async def list_pending_hours(scope: TenantScope, filters: PendingFilter | None = None) -> HoursPage:
    """One page of pending records the caller may decide on, oldest first."""
    actor = scope.actor
    actor.require(*DECIDER_ROLES, action="see hours waiting for verification")
    f = filters or PendingFilter()
    check = Checker()
    check.in_range("limit", f.limit, 1, PAGE_MAX)
    if f.offset < 0:
        check.add("offset", "out_of_range", "The offset cannot be negative.")
    check.raise_if_any()
    decidable = _decidable(actor)
    if decidable is None:
        raise PermissionDenied(
            "Your roles cover no community, organisation or unit.",
            code="permission_denied",
            action="see hours waiting for verification",
        )
    where: Any = (HoursRecord.status == HoursStatus.PENDING.value) & decidable
    for column, value in (
        (HoursRecord.community, f.community_id),
        (HoursRecord.organisation, f.organisation_id),
        (HoursRecord.unit, f.unit_id),
        (HoursRecord.volunteer, f.volunteer_id),
    ):
        if value is not None:
            where &= column == value
    async with scope.read() as q:
        total = await q.count(HoursRecord).where(where)
        rows = await (
            q.select(HoursRecord, *RECORD_COLUMNS)
            .where(where)
            .order_by(HoursRecord.served_on)
            .order_by(HoursRecord.id)
            .limit(f.limit)
            .offset(f.offset)
        )
        items = await records_out(q, rows)
    return HoursPage(items=items, total=total, limit=f.limit, offset=f.offset)
