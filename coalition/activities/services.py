"""The joint activity log: activities co-organised by communities, organisations and units.

Anyone with a role in the tenant logs an activity and browses the log. An activity has at
least one organiser, an area (one of the six joint areas of co-building, or a need
category), the day it was held (not in the future), its participants and the needs it
served. A volunteer taking part gets activity hours for their minutes on their service
record: verified at once when staff log the activity, pending otherwise (and always
pending for the person who logs their own participation). The hours count for the first
community, organisation and unit among the organisers, and for the activity's alliance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from piccolo.table import Table

from coalition import events
from coalition.activities.browse import get_activity, list_activities, load_activity, require_member
from coalition.activities.schemas import (
    ActivityInput,
    ActivityOut,
    ParticipantRole,
)
from coalition.activities.tables import (
    Activity,
    ActivityNeed,
    ActivityOrganiser,
    ActivityParticipant,
)
from coalition.actors.tables import Organisation, Person, Unit, Volunteer
from coalition.alliances.schemas import JointArea
from coalition.alliances.tables import Alliance
from coalition.errors import Checker, NotFound
from coalition.hours._common import STAFF_ROLES, emit_created
from coalition.hours.schemas import HoursKind, HoursStatus
from coalition.hours.tables import HoursRecord
from coalition.needs.schemas import BUILTIN_CATEGORIES
from coalition.needs.tables import Need, NeedCategory
from coalition.places.tables import Community
from coalition.tenancy import TenantQueries, TenantScope
from coalition.tenancy.clock import local_date, tenant_zone

#: Most organisers and participants one activity may list.
MAX_ORGANISERS = 50
MAX_PARTICIPANTS = 500
MAX_MINUTES = 24 * 60
#: Areas every tenant accepts: the six joint areas and the built-in need categories.
BUILTIN_AREAS = frozenset(JointArea) | frozenset(BUILTIN_CATEGORIES)


def _unique(ids: Sequence[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _check_input(check: Checker, data: ActivityInput) -> None:
    check.required("title", data.title)
    check.optional("place", data.place, max_length=300)
    check.optional("outcome", data.outcome, max_length=5000)
    organisers = len(_unique(data.community_ids) + _unique(data.organisation_ids))
    organisers += len(_unique(data.unit_ids))
    if organisers == 0:
        check.add("organisers", "required", "Name at least one co-organiser.")
    elif organisers > MAX_ORGANISERS:
        check.add(
            "organisers", "too_many", f"At most {MAX_ORGANISERS} organisers.", most=MAX_ORGANISERS
        )
    if len(data.participants) > MAX_PARTICIPANTS:
        check.add(
            "participants",
            "too_many",
            f"At most {MAX_PARTICIPANTS} participants.",
            most=MAX_PARTICIPANTS,
        )
    seen: set[int] = set()
    for n, participant in enumerate(data.participants):
        field = f"participants[{n}]"
        check.choice(f"{field}.role", participant.role, set(ParticipantRole))
        minutes = participant.minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            check.add(f"{field}.minutes", "not_a_number", "Give a whole number of minutes.")
        else:
            check.in_range(f"{field}.minutes", minutes, 0, MAX_MINUTES)
        if participant.person_id in seen:
            check.add(f"{field}.person_id", "duplicate", "This person is listed already.")
        seen.add(participant.person_id)


async def _require_all(q: TenantQueries, table: type[Table], ids: Sequence[int], what: str) -> None:
    """NotFound for the first of ``ids`` that is not a row of this tenant."""
    found = await q.ids(table, ids)
    for pk in ids:
        if pk not in found:
            raise NotFound(
                f"{what} {pk} does not exist.", code=f"{table._meta.tablename}.not_found", pk=pk
            )


async def log_activity(
    scope: TenantScope, data: ActivityInput, *, now: datetime | None = None
) -> ActivityOut:
    """Record a joint activity, and activity hours for the volunteers who took part."""
    require_member(scope, "log an activity")
    now = now if now is not None else datetime.now(UTC)
    actor = scope.actor
    check = Checker()
    _check_input(check, data)
    if data.held_on > local_date(now, await tenant_zone(scope.tenant_id)):
        check.add("held_on", "in_future", "Log an activity once it has taken place.")
    communities, orgs = _unique(data.community_ids), _unique(data.organisation_ids)
    units, need_ids = _unique(data.unit_ids), _unique(data.need_ids)
    persons = [p.person_id for p in data.participants]
    async with scope.write() as q:
        if data.area not in BUILTIN_AREAS and not await q.exists(NeedCategory).where(
            NeedCategory.code == data.area
        ):
            check.add("area", "invalid_choice", "Choose a joint area or a need category.")
        await _require_all(q, Community, communities, "Community")
        await _require_all(q, Organisation, orgs, "Organisation")
        await _require_all(q, Unit, units, "Unit")
        await _require_all(q, Need, need_ids, "Need")
        await _require_all(q, Person, persons, "Person")
        if data.alliance_id is not None:
            await q.get(Alliance, data.alliance_id, what="Alliance")
        volunteers: dict[int, int] = {}  # person -> volunteer
        if persons:
            rows = await q.select(Volunteer, Volunteer.id, Volunteer.person).where(
                Volunteer.person.is_in(persons)
            )
            volunteers = {row["person"]: row["id"] for row in rows}
        for n, participant in enumerate(data.participants):
            if participant.role == ParticipantRole.VOLUNTEER and (
                participant.person_id not in volunteers
            ):
                check.add(
                    f"participants[{n}].person_id",
                    "not_a_volunteer",
                    "This person is not registered as a volunteer; list them as staff.",
                )
        check.raise_if_any()
        activity = await q.create(
            Activity,
            title=data.title.strip(),
            area=data.area,
            held_on=data.held_on,
            place=data.place.strip(),
            outcome=data.outcome.strip(),
            alliance=data.alliance_id,
            logged_by=actor.person_id,
            created_at=now,
        )
        await q.add(
            *(q.new(ActivityOrganiser, activity=activity.id, community=c) for c in communities),
            *(q.new(ActivityOrganiser, activity=activity.id, organisation=o) for o in orgs),
            *(q.new(ActivityOrganiser, activity=activity.id, unit=u) for u in units),
        )
        if data.participants:
            await q.add(
                *(
                    q.new(
                        ActivityParticipant,
                        activity=activity.id,
                        person=p.person_id,
                        role=p.role,
                        minutes=p.minutes,
                    )
                    for p in data.participants
                )
            )
        if need_ids:
            await q.add(*(q.new(ActivityNeed, activity=activity.id, need=n) for n in need_ids))
        records = _hours_records(q, scope, data, activity, volunteers, now)
        if records:
            await q.add(*records)
            by_volunteer = {volunteer: person for person, volunteer in volunteers.items()}
            await emit_created(q, records, by_volunteer, actor=actor.person_id)
        await events.emit(
            q,
            events.ACTIVITY_LOGGED,
            {
                "activity_id": activity.id,
                "area": activity.area,
                "held_on": activity.held_on.isoformat(),
                "alliance_id": activity.alliance,
                "need_ids": need_ids,
                "hours_record_ids": [record.id for record in records],
            },
            actor=actor.person_id,
        )
        return await load_activity(q, activity.id)


def _hours_records(
    q: TenantQueries,
    scope: TenantScope,
    data: ActivityInput,
    activity: Activity,
    volunteers: dict[int, int],
    now: datetime,
) -> list[HoursRecord]:
    """Activity hours of the volunteers who took part: verified when staff log them,
    except their own; pending otherwise."""
    actor = scope.actor
    communities, organisations = _unique(data.community_ids), _unique(data.organisation_ids)
    units, need_ids = _unique(data.unit_ids), _unique(data.need_ids)
    records = []
    for p in data.participants:
        if p.role != ParticipantRole.VOLUNTEER or p.minutes == 0:
            continue
        verified = actor.has(*STAFF_ROLES) and p.person_id != actor.person_id
        records.append(
            q.new(
                HoursRecord,
                volunteer=volunteers[p.person_id],
                kind=HoursKind.ACTIVITY.value,
                status=(HoursStatus.VERIFIED if verified else HoursStatus.PENDING).value,
                served_on=data.held_on,
                minutes=p.minutes,
                need=need_ids[0] if len(need_ids) == 1 else None,
                activity=activity.id,
                community=communities[0] if communities else None,
                organisation=organisations[0] if organisations else None,
                unit=units[0] if units else None,
                alliance=data.alliance_id,
                note=activity.title,
                reported_at=now,
                decided_by=actor.person_id if verified else None,
                decided_at=now if verified else None,
            )
        )
    return records


__all__ = ["get_activity", "list_activities", "log_activity"]
