"""Rules and helpers shared by the hours services and the activity log.

Who decides on a record: tenant admins, the staff of the record's community, the
coordinator of its organisation and the liaison of its unit. Nobody decides on, or
corrects, their own hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.errors import NotFound, PermissionDenied
from coalition.hours.schemas import CorrectionOut, HoursRecordOut, HoursStatus
from coalition.hours.tables import HoursCorrection, HoursRecord
from coalition.tenancy import Actor, Role, TenantQueries

#: Roles that see any volunteer's hours in the tenant (everyone but plain volunteers).
STAFF_ROLES = frozenset(Role) - {Role.VOLUNTEER}
#: Roles that may decide on hours, each within the places and members it covers.
DECIDER_ROLES = frozenset(
    {Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.ORG_COORDINATOR, Role.UNIT_LIAISON}
)

#: Most rows one page of a list may hold.
PAGE_MAX = 200

RECORD_COLUMNS = (
    HoursRecord.id,
    HoursRecord.volunteer,
    HoursRecord.volunteer.person,
    HoursRecord.volunteer._.person._.name,
    HoursRecord.kind,
    HoursRecord.status,
    HoursRecord.served_on,
    HoursRecord.minutes,
    HoursRecord.need,
    HoursRecord.need.title,
    HoursRecord.shift,
    HoursRecord.activity,
    HoursRecord.community,
    HoursRecord.organisation,
    HoursRecord.unit,
    HoursRecord.alliance,
    HoursRecord.check_in_at,
    HoursRecord.check_out_at,
    HoursRecord.note,
    HoursRecord.reported_at,
    HoursRecord.decided_by,
    HoursRecord.decided_at,
    HoursRecord.rejection_reason,
)


def may_decide(
    actor: Actor, community_id: int | None, organisation_id: int | None, unit_id: int | None
) -> bool:
    """The actor may verify, reject and correct hours served there."""
    return actor.manages_community(community_id) or actor.coordinates(
        organisation_id=organisation_id, unit_id=unit_id
    )


def require_decider(
    actor: Actor,
    community_id: int | None,
    organisation_id: int | None,
    unit_id: int | None,
    *,
    action: str,
) -> None:
    if not may_decide(actor, community_id, organisation_id, unit_id):
        raise PermissionDenied(
            f"Only tenant admins, the community's staff and the coordinator or liaison of "
            f"the serving organisation or unit may {action}.",
            code="permission_denied",
            action=action,
        )


def require_staff_or_self(actor: Actor, person_id: int, *, action: str) -> None:
    """A volunteer sees their own hours; anyone else needs a staff role."""
    if actor.person_id is not None and actor.person_id == person_id:
        return
    actor.require(*STAFF_ROLES, action=action)


def _correction(row: dict[str, Any]) -> CorrectionOut:
    return CorrectionOut(
        id=row["id"],
        old_minutes=row["old_minutes"],
        new_minutes=row["new_minutes"],
        reason=row["reason"],
        corrected_by_id=row["corrected_by"],
        corrected_at=row["corrected_at"],
    )


def _record(row: dict[str, Any], corrections: list[CorrectionOut]) -> HoursRecordOut:
    return HoursRecordOut(
        id=row["id"],
        volunteer_id=row["volunteer"],
        person_id=row["volunteer.person"],
        person_name=row["volunteer.person.name"],
        kind=row["kind"],
        status=row["status"],
        served_on=row["served_on"],
        minutes=row["minutes"],
        need_id=row["need"],
        need_title=row["need.title"],
        shift_id=row["shift"],
        activity_id=row["activity"],
        community_id=row["community"],
        organisation_id=row["organisation"],
        unit_id=row["unit"],
        alliance_id=row["alliance"],
        check_in_at=row["check_in_at"],
        check_out_at=row["check_out_at"],
        note=row["note"],
        reported_at=row["reported_at"],
        decided_by_id=row["decided_by"],
        decided_at=row["decided_at"],
        rejection_reason=row["rejection_reason"],
        corrections=corrections,
    )


async def records_out(q: TenantQueries, rows: list[dict[str, Any]]) -> list[HoursRecordOut]:
    """Records (rows of RECORD_COLUMNS) with their corrections, in the rows' order."""
    if not rows:
        return []
    found = await (
        q.select(HoursCorrection)
        .where(HoursCorrection.record.is_in([row["id"] for row in rows]))
        .order_by(HoursCorrection.corrected_at)
        .order_by(HoursCorrection.id)
    )
    corrections: dict[int, list[CorrectionOut]] = {}
    for row in found:
        corrections.setdefault(row["record"], []).append(_correction(row))
    return [_record(row, corrections.get(row["id"], [])) for row in rows]


async def load_record(q: TenantQueries, record_id: int) -> HoursRecordOut:
    row = await q.select(HoursRecord, *RECORD_COLUMNS).where(HoursRecord.id == record_id).first()
    if row is None:
        raise NotFound(
            f"Hours record {record_id} does not exist.",
            code="hours_record.not_found",
            pk=record_id,
        )
    (record,) = await records_out(q, [row])
    return record


async def emit_created(
    q: TenantQueries, records: Iterable[HoursRecord], persons: dict[int, int], *, actor: int | None
) -> None:
    """HOURS_REPORTED for each new pending record, HOURS_VERIFIED for one verified at once.

    ``persons`` maps volunteer id to person id.
    """
    for record in records:
        name = (
            events.HOURS_VERIFIED
            if record.status == HoursStatus.VERIFIED
            else events.HOURS_REPORTED
        )
        await events.emit(q, name, event_data(record, persons[record.volunteer]), actor=actor)


def event_data(record: HoursRecord, person_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "record_id": record.id,
        "volunteer_id": record.volunteer,
        "person_id": person_id,
        "minutes": record.minutes,
        "kind": record.kind,
        "status": record.status,
        **extra,
    }


async def resolve_volunteer(
    q: TenantQueries, actor: Actor, volunteer_id: int | None
) -> tuple[Volunteer, bool]:
    """The volunteer a use case is about, and whether it is the caller themselves.

    Without ``volunteer_id`` it is the caller's own volunteer profile.
    """
    if volunteer_id is not None:
        volunteer = await q.get(Volunteer, volunteer_id, what="Volunteer")
        return volunteer, actor.person_id is not None and volunteer.person == actor.person_id
    own = None
    if actor.person_id is not None:
        own = await q.objects(Volunteer).where(Volunteer.person == actor.person_id).first()
    if own is None:
        raise PermissionDenied(
            "You are not registered as a volunteer in this tenant.",
            code="hours.not_a_volunteer",
        )
    return own, True


def require_not_own(actor: Actor, person_id: int, *, action: str) -> None:
    if actor.person_id is not None and actor.person_id == person_id:
        raise PermissionDenied(
            f"You may not {action} on your own hours; another coordinator does that.",
            code="hours.own_record",
            action=action,
        )
