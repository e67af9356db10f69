"""Check-in and check-out on a shift (签到 / 签退): attendance hours.

A volunteer with a confirmed place on a shift checks in from 30 minutes before it starts
until it ends, and checks out afterwards; a check-out later than two hours after the
shift's end counts only up to that moment. Checking in opens an attendance record
(status ``checked_in``, which counts nowhere); checking out fills in its minutes and
leaves it pending until a coordinator verifies it, like a self-report. The first check-in
on a need starts its service (accepted → in_service).

Where the hours were served is copied from the need onto the record: its community,
the organisation or unit it was dispatched to, and its alliance. The volunteer checks
themselves in and out; whoever may decide on the need's hours may do it for them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.errors import Conflict
from coalition.hours._common import event_data, load_record, require_decider, resolve_volunteer
from coalition.hours.schemas import HoursKind, HoursRecordOut, HoursStatus
from coalition.hours.tables import HoursRecord
from coalition.needs.lifecycle import begin_service
from coalition.needs.tables import Need
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import Role, TenantQueries, TenantScope
from coalition.tenancy.clock import local_date, tenant_zone

#: How early before a shift starts a volunteer may check in.
CHECK_IN_OPENS = timedelta(minutes=30)
#: A check-out counts at most up to this long after the shift's end.
CHECK_OUT_CAP = timedelta(hours=2)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def attended_minutes(check_in_at: datetime, check_out_at: datetime) -> int:
    """Whole minutes between check-in and check-out, rounded half up."""
    seconds = max(0.0, (check_out_at - check_in_at).total_seconds())
    return int((seconds + 30) // 60)


async def _shift_need_volunteer(
    scope: TenantScope, q: TenantQueries, shift_id: int, volunteer_id: int | None, action: str
) -> tuple[Shift, Need, Volunteer]:
    shift = await q.get(Shift, shift_id, what="Shift")
    need = await q.get(Need, shift.need, what="Need")
    volunteer, own = await resolve_volunteer(q, scope.actor, volunteer_id)
    if not own:
        require_decider(
            scope.actor,
            need.community,
            need.dispatched_organisation,
            need.dispatched_unit,
            action=action,
        )
    return shift, need, volunteer


async def _attendance(q: TenantQueries, shift_id: int, volunteer_id: int) -> HoursRecord | None:
    return await (
        q.objects(HoursRecord)
        .where(HoursRecord.shift == shift_id)
        .where(HoursRecord.volunteer == volunteer_id)
        .where(HoursRecord.status != HoursStatus.REJECTED.value)
        .first()
    )


async def check_in(
    scope: TenantScope,
    shift_id: int,
    *,
    volunteer_id: int | None = None,
    now: datetime | None = None,
) -> HoursRecordOut:
    """Check a volunteer in on a shift they have a confirmed place on."""
    now = _now(now)
    async with scope.write() as q:
        shift, need, volunteer = await _shift_need_volunteer(
            scope, q, shift_id, volunteer_id, "check a volunteer in"
        )
        signup = await (
            q.objects(SignUp)
            .where(SignUp.shift == shift.id)
            .where(SignUp.volunteer == volunteer.id)
            .where(SignUp.status == "confirmed")
            .first()
        )
        if shift.status == "cancelled":
            raise Conflict("The shift was cancelled.", code="hours.shift_cancelled")
        if signup is None:
            raise Conflict(
                "Only a volunteer with a confirmed place on the shift can check in.",
                code="hours.no_confirmed_signup",
            )
        # One check-in at a time per place on the shift.
        await q.get(SignUp, signup.id, lock=True)
        existing = await _attendance(q, shift.id, volunteer.id)
        if existing is not None:
            _refuse_second_check_in(existing)
        opens, closes = shift.starts_at - CHECK_IN_OPENS, shift.ends_at
        if not opens <= now <= closes:
            raise Conflict(
                f"Check-in is open from {opens.isoformat()} until {closes.isoformat()}.",
                code="hours.check_in_not_open" if now < opens else "hours.check_in_closed",
                opens_at=opens.isoformat(),
                closes_at=closes.isoformat(),
            )
        zone = await tenant_zone(scope.tenant_id)
        record = await q.create(
            HoursRecord,
            volunteer=volunteer.id,
            kind=HoursKind.ATTENDANCE.value,
            status=HoursStatus.CHECKED_IN.value,
            served_on=local_date(now, zone),
            minutes=0,
            need=need.id,
            shift=shift.id,
            community=need.community,
            organisation=need.dispatched_organisation,
            unit=need.dispatched_unit,
            alliance=need.alliance,
            check_in_at=now,
            reported_at=now,
        )
        await begin_service(q, need.id, actor=scope.actor.person_id, now=now)
        return await load_record(q, record.id)


def _refuse_second_check_in(existing: HoursRecord) -> None:
    if existing.kind != HoursKind.ATTENDANCE:
        raise Conflict(
            "Hours for this shift have been reported already.",
            code="hours.already_recorded",
            record_id=existing.id,
        )
    if existing.status == HoursStatus.CHECKED_IN:
        raise Conflict(
            "The volunteer is checked in on this shift already.",
            code="hours.already_checked_in",
            record_id=existing.id,
        )
    raise Conflict(
        "The volunteer has checked out of this shift already.",
        code="hours.already_checked_out",
        record_id=existing.id,
    )


async def _close(
    q: TenantQueries, record: HoursRecord, ends_at: datetime, now: datetime, actor: int | None
) -> None:
    assert record.check_in_at is not None
    check_out_at = max(record.check_in_at, min(now, ends_at + CHECK_OUT_CAP))
    minutes = attended_minutes(record.check_in_at, check_out_at)
    await q.update(
        HoursRecord,
        {
            HoursRecord.status: HoursStatus.PENDING.value,
            HoursRecord.check_out_at: check_out_at,
            HoursRecord.minutes: minutes,
            HoursRecord.reported_at: now,
        },
    ).where(HoursRecord.id == record.id)
    record.minutes, record.status = minutes, HoursStatus.PENDING.value
    person = await q.select(HoursRecord, HoursRecord.volunteer.person).where(
        HoursRecord.id == record.id
    )
    data = event_data(record, person[0]["volunteer.person"])
    await events.emit(q, events.HOURS_REPORTED, data, actor=actor)


async def check_out(
    scope: TenantScope,
    shift_id: int,
    *,
    volunteer_id: int | None = None,
    now: datetime | None = None,
) -> HoursRecordOut:
    """Check a volunteer out: the attendance record gets its minutes and waits for
    verification. A check-out more than two hours after the shift counts up to then."""
    now = _now(now)
    async with scope.write() as q:
        shift, _need, volunteer = await _shift_need_volunteer(
            scope, q, shift_id, volunteer_id, "check a volunteer out"
        )
        existing = await _attendance(q, shift.id, volunteer.id)
        if existing is None or existing.kind != HoursKind.ATTENDANCE:
            raise Conflict(
                "The volunteer has not checked in on this shift.", code="hours.not_checked_in"
            )
        record = await q.get(HoursRecord, existing.id, what="Hours record", lock=True)
        if record.status != HoursStatus.CHECKED_IN:
            raise Conflict(
                "The volunteer has checked out of this shift already.",
                code="hours.already_checked_out",
                record_id=record.id,
            )
        await _close(q, record, shift.ends_at, now, scope.actor.person_id)
        return await load_record(q, record.id)


async def close_forgotten_check_outs(scope: TenantScope, *, now: datetime | None = None) -> int:
    """Check out everyone still checked in two hours after their shift ended, as of that
    moment; the records then wait for verification. For a periodic job. Returns how many."""
    scope.actor.require(Role.TENANT_ADMIN, action="close forgotten check-outs")
    now = _now(now)
    async with scope.write() as q:
        rows = await q.select(HoursRecord, HoursRecord.id, HoursRecord.shift.ends_at).where(
            (HoursRecord.status == HoursStatus.CHECKED_IN.value)
            & (HoursRecord.shift.ends_at < now - CHECK_OUT_CAP)
        )
        for row in rows:
            record = await q.get(HoursRecord, row["id"], lock=True)
            await _close(q, record, row["shift.ends_at"], now, scope.actor.person_id)
    return len(rows)
