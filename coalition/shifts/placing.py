"""Giving a volunteer a place on a shift, or in its waitlist, and promoting from it.

The rules shared by sign-ups, accepted invitations and promotions live here:

* a volunteer holds one live (confirmed or waitlisted) sign-up per shift;
* never two overlapping confirmed shifts, of any need;
* never more confirmed hours in one ISO week (of the tenant's time zone, by the shift's
  start) than their ``max_hours_week``;
* ``Shift.confirmed`` counts the confirmed sign-ups. A place is taken with a guarded
  ``UPDATE ... SET confirmed = confirmed + 1 WHERE confirmed < headcount``: whoever finds no
  row updated joins the waitlist, so a shift is never overbooked, however many race.

Locks are taken in one order — the need, then the shift, then volunteers by id — so that
concurrent use cases on PostgreSQL wait for each other instead of deadlocking.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.db import current_engine, is_postgres
from coalition.errors import Conflict
from coalition.needs.lifecycle import accept_from_pool, can_take_signups, need_for_update
from coalition.needs.tables import Need
from coalition.shifts.schemas import LIVE_SIGNUP, ShiftStatus, SignUpOut, SignUpStatus
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import Actor, TenantQueries


async def lock_shift(q: TenantQueries, shift_id: int) -> tuple[Need, Shift]:
    """The shift and its need, both locked for the rest of the write block."""
    shift = await q.get(Shift, shift_id, what="Shift")
    need = await need_for_update(q, shift.need)
    return need, await q.get(Shift, shift_id, what="Shift", lock=True)


async def lock_volunteers(q: TenantQueries, ids: Iterable[int]) -> dict[int, Volunteer]:
    """Volunteers by id, locked in id order (PostgreSQL; SQLite writers are serial)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = q.objects(Volunteer).where(Volunteer.id.is_in(wanted)).order_by(Volunteer.id)
    if is_postgres(current_engine()):
        query = query.lock_rows("UPDATE")
    return {row.id: row for row in await query}


def check_open(need: Need, shift: Shift, now: datetime) -> None:
    """The shift can take sign-ups now: scheduled, not started, its need open to them."""
    if shift.status != ShiftStatus.SCHEDULED:
        raise Conflict(
            "This shift was cancelled.", code="shifts.shift_cancelled", shift_id=shift.id
        )
    if shift.starts_at <= now:
        raise Conflict(
            "This shift has already started.", code="shifts.shift_started", shift_id=shift.id
        )
    if not can_take_signups(need.state, need.dispatch_kind):
        raise Conflict(
            "This need does not take sign-ups in its present state.",
            code="shifts.need_not_taking_signups",
            state=need.state,
        )


