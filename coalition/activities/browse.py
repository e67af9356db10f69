"""Reading the joint activity log: one activity in full, and pages of the log.

Anyone with a role in the tenant reads the log. Pages are newest first, filtered by
area, date range, organiser and alliance.
"""

from __future__ import annotations

from typing import Any

from coalition.activities.schemas import (
    ActivityFilter,
    ActivityOut,
    ActivityPage,
    ActivitySummary,
    LinkedNeedOut,
    OrganiserOut,
    ParticipantOut,
    ParticipantRole,
)
from coalition.activities.tables import (
    Activity,
    ActivityNeed,
    ActivityOrganiser,
    ActivityParticipant,
)
from coalition.alliances.schemas import MemberKind
from coalition.errors import Checker
from coalition.hours._common import PAGE_MAX
from coalition.hours.tables import HoursRecord
from coalition.tenancy import TenantQueries, TenantScope

_KINDS = (MemberKind.COMMUNITY, MemberKind.ORGANISATION, MemberKind.UNIT)
_ACTIVITY = (
    Activity.id,
    Activity.title,
    Activity.area,
    Activity.held_on,
    Activity.place,
    Activity.outcome,
    Activity.alliance,
    Activity.alliance.name,
    Activity.logged_by,
    Activity.created_at,
)
_ORGANISER = (
    ActivityOrganiser.activity,
    ActivityOrganiser.community,
    ActivityOrganiser.community.name,
    ActivityOrganiser.organisation,
    ActivityOrganiser.organisation.name,
    ActivityOrganiser.unit,
    ActivityOrganiser.unit.name,
)


def require_member(scope: TenantScope, action: str) -> None:
    """Anyone holding a role in the tenant."""
    scope.actor.require_member(action=action)


def _organisers(rows: list[dict[str, Any]]) -> dict[int, list[OrganiserOut]]:
    """Each activity's organisers: communities, then organisations, then units."""
    found: dict[int, list[tuple[int, OrganiserOut]]] = {}
    for row in rows:
        for rank, kind in enumerate(_KINDS):
            if row[kind.value] is not None:
                out = OrganiserOut(
                    kind=kind.value, target_id=row[kind.value], name=row[f"{kind.value}.name"]
                )
                found.setdefault(row["activity"], []).append((rank, out))
    return {
        activity: [out for _, out in sorted(items, key=lambda item: item[0])]
        for activity, items in found.items()
    }


async def load_activity(q: TenantQueries, activity_id: int) -> ActivityOut:
    row = await q.select(Activity, *_ACTIVITY).where(Activity.id == activity_id).first()
    if row is None:
        await q.get(Activity, activity_id, what="Activity")  # raises NotFound
    assert row is not None
    organisers = await (
        q.select(ActivityOrganiser, *_ORGANISER)
        .where(ActivityOrganiser.activity == activity_id)
        .order_by(ActivityOrganiser.id)
    )
    participants = await (
        q.select(
            ActivityParticipant,
            ActivityParticipant.person,
            ActivityParticipant.person.name,
            ActivityParticipant.role,
            ActivityParticipant.minutes,
        )
        .where(ActivityParticipant.activity == activity_id)
        .order_by(ActivityParticipant.id)
    )
    records = await q.select(HoursRecord, HoursRecord.id, HoursRecord.volunteer.person).where(
        HoursRecord.activity == activity_id
    )
    record_of = {r["volunteer.person"]: r["id"] for r in records}
    needs = await (
        q.select(
            ActivityNeed,
            ActivityNeed.need,
            ActivityNeed.need.title,
            ActivityNeed.need.category,
            ActivityNeed.need.state,
        )
        .where(ActivityNeed.activity == activity_id)
        .order_by(ActivityNeed.id)
    )
    return ActivityOut(
        id=row["id"],
        title=row["title"],
        area=row["area"],
        held_on=row["held_on"],
        place=row["place"],
        outcome=row["outcome"],
        alliance_id=row["alliance"],
        alliance_name=row["alliance.name"],
        logged_by_id=row["logged_by"],
        created_at=row["created_at"],
        organisers=_organisers(organisers).get(activity_id, []),
        participants=[
            ParticipantOut(
                person_id=p["person"],
                person_name=p["person.name"],
                role=p["role"],
                minutes=p["minutes"],
                hours_record_id=record_of.get(p["person"]) if p["role"] == "volunteer" else None,
            )
            for p in participants
        ],
        needs=[
            LinkedNeedOut(
                need_id=n["need"],
                title=n["need.title"],
                category=n["need.category"],
                state=n["need.state"],
            )
            for n in needs
        ],
    )


