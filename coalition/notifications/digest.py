"""A daily digest for coordinators: what waits for them today.

Tenant admins see the whole tenant; community staff their communities; organisation
coordinators and unit liaisons what was dispatched to, or is owned by, their member. The
digest lists needs short of volunteers (a scheduled shift ahead with fewer confirmed
volunteers than its headcount), hours waiting for verification, and commitment items past
their deadline. An empty digest is not sent, nor one the person turned off.

It is written once per person and local day (dedupe key ``digest:<day>:<person>``) at or
after the digest hour in the tenant's time zone, so an hourly cron that runs late, twice
or on several workers sends it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Count

from coalition.actors.tables import Membership
from coalition.alliances.schemas import ItemStatus
from coalition.alliances.tables import CommitmentItem
from coalition.errors import Conflict
from coalition.hours.schemas import HoursStatus
from coalition.hours.tables import HoursRecord
from coalition.needs.schemas import NeedState
from coalition.needs.tables import Need
from coalition.notifications import outbox
from coalition.notifications.outbox import DIGEST, Entry
from coalition.notifications.queries import in_chunks, one_of
from coalition.notifications.tables import Preference
from coalition.shifts.schemas import ShiftStatus
from coalition.shifts.tables import Shift
from coalition.tenancy import Role, TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now
from coalition.tenancy.scope import TenantQueries

DEFAULT_HOUR = 8
TITLES = 5  # titles listed per section; the counts cover all
WORKING_STATES = (NeedState.OPEN, NeedState.DISPATCHED, NeedState.ACCEPTED, NeedState.IN_SERVICE)
OPEN_ITEMS = (ItemStatus.OPEN, ItemStatus.IN_PROGRESS)
ROLES = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.ORG_COORDINATOR, Role.UNIT_LIAISON)


@dataclass
class Coverage:
    """What one person's coordinating roles cover."""

    everything: bool = False
    communities: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    units: set[int] = field(default_factory=set)

    def covers(self, community: Any, organisation: Any, unit: Any) -> bool:
        return (
            self.everything
            or community in self.communities
            or organisation in self.organisations
            or unit in self.units
        )


async def _coordinators(q: TenantQueries) -> dict[int, Coverage]:
    rows = await q.select(
        Membership,
        Membership.person,
        Membership.role,
        Membership.community,
        Membership.organisation,
        Membership.unit,
    ).where(Membership.role.is_in(list(ROLES)))
    found: dict[int, Coverage] = {}
    for row in rows:
        cover = found.setdefault(row["person"], Coverage())
        role = row["role"]
        if role == Role.TENANT_ADMIN:
            cover.everything = True
        elif role == Role.COMMUNITY_STAFF and row["community"] is not None:
            cover.communities.add(row["community"])
        elif role == Role.ORG_COORDINATOR and row["organisation"] is not None:
            cover.organisations.add(row["organisation"])
        elif role == Role.UNIT_LIAISON and row["unit"] is not None:
            cover.units.add(row["unit"])
    return found


async def _short_needs(q: TenantQueries, now: datetime) -> list[dict[str, Any]]:
    short = await (
        q.select(Shift, Shift.need)
        .where(Shift.status == ShiftStatus.SCHEDULED)
        .where(Shift.starts_at > now)
        .where(Shift.confirmed < Shift.headcount)
        .distinct()
    )
    found: list[dict[str, Any]] = []
    for chunk in in_chunks(row["need"] for row in short):
        found += await (
            q.select(
                Need,
                Need.id,
                Need.title,
                Need.community,
                Need.dispatched_organisation,
                Need.dispatched_unit,
            )
            .where(one_of(Need.id, chunk))
            .where(Need.state.is_in(list(WORKING_STATES)))
        )
    return sorted(found, key=lambda n: n["id"])


async def _pending_hours(q: TenantQueries) -> list[dict[str, Any]]:
    return await (
        q.select(
            HoursRecord,
            HoursRecord.community,
            HoursRecord.organisation,
            HoursRecord.unit,
            Count(alias="n"),
        )
        .where(HoursRecord.status == HoursStatus.PENDING)
        .group_by(HoursRecord.community, HoursRecord.organisation, HoursRecord.unit)
    )


async def _overdue_items(q: TenantQueries, today: date) -> list[dict[str, Any]]:
    return await (
        q.select(
            CommitmentItem,
            CommitmentItem.id,
            CommitmentItem.title,
            CommitmentItem.agreement.community,
            CommitmentItem.owner_party.organisation,
            CommitmentItem.owner_party.unit,
        )
        .where(CommitmentItem.due_on < today)
        .where(CommitmentItem.status.is_in(list(OPEN_ITEMS)))
        .order_by(CommitmentItem.due_on)
        .order_by(CommitmentItem.id)
    )


def _titles(rows: Iterable[dict[str, Any]]) -> list[str]:
    return [row["title"] for row in rows][:TITLES]


def summary(
    cover: Coverage,
    needs: list[dict[str, Any]],
    hours: list[dict[str, Any]],
    items: list[dict[str, Any]],
    day: date,
) -> dict[str, Any] | None:
    """The digest params of one person, or None when nothing waits for them."""
    my_needs = [
        n
        for n in needs
        if cover.covers(n["community"], n["dispatched_organisation"], n["dispatched_unit"])
    ]
    my_hours = sum(
        h["n"] for h in hours if cover.covers(h["community"], h["organisation"], h["unit"])
    )
    my_items = [
        i
        for i in items
        if cover.covers(
            i["agreement.community"], i["owner_party.organisation"], i["owner_party.unit"]
        )
    ]
    if not (my_needs or my_hours or my_items):
        return None
    return {
        "day": day.isoformat(),
        "short_needs": len(my_needs) or None,
        "short_need_titles": _titles(my_needs),
        "pending_hours": my_hours or None,
        "overdue_items": len(my_items) or None,
        "overdue_item_titles": _titles(my_items),
    }


def digest_key(day: date, person_id: int) -> str:
    return f"{DIGEST}:{day.isoformat()}:{person_id}"


async def digest_tenant(
    tenant_id: int, *, now: datetime | None = None, hour: int = DEFAULT_HOUR
) -> int:
    """Write today's digests of one tenant once its local digest hour has come; returns
    how many were new."""
    at = utc_now(now)
    local = at.astimezone(await tenant_zone(tenant_id))
    if local.hour < hour:
        return 0
    day = local.date()
    scope = TenantScope.system(tenant_id)
    async with scope.read() as q:
        people = await _coordinators(q)
        known = await outbox.existing_keys(q, (digest_key(day, p) for p in people))
        muted = {
            row["person"]
            for row in await q.select(Preference, Preference.person).where(
                Preference.digest.eq(False)
            )
        }
        todo = {p: c for p, c in people.items() if digest_key(day, p) not in known}
        todo = {p: c for p, c in todo.items() if p not in muted}
        if not todo:
            return 0
        needs, hours = await _short_needs(q, at), await _pending_hours(q)
        items = await _overdue_items(q, day)
    entries = []
    for person_id, cover in sorted(todo.items()):
        params = summary(cover, needs, hours, items, day)
        if params is not None:
            data = {"person_id": person_id, "params": params}
            entries.append(Entry(DIGEST, data, digest_key(day, person_id)))
    if not entries:
        return 0
    try:
        async with scope.write() as q:
            return len(await outbox.write_once(q, entries, now=at))
    except Conflict:
        return 0  # another run wrote them at the same moment