def week_bounds(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The ISO week (Monday 00:00 to Monday 00:00 local time) around ``moment``, as
    time-zone aware datetimes."""
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    return start, end


async def fit_problem(
    q: TenantQueries, volunteer: Volunteer, shift: Shift, zone: ZoneInfo
) -> Conflict | None:
    """Why ``volunteer`` cannot take ``shift`` now, or None when they can."""
    if not volunteer.active:
        return Conflict(
            "This volunteer is not active.",
            code="shifts.volunteer_inactive",
            volunteer_id=volunteer.id,
        )
    held = (
        q.select(SignUp, SignUp.shift, SignUp.shift.starts_at, SignUp.shift.ends_at)
        .where(SignUp.volunteer == volunteer.id)
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
        .where(SignUp.shift != shift.id)
    )
    overlapping = await (
        held.where(SignUp.shift.starts_at < shift.ends_at)
        .where(SignUp.shift.ends_at > shift.starts_at)
        .first()
    )
    if overlapping is not None:
        return Conflict(
            "You hold a confirmed shift at the same time.",
            code="shifts.overlapping_shift",
            shift_id=overlapping["shift"],
        )
    week_start, week_end = week_bounds(shift.starts_at, zone)
    this_week = (
        q.select(SignUp, SignUp.shift.starts_at, SignUp.shift.ends_at)
        .where(SignUp.volunteer == volunteer.id)
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
        .where(SignUp.shift != shift.id)
        .where(SignUp.shift.starts_at >= week_start)
        .where(SignUp.shift.starts_at < week_end)
    )
    booked = sum(
        ((r["shift.ends_at"] - r["shift.starts_at"]) for r in await this_week), timedelta()
    )
    limit = timedelta(hours=volunteer.max_hours_week)
    if booked + (shift.ends_at - shift.starts_at) > limit:
        return Conflict(
            f"This shift would take you over your {volunteer.max_hours_week} hours that week.",
            code="shifts.weekly_hours_exceeded",
            max_hours_week=volunteer.max_hours_week,
            booked_hours=round(booked.total_seconds() / 3600, 2),
            week_start=week_start.date().isoformat(),
        )
    return None


async def take_place(q: TenantQueries, shift_id: int) -> bool:
    """Count one more confirmed volunteer, unless the shift is full."""
    taken = (
        await q.update(Shift, {Shift.confirmed: Shift.confirmed + 1})
        .where(Shift.id == shift_id)
        .where(Shift.confirmed < Shift.headcount)
        .returning(Shift.id)
    )
    return bool(taken)


async def free_place(q: TenantQueries, shift_id: int) -> None:
    await (
        q.update(Shift, {Shift.confirmed: Shift.confirmed - 1})
        .where(Shift.id == shift_id)
        .where(Shift.confirmed > 0)
    )


def event_data(signup: SignUp, need: Need, volunteer: Volunteer, **extra: Any) -> dict[str, Any]:
    return {
        "signup_id": signup.id,
        "shift_id": signup.shift,
        "need_id": need.id,
        "volunteer_id": volunteer.id,
        "person_id": volunteer.person,
        **extra,
    }


async def place(
    q: TenantQueries,
    actor: Actor,
    need: Need,
    shift: Shift,
    volunteer: Volunteer,
    *,
    source: str,
    now: datetime,
    zone: ZoneInfo,
) -> SignUp:
    """Sign ``volunteer`` up for ``shift`` (need and shift locked by the caller): confirmed
    while there is a place, else waitlisted. Emits SIGNUP_CONFIRMED or SIGNUP_WAITLISTED."""
    check_open(need, shift, now)
    live = (
        await q.exists(SignUp)
        .where(SignUp.shift == shift.id)
        .where(SignUp.volunteer == volunteer.id)
        .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
    )
    if live:
        raise Conflict(
            "You are signed up for this shift already.",
            code="shifts.already_signed_up",
            shift_id=shift.id,
        )
    problem = await fit_problem(q, volunteer, shift, zone)
    if problem is not None:
        raise problem
    confirmed = await take_place(q, shift.id)
    signup = await q.create(
        SignUp,
        shift=shift.id,
        volunteer=volunteer.id,
        status=(SignUpStatus.CONFIRMED if confirmed else SignUpStatus.WAITLISTED).value,
        queued_at=now,
        confirmed_at=now if confirmed else None,
        source=source,
        created_at=now,
    )
    if confirmed:
        await events.emit(
            q,
            events.SIGNUP_CONFIRMED,
            event_data(signup, need, volunteer, source=source),
            actor=actor.person_id,
        )
        await accept_from_pool(q, need.id, actor=actor.person_id, now=now)
        await note_if_filled(q, need, now=now)
    else:
        position = await waitlist_position(q, signup)
        await events.emit(
            q,
            events.SIGNUP_WAITLISTED,
            event_data(signup, need, volunteer, source=source, position=position),
            actor=actor.person_id,
        )
    return signup


async def promote(
    q: TenantQueries, actor: Actor, need: Need, shift_id: int, *, now: datetime, zone: ZoneInfo
) -> list[SignUp]:
    """Fill the shift's free places from its waitlist, in order; a waitlisted volunteer who
    no longer fits (overlap, weekly hours, inactive) is skipped and stays waitlisted.
    Emits SIGNUP_PROMOTED for each. Nothing moves once the shift has started, was
    cancelled, or its need takes no sign-ups."""
    shift = await q.get(Shift, shift_id, what="Shift")
    free = shift.headcount - shift.confirmed
    if free <= 0 or shift.status != ShiftStatus.SCHEDULED or shift.starts_at <= now:
        return []
    if not can_take_signups(need.state, need.dispatch_kind):
        return []
    waiting = (
        await q.objects(SignUp)
        .where(SignUp.shift == shift.id)
        .where(SignUp.status == SignUpStatus.WAITLISTED)
        .order_by(SignUp.queued_at)
        .order_by(SignUp.id)
    )
    volunteers = await lock_volunteers(q, (s.volunteer for s in waiting))
    promoted: list[SignUp] = []
    for signup in waiting:
        if len(promoted) == free:
            break
        volunteer = volunteers[signup.volunteer]
        if await fit_problem(q, volunteer, shift, zone) is not None:
            continue
        if not await take_place(q, shift.id):
            break
        values: dict[Any, Any] = {
            SignUp.status: SignUpStatus.CONFIRMED,
            SignUp.confirmed_at: now,
            SignUp.promoted_at: now,
        }
        await q.update(SignUp, values).where(SignUp.id == signup.id)
        signup.status, signup.confirmed_at, signup.promoted_at = (
            SignUpStatus.CONFIRMED.value,
            now,
            now,
        )
        promoted.append(signup)
        await events.emit(
            q, events.SIGNUP_PROMOTED, event_data(signup, need, volunteer), actor=actor.person_id
        )
        await accept_from_pool(q, need.id, actor=actor.person_id, now=now)
    if promoted:
        await note_if_filled(q, need, now=now)
    return promoted


async def note_if_filled(q: TenantQueries, need: Need, *, now: datetime) -> None:
    """The first moment every scheduled shift of the need has its headcount is when the
    need was filled (reports measure the time to fill from it); later cancellations do not
    move it."""
    if need.filled_at is not None:
        return
    short = (
        await q.exists(Shift)
        .where(Shift.need == need.id)
        .where(Shift.status == ShiftStatus.SCHEDULED)
        .where(Shift.confirmed < Shift.headcount)
    )
    if not short:
        await q.update(Need, {Need.filled_at: now}).where(Need.id == need.id)
        need.filled_at = now


# --- waitlist positions --------------------------------------------------------------------


async def waitlist_position(q: TenantQueries, signup: SignUp) -> int | None:
    """1 + the number waitlisted before this sign-up by (queued_at, id); None unless it is
    waitlisted."""
    if signup.status != SignUpStatus.WAITLISTED:
        return None
    before = (
        await q.count(SignUp)
        .where(SignUp.shift == signup.shift)
        .where(SignUp.status == SignUpStatus.WAITLISTED)
        .where(
            (SignUp.queued_at < signup.queued_at)
            | ((SignUp.queued_at == signup.queued_at) & (SignUp.id < signup.id))
        )
    )
    return before + 1


async def waitlists(q: TenantQueries, shift_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each shift, the ids of its waitlisted sign-ups in promotion order."""
    wanted = list(set(shift_ids))
    result: dict[int, list[int]] = {shift_id: [] for shift_id in wanted}
    if not wanted:
        return result
    rows = (
        await q.select(SignUp, SignUp.id, SignUp.shift)
        .where(SignUp.shift.is_in(wanted))
        .where(SignUp.status == SignUpStatus.WAITLISTED)
        .order_by(SignUp.queued_at)
        .order_by(SignUp.id)
    )
    for row in rows:
        result[row["shift"]].append(row["id"])
    return result


def positions(lists: dict[int, list[int]]) -> dict[int, int]:
    """Sign-up id → waitlist position, from :func:`waitlists`."""
    return {signup_id: n for ids in lists.values() for n, signup_id in enumerate(ids, 1)}


def signup_out(row: SignUp | dict[str, Any], position: int | None) -> SignUpOut:
    data: dict[str, Any] = row if isinstance(row, dict) else row.to_dict()
    get = data.__getitem__
    return SignUpOut(
        id=get("id"),
        shift_id=get("shift"),
        volunteer_id=get("volunteer"),
        status=str(get("status")),
        source=str(get("source")),
        waitlist_position=position if get("status") == SignUpStatus.WAITLISTED else None,
        queued_at=get("queued_at"),
        confirmed_at=get("confirmed_at"),
        promoted_at=get("promoted_at"),
        cancelled_at=get("cancelled_at"),
    )
