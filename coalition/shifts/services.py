"""A need's shifts: planned, changed and cancelled by those who run the need.

Tenant admins, the staff of the need's community and the coordinator (or liaison) of the
member the need was dispatched to manage its shifts while the need is not yet completed
or cancelled (``can_add_shifts``). A shift runs at most 24 hours, for at least one
volunteer. Changing a shift emits SHIFT_CHANGED and cancelling it emits SHIFT_CANCELLED,
each naming the volunteers concerned; cancelling also cancels their sign-ups and withdraws
pending invitations. The headcount never drops below the volunteers already confirmed
(``shifts.headcount_below_confirmed``); raising it promotes from the waitlist.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from coalition import events
from coalition.errors import Checker, Conflict
from coalition.needs.lifecycle import can_add_shifts, need_for_update
from coalition.needs.tables import Need
from coalition.shifts.access import require_shift_manager
from coalition.shifts.placing import lock_shift, positions, promote, waitlists
from coalition.shifts.schemas import (
    LIVE_SIGNUP,
    MAX_HEADCOUNT,
    MAX_SHIFT_LENGTH,
    InvitationStatus,
    RosterEntry,
    ShiftChange,
    ShiftInput,
    ShiftOut,
    ShiftStatus,
    SignUpStatus,
)
from coalition.shifts.tables import Invitation, Shift, SignUp
from coalition.tenancy import Actor, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now

SHIFT_COLUMNS = (
    Shift.id,
    Shift.need,
    Shift.series,
    Shift.starts_at,
    Shift.ends_at,
    Shift.place,
    Shift.headcount,
    Shift.confirmed,
    Shift.status,
)


def shift_out(row: Shift | dict[str, Any], waitlisted: int) -> ShiftOut:
    data: dict[str, Any] = row if isinstance(row, dict) else row.to_dict()
    get = data.__getitem__
    return ShiftOut(
        id=get("id"),
        need_id=get("need"),
        series_id=get("series"),
        starts_at=get("starts_at"),
        ends_at=get("ends_at"),
        place=get("place"),
        headcount=get("headcount"),
        confirmed=get("confirmed"),
        waitlisted=waitlisted,
        status=get("status"),
    )


async def shifts_out(q: TenantQueries, rows: Sequence[Shift | dict[str, Any]]) -> list[ShiftOut]:
    ids = [row["id"] if isinstance(row, dict) else row.id for row in rows]
    lists = await waitlists(q, ids)
    return [shift_out(row, len(lists[i])) for row, i in zip(rows, ids, strict=True)]


def check_times(check: Checker, starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """A shift starts in the future and lasts more than nothing and at most 24 hours."""
    naive = False
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if value.tzinfo is None or value.utcoffset() is None:
            check.add(field, "naive_datetime", "Give the time with its time zone.")
            naive = True
    if naive:
        return
    if starts_at <= now:
        check.add("starts_at", "in_past", "A shift must start in the future.")
    if ends_at <= starts_at:
        check.add("ends_at", "ends_before_start", "A shift must end after it starts.")
    elif ends_at - starts_at > MAX_SHIFT_LENGTH:
        hours = int(MAX_SHIFT_LENGTH.total_seconds() // 3600)
        check.add("ends_at", "too_long", f"A shift lasts at most {hours} hours.", hours=hours)


def check_headcount(check: Checker, headcount: int) -> None:
    check.in_range("headcount", headcount, 1, MAX_HEADCOUNT)


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def require_shifts_allowed(need: Need) -> None:
    if not can_add_shifts(need.state):
        raise Conflict(
            f"Need {need.id} is {need.state}; its shifts can no longer be changed.",
            code="shifts.need_closed_to_shifts",
            need_id=need.id,
            state=need.state,
        )


async def create_shift(
    scope: TenantScope, data: ShiftInput, *, now: datetime | None = None
) -> ShiftOut:
    at = utc_now(now)
    check = Checker()
    check_times(check, data.starts_at, data.ends_at, at)
    check_headcount(check, data.headcount)
    check.optional("place", data.place, max_length=300)
    check.raise_if_any()
    async with scope.write() as q:
        need = await need_for_update(q, data.need_id)
        require_shift_manager(scope.actor, need, action="plan shifts of this need")
        require_shifts_allowed(need)
        shift = await q.create(
            Shift,
            need=need.id,
            starts_at=utc(data.starts_at),
            ends_at=utc(data.ends_at),
            place=data.place.strip(),
            headcount=data.headcount,
            created_at=at,
            updated_at=at,
        )
    return shift_out(shift, 0)


async def get_shift(scope: TenantScope, shift_id: int) -> ShiftOut:
    async with scope.read() as q:
        shift = await q.get(Shift, shift_id, what="Shift")
        return (await shifts_out(q, [shift]))[0]


async def list_shifts(
    scope: TenantScope, need_id: int, *, include_cancelled: bool = True
) -> list[ShiftOut]:
    """The need's shifts by start time, with confirmed, headcount and waitlist length."""
    async with scope.read() as q:
        await q.get(Need, need_id, what="Need")
        query = q.select(Shift, *SHIFT_COLUMNS).where(Shift.need == need_id)
        if not include_cancelled:
            query = query.where(Shift.status == ShiftStatus.SCHEDULED)
        rows = await query.order_by(Shift.starts_at).order_by(Shift.id)
        return await shifts_out(q, rows)