async def get_activity(scope: TenantScope, activity_id: int) -> ActivityOut:
    """One activity with its organisers, participants and the needs it served."""
    require_member(scope, "see the activity log")
    async with scope.read() as q:
        return await load_activity(q, activity_id)


def _organised_by(q: TenantQueries, column: Any, target_id: int) -> Any:
    ids = q.select(ActivityOrganiser, ActivityOrganiser.activity).where(column == target_id)
    return Activity.id.is_in(ids)


async def list_activities(
    scope: TenantScope, filters: ActivityFilter | None = None
) -> ActivityPage:
    """One page of the activity log, newest first, and how many activities match."""
    require_member(scope, "see the activity log")
    f = filters or ActivityFilter()
    check = Checker()
    check.in_range("limit", f.limit, 1, PAGE_MAX)
    if f.offset < 0:
        check.add("offset", "out_of_range", "The offset cannot be negative.")
    if f.start is not None and f.end is not None and f.start > f.end:
        check.add("end", "before_start", "The range must end on or after its start.")
    check.raise_if_any()
    async with scope.read() as q:
        where: list[Any] = []
        if f.area is not None:
            where.append(Activity.area == f.area)
        if f.start is not None:
            where.append(Activity.held_on >= f.start)
        if f.end is not None:
            where.append(Activity.held_on <= f.end)
        if f.alliance_id is not None:
            where.append(Activity.alliance == f.alliance_id)
        for column, value in (
            (ActivityOrganiser.community, f.community_id),
            (ActivityOrganiser.organisation, f.organisation_id),
            (ActivityOrganiser.unit, f.unit_id),
        ):
            if value is not None:
                where.append(_organised_by(q, column, value))
        query = q.select(Activity, *_ACTIVITY)
        count = q.count(Activity)
        for condition in where:
            query, count = query.where(condition), count.where(condition)
        total = await count
        rows = await (
            query.order_by(Activity.held_on, ascending=False)
            .order_by(Activity.id, ascending=False)
            .limit(f.limit)
            .offset(f.offset)
        )
        ids = [row["id"] for row in rows]
        organisers: dict[int, list[OrganiserOut]] = {}
        counts: dict[int, list[int]] = {i: [0, 0] for i in ids}
        if ids:
            organisers = _organisers(
                await q.select(ActivityOrganiser, *_ORGANISER)
                .where(ActivityOrganiser.activity.is_in(ids))
                .order_by(ActivityOrganiser.id)
            )
            for p in await q.select(
                ActivityParticipant,
                ActivityParticipant.activity,
                ActivityParticipant.role,
                ActivityParticipant.minutes,
            ).where(ActivityParticipant.activity.is_in(ids)):
                counts[p["activity"]][0] += 1
                if p["role"] == ParticipantRole.VOLUNTEER:
                    counts[p["activity"]][1] += p["minutes"]
    items = [
        ActivitySummary(
            id=row["id"],
            title=row["title"],
            area=row["area"],
            held_on=row["held_on"],
            place=row["place"],
            alliance_id=row["alliance"],
            alliance_name=row["alliance.name"],
            organisers=organisers.get(row["id"], []),
            participant_count=counts[row["id"]][0],
            volunteer_minutes=counts[row["id"]][1],
        )
        for row in rows
    ]
    return ActivityPage(items=items, total=total, limit=f.limit, offset=f.offset)
