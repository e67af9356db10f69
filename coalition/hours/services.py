"""Self-reported hours, and the decisions on hours: verify, reject, correct.

A volunteer reports hours they served (1 to 16 hours a record, for a day in the last 90
days), optionally for a need or a shift they served; the record waits for verification.
Whoever may decide on a record (see :mod:`coalition.hours._common`) may also report
hours on a volunteer's behalf; the record still waits for someone to verify it, and
nobody decides on or corrects their own hours.

Check-in and check-out are in :mod:`coalition.hours.attendance`, the service record and
the list of hours waiting for a decision in :mod:`coalition.hours.record`; this module
re-exports them, so that callers need only ``coalition.hours.services``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.errors import Checker, Conflict
from coalition.hours._common import (
    PAGE_MAX,
    RECORD_COLUMNS,
    emit_created,
    event_data,
    load_record,
    may_decide,
    records_out,
    require_decider,
    require_not_own,
    require_staff_or_self,
    resolve_volunteer,
)
from coalition.hours.attendance import check_in, check_out, close_forgotten_check_outs
from coalition.hours.record import list_pending_hours, service_record
from coalition.hours.schemas import (
    DECIDED_STATUSES,
    HoursKind,
    HoursPage,
    HoursRecordOut,
    HoursReportInput,
    HoursStatus,
)
from coalition.hours.tables import HoursCorrection, HoursRecord
from coalition.needs.tables import Need
from coalition.places.tables import Grid
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import Actor, TenantQueries, TenantScope
from coalition.tenancy.clock import local_date, tenant_zone

#: Most minutes one self-reported record may hold.
REPORT_MAX_MINUTES = 16 * 60
#: How far back a volunteer may report hours.
REPORT_MAX_AGE_DAYS = 90
#: Most minutes a correction may set (one day).
CORRECTION_MAX_MINUTES = 24 * 60


def _whole(check: Checker, field: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        check.add(field, "not_a_number", "Give a whole number of minutes.")
    else:
        check.in_range(field, value, low, high)


# --- reporting -----------------------------------------------------------------------------


async def _served_need(
    q: TenantQueries, check: Checker, data: HoursReportInput, volunteer: Volunteer
) -> Need | None:
    """The need the hours were served for (checked against the volunteer's sign-ups)."""
    zone = await tenant_zone(q.tenant_id)
    if data.shift_id is not None:
        shift = await q.get(Shift, data.shift_id, what="Shift")
        if data.need_id is not None and data.need_id != shift.need:
            check.add("shift_id", "not_of_need", "The shift belongs to another need.")
        signed_up = await q.exists(SignUp).where(
            (SignUp.shift == shift.id)
            & (SignUp.volunteer == volunteer.id)
            & (SignUp.status == "confirmed")
        )
        if not signed_up:
            check.add("shift_id", "not_signed_up", "You had no confirmed place on this shift.")
        first, last = local_date(shift.starts_at, zone), local_date(shift.ends_at, zone)
        if not first <= data.served_on <= last:
            check.add(
                "served_on",
                "not_shift_date",
                f"The shift took place on {first.isoformat()}.",
                shift_date=first.isoformat(),
            )
        return await q.get(Need, shift.need, what="Need")
    if data.need_id is None:
        return None
    need = await q.get(Need, data.need_id, what="Need")
    on_shift = await q.exists(SignUp).where(
        (SignUp.shift.need == need.id)
        & (SignUp.volunteer == volunteer.id)
        & (SignUp.status == "confirmed")
    )
    with_team = (
        volunteer.organisation is not None
        and volunteer.organisation == need.dispatched_organisation
    )
    if not (on_shift or with_team):
        check.add(
            "need_id",
            "not_served",
            "Report hours only for a need you had a shift on, or that your team took on.",
        )
    return need


async def report_hours(
    scope: TenantScope, data: HoursReportInput, *, now: datetime | None = None
) -> HoursRecordOut:
    """Report hours served; the record waits for a coordinator to verify it."""
    now = now if now is not None else datetime.now(UTC)
    check = Checker()
    _whole(check, "minutes", data.minutes, 1, REPORT_MAX_MINUTES)
    check.optional("note", data.note, max_length=2000)
    today = local_date(now, await tenant_zone(scope.tenant_id))
    if data.served_on > today:
        check.add("served_on", "in_future", "Hours cannot be reported for a future day.")
    elif data.served_on < today - timedelta(days=REPORT_MAX_AGE_DAYS):
        check.add(
            "served_on",
            "too_old",
            f"Hours can be reported for the last {REPORT_MAX_AGE_DAYS} days only.",
            max_age_days=REPORT_MAX_AGE_DAYS,
        )
    async with scope.write() as q:
        volunteer, own = await resolve_volunteer(q, scope.actor, data.volunteer_id)
        need = await _served_need(q, check, data, volunteer)
        check.raise_if_any()
        if need is not None:
            place = (need.community, need.dispatched_organisation, need.dispatched_unit)
            alliance = need.alliance
        else:
            community = None
            if volunteer.home_grid is not None:
                community = (await q.get(Grid, volunteer.home_grid, what="Grid")).community
            place, alliance = (community, volunteer.organisation, None), None
        if not own:
            require_decider(scope.actor, *place, action="report hours for a volunteer")
        if data.shift_id is not None and await q.exists(HoursRecord).where(
            (HoursRecord.shift == data.shift_id)
            & (HoursRecord.volunteer == volunteer.id)
            & (HoursRecord.status != HoursStatus.REJECTED.value)
        ):
            raise Conflict(
                "Hours for this shift have been recorded already.", code="hours.already_recorded"
            )
        record = await q.create(
            HoursRecord,
            volunteer=volunteer.id,
            kind=HoursKind.SELF_REPORTED.value,
            status=HoursStatus.PENDING.value,
            served_on=data.served_on,
            minutes=data.minutes,
            need=None if need is None else need.id,
            shift=data.shift_id,
            community=place[0],
            organisation=place[1],
            unit=place[2],
            alliance=alliance,
            note=data.note.strip(),
            reported_at=now,
        )
        await emit_created(
            q, [record], {volunteer.id: volunteer.person}, actor=scope.actor.person_id
        )
        return await load_record(q, record.id)


# --- decisions -----------------------------------------------------------------------------


async def _for_decision(
    scope: TenantScope, q: TenantQueries, record_id: int, action: str
) -> tuple[HoursRecord, int]:
    """The record, locked, once the caller may decide on it; and its volunteer's person."""
    record = await q.get(HoursRecord, record_id, what="Hours record", lock=True)
    volunteer = await q.get(Volunteer, record.volunteer, what="Volunteer")
    require_decider(scope.actor, record.community, record.organisation, record.unit, action=action)
    require_not_own(scope.actor, volunteer.person, action=action)
    if record.status == HoursStatus.CHECKED_IN:
        raise Conflict(
            "The volunteer is still checked in; the hours are known after check-out.",
            code="hours.still_checked_in",
            status=record.status,
        )
    return record, volunteer.person


async def _decide(
    scope: TenantScope, record_id: int, status: HoursStatus, reason: str, now: datetime | None
) -> HoursRecordOut:
    action = "verify hours" if status == HoursStatus.VERIFIED else "reject hours"
    async with scope.write() as q:
        record, person_id = await _for_decision(scope, q, record_id, action)
        if record.status in DECIDED_STATUSES:
            raise Conflict(
                f"These hours are {record.status} already.",
                code="hours.already_decided",
                status=record.status,
            )
        values: dict[Any, Any] = {
            HoursRecord.status: status.value,
            HoursRecord.decided_by: scope.actor.person_id,
            HoursRecord.decided_at: now or datetime.now(UTC),
            HoursRecord.rejection_reason: reason,
        }
        await q.update(HoursRecord, values).where(HoursRecord.id == record.id)
        name = events.HOURS_VERIFIED if status == HoursStatus.VERIFIED else events.HOURS_REJECTED
        data = event_data(record, person_id, status=status.value)
        await events.emit(q, name, data, actor=scope.actor.person_id)
        return await load_record(q, record.id)


async def verify_hours(
    scope: TenantScope, record_id: int, *, now: datetime | None = None
) -> HoursRecordOut:
    """Accept pending hours: they count in the volunteer's service record as verified."""
    return await _decide(scope, record_id, HoursStatus.VERIFIED, "", now)


async def reject_hours(
    scope: TenantScope, record_id: int, reason: str, *, now: datetime | None = None
) -> HoursRecordOut:
    """Refuse pending hours, saying why; they no longer count anywhere."""
    check = Checker()
    check.required("reason", reason, max_length=2000)
    check.raise_if_any()
    return await _decide(scope, record_id, HoursStatus.REJECTED, reason.strip(), now)


async def correct_hours(
    scope: TenantScope, record_id: int, minutes: int, reason: str, *, now: datetime | None = None
) -> HoursRecordOut:
    """Change a pending or verified record's minutes; the old value, who and why are kept."""
    check = Checker()
    _whole(check, "minutes", minutes, 1, CORRECTION_MAX_MINUTES)
    check.required("reason", reason, max_length=2000)
    check.raise_if_any()
    async with scope.write() as q:
        record, person_id = await _for_decision(scope, q, record_id, "correct hours")
        if record.status == HoursStatus.REJECTED:
            raise Conflict(
                "Rejected hours are not corrected; report them again instead.",
                code="hours.rejected_record",
                status=record.status,
            )
        if minutes == record.minutes:
            check.add("minutes", "unchanged", "The record holds these minutes already.")
            check.raise_if_any()
        old = record.minutes
        await q.create(
            HoursCorrection,
            record=record.id,
            old_minutes=old,
            new_minutes=minutes,
            reason=reason.strip(),
            corrected_by=scope.actor.person_id,
            corrected_at=now or datetime.now(UTC),
        )
        await q.update(HoursRecord, {HoursRecord.minutes: minutes}).where(
            HoursRecord.id == record.id
        )
        record.minutes = minutes
        data = event_data(record, person_id, old_minutes=old)
        await events.emit(q, events.HOURS_CORRECTED, data, actor=scope.actor.person_id)
        return await load_record(q, record.id)


# --- reading -------------------------------------------------------------------------------


async def get_hours_record(scope: TenantScope, record_id: int) -> HoursRecordOut:
    """One record with its corrections: for its volunteer, and for staff."""
    async with scope.read() as q:
        record = await load_record(q, record_id)
    require_staff_or_self(scope.actor, record.person_id, action="see these hours")
    return record


async def list_volunteer_hours(
    scope: TenantScope,
    volunteer_id: int,
    *,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> HoursPage:
    """A volunteer's records, newest first: for the volunteer, and for staff."""
    check = Checker()
    if status is not None:
        check.choice("status", status, set(HoursStatus))
    check.in_range("limit", limit, 1, PAGE_MAX)
    if offset < 0:
        check.add("offset", "out_of_range", "The offset cannot be negative.")
    check.raise_if_any()
    async with scope.read() as q:
        volunteer = await q.get(Volunteer, volunteer_id, what="Volunteer")
        require_staff_or_self(scope.actor, volunteer.person, action="see these hours")
        where: Any = HoursRecord.volunteer == volunteer.id
        if status is not None:
            where &= HoursRecord.status == status
        if start is not None:
            where &= HoursRecord.served_on >= start
        if end is not None:
            where &= HoursRecord.served_on <= end
        total = await q.count(HoursRecord).where(where)
        rows = await (
            q.select(HoursRecord, *RECORD_COLUMNS)
            .where(where)
            .order_by(HoursRecord.served_on, ascending=False)
            .order_by(HoursRecord.id, ascending=False)
            .limit(limit)
            .offset(offset)
        )
        items = await records_out(q, rows)
    return HoursPage(items=items, total=total, limit=limit, offset=offset)


def may_decide_on(actor: Actor, record: HoursRecordOut) -> bool:
    """Whether ``actor`` may verify, reject or correct ``record``: the community's staff,
    the organisation's coordinator, the unit's liaison or a tenant admin — never on their
    own hours. The decision services apply the same rule; pages use it to offer the forms."""
    own = actor.person_id is not None and actor.person_id == record.person_id
    return not own and may_decide(
        actor, record.community_id, record.organisation_id, record.unit_id
    )


__all__ = [
    "check_in",
    "check_out",
    "close_forgotten_check_outs",
    "correct_hours",
    "get_hours_record",
    "list_pending_hours",
    "list_volunteer_hours",
    "may_decide_on",
    "reject_hours",
    "report_hours",
    "service_record",
    "verify_hours",
]