async def _live(q: TenantQueries, shift_id: int) -> list[dict[str, Any]]:
    return await (
        q.select(SignUp, SignUp.id, SignUp.volunteer, SignUp.volunteer.person, SignUp.status)
        .where(SignUp.shift == shift_id)
        .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
        .order_by(SignUp.id)
    )


def _people(live: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "signup_ids": [r["id"] for r in live],
        "volunteer_ids": [r["volunteer"] for r in live],
        "person_ids": [r["volunteer.person"] for r in live],
    }


async def change_shift(
    scope: TenantScope, shift_id: int, change: ShiftChange, *, now: datetime | None = None
) -> ShiftOut:
    at = utc_now(now)
    async with scope.write() as q:
        need, shift = await lock_shift(q, shift_id)
        require_shift_manager(scope.actor, need, action="change shifts of this need")
        require_shifts_allowed(need)
        _require_ahead(shift, at)
        starts_at = change.starts_at if change.starts_at is not None else shift.starts_at
        ends_at = change.ends_at if change.ends_at is not None else shift.ends_at
        place = (change.place if change.place is not None else shift.place).strip()
        headcount = change.headcount if change.headcount is not None else shift.headcount
        check = Checker()
        check_times(check, starts_at, ends_at, at)
        check_headcount(check, headcount)
        check.optional("place", place, max_length=300)
        check.raise_if_any()
        if headcount < shift.confirmed:
            raise Conflict(
                f"{shift.confirmed} volunteers are confirmed; cancel sign-ups before "
                f"lowering the headcount to {headcount}.",
                code="shifts.headcount_below_confirmed",
                confirmed=shift.confirmed,
                headcount=headcount,
            )
        values = {
            Shift.starts_at: utc(starts_at),
            Shift.ends_at: utc(ends_at),
            Shift.place: place,
            Shift.headcount: headcount,
        }
        changed = [c._meta.name for c, v in values.items() if getattr(shift, c._meta.name) != v]
        if changed:
            await q.update(Shift, {**values, Shift.updated_at: at}).where(Shift.id == shift.id)
            if headcount > shift.headcount:
                await promote(
                    q, scope.actor, need, shift.id, now=at, zone=await tenant_zone(scope.tenant_id)
                )
            data = {"shift_id": shift.id, "need_id": need.id, "changed": changed}
            await events.emit(
                q,
                events.SHIFT_CHANGED,
                {**data, **_people(await _live(q, shift.id))},
                actor=scope.actor.person_id,
            )
        return (await shifts_out(q, [await q.get(Shift, shift.id)]))[0]


def _require_ahead(shift: Shift, now: datetime) -> None:
    if shift.status != ShiftStatus.SCHEDULED:
        raise Conflict(
            "This shift was cancelled.", code="shifts.shift_cancelled", shift_id=shift.id
        )
    if shift.starts_at <= now:
        raise Conflict(
            "This shift has already started.", code="shifts.shift_started", shift_id=shift.id
        )


async def cancel_shift(
    scope: TenantScope, shift_id: int, *, reason: str = "", now: datetime | None = None
) -> ShiftOut:
    """Cancel a shift that has not started: its sign-ups are cancelled (the volunteers hear
    of it through SHIFT_CANCELLED) and its pending invitations withdrawn."""
    at = utc_now(now)
    check = Checker()
    check.optional("reason", reason, max_length=500)
    check.raise_if_any()
    async with scope.write() as q:
        need, shift = await lock_shift(q, shift_id)
        require_shift_manager(scope.actor, need, action="cancel shifts of this need")
        require_shifts_allowed(need)
        _require_ahead(shift, at)
        await cancel_shifts(q, scope.actor, need, [shift.id], reason=reason, now=at)
        return (await shifts_out(q, [await q.get(Shift, shift.id)]))[0]


async def cancel_shifts(
    q: TenantQueries,
    actor: Actor,
    need: Need,
    shift_ids: Sequence[int],
    *,
    reason: str,
    now: datetime,
) -> None:
    """Cancel these shifts of a locked need inside the caller's write block; emits
    SHIFT_CANCELLED for each (data: shift_id, need_id, reason, and the sign-up, volunteer
    and person ids of those who held a place or waited for one)."""
    for shift_id in shift_ids:
        live = await _live(q, shift_id)
        await q.update(
            Shift, {Shift.status: ShiftStatus.CANCELLED, Shift.confirmed: 0, Shift.updated_at: now}
        ).where(Shift.id == shift_id)
        await (
            q.update(SignUp, {SignUp.status: SignUpStatus.CANCELLED, SignUp.cancelled_at: now})
            .where(SignUp.shift == shift_id)
            .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
        )
        await (
            q.update(
                Invitation,
                {Invitation.status: InvitationStatus.WITHDRAWN, Invitation.responded_at: now},
            )
            .where(Invitation.shift == shift_id)
            .where(Invitation.status == InvitationStatus.PENDING)
        )
        data = {"shift_id": shift_id, "need_id": need.id, "reason": reason, **_people(live)}
        await events.emit(q, events.SHIFT_CANCELLED, data, actor=actor.person_id)


async def cancel_shifts_of_need(
    q: TenantQueries, need_id: int, *, actor: Actor, reason: str = "", now: datetime | None = None
) -> list[int]:
    """For the needs services: cancel every scheduled shift of a need that has not started
    (e.g. when the need is cancelled), inside their write block. Returns the shift ids."""
    at = utc_now(now)
    need = await need_for_update(q, need_id)
    rows = await (
        q.select(Shift, Shift.id)
        .where(Shift.need == need.id)
        .where(Shift.status == ShiftStatus.SCHEDULED)
        .where(Shift.starts_at > at)
        .order_by(Shift.id)
    )
    ids = [row["id"] for row in rows]
    await cancel_shifts(q, actor, need, ids, reason=reason, now=at)
    return ids


async def roster(scope: TenantScope, shift_id: int) -> list[RosterEntry]:
    """Who holds a place on the shift, then who waits for one, in promotion order."""
    async with scope.read() as q:
        shift = await q.get(Shift, shift_id, what="Shift")
        need = await q.get(Need, shift.need, what="Need")
        require_shift_manager(scope.actor, need, action="see who signed up for this shift")
        rows = await (
            q.select(
                SignUp,
                SignUp.id,
                SignUp.volunteer,
                SignUp.volunteer.person,
                SignUp.volunteer._.person._.name,
                SignUp.volunteer._.person._.phone,
                SignUp.status,
                SignUp.source,
                SignUp.queued_at,
            )
            .where(SignUp.shift == shift.id)
            .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
            .order_by(SignUp.queued_at)
            .order_by(SignUp.id)
        )
    places = positions(
        {shift.id: [r["id"] for r in rows if r["status"] == SignUpStatus.WAITLISTED]}
    )
    entries = [
        RosterEntry(
            signup_id=r["id"],
            volunteer_id=r["volunteer"],
            person_id=r["volunteer.person"],
            name=r["volunteer.person.name"],
            phone=r["volunteer.person.phone"],
            status=r["status"],
            source=r["source"],
            waitlist_position=places.get(r["id"]),
            queued_at=r["queued_at"],
        )
        for r in rows
    ]
    return sorted(
        entries, key=lambda e: (e.status != SignUpStatus.CONFIRMED, e.waitlist_position or 0)
    )
