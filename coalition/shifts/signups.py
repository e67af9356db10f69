"""Volunteers sign up for shifts, wait for a place, and cancel.

A volunteer (the person calling, with the volunteer role) signs up for a scheduled shift
that has not started, of a need that takes sign-ups. They are confirmed while the shift
has a place and waitlisted once it is full; a second live sign-up for the same shift, an
overlapping confirmed shift or too many hours in the week are refused (see
:mod:`coalition.shifts.placing`). When a confirmed volunteer cancels — themselves before
the shift starts, or staff at any time — the first waitlisted volunteer who still fits is
promoted. Events: SIGNUP_CONFIRMED, SIGNUP_WAITLISTED, SIGNUP_CANCELLED, SIGNUP_PROMOTED;
confirming the first volunteer of a need dispatched to the pool accepts the need.
"""

from __future__ import annotations

from datetime import datetime

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.errors import Conflict
from coalition.needs.tables import Need
from coalition.shifts.access import (
    manages_shifts,
    own_volunteer,
    require_shift_manager,
    volunteer_for,
)
from coalition.shifts.placing import (
    event_data,
    free_place,
    lock_shift,
    place,
    positions,
    promote,
    signup_out,
    waitlist_position,
    waitlists,
)
from coalition.shifts.schemas import (
    LIVE_SIGNUP,
    MySignUpOut,
    ShiftStatus,
    SignUpOut,
    SignUpSource,
    SignUpStatus,
)
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now


def already_signed_up(shift_id: int) -> Conflict:
    return Conflict(
        "You are signed up for this shift already.",
        code="shifts.already_signed_up",
        shift_id=shift_id,
    )


async def sign_up(scope: TenantScope, shift_id: int, *, now: datetime | None = None) -> SignUpOut:
    """Sign the calling volunteer up: confirmed, or waitlisted when the shift is full."""
    at = utc_now(now)
    zone = await tenant_zone(scope.tenant_id)
    try:
        async with scope.write() as q:
            need, shift = await lock_shift(q, shift_id)
            volunteer = await own_volunteer(q, scope.actor, lock=True)
            signup = await place(
                q,
                scope.actor,
                need,
                shift,
                volunteer,
                source=SignUpSource.SELF.value,
                now=at,
                zone=zone,
            )
            position = await waitlist_position(q, signup)
    except Conflict as error:
        if error.code == "conflict":  # the unique index: a double submit that raced
            raise already_signed_up(shift_id) from error
        raise
    return signup_out(signup, position)


async def cancel_signup(
    scope: TenantScope, signup_id: int, *, now: datetime | None = None
) -> SignUpOut:
    """Cancel a confirmed or waitlisted sign-up: the volunteer's own before the shift
    starts, or anyone's by those who run the need. A freed place goes to the waitlist."""
    at = utc_now(now)
    zone = await tenant_zone(scope.tenant_id)
    actor = scope.actor
    async with scope.write() as q:
        need, shift = await lock_shift(q, (await q.get(SignUp, signup_id, what="Sign-up")).shift)
        signup = await q.get(SignUp, signup_id, what="Sign-up", lock=True)
        volunteer = await q.get(Volunteer, signup.volunteer, what="Volunteer")
        staff = manages_shifts(actor, need)
        if not staff:
            if actor.person_id is None or volunteer.person != actor.person_id:
                require_shift_manager(actor, need, action="cancel another volunteer's sign-up")
            if shift.starts_at <= at:
                raise Conflict(
                    "This shift has already started; ask its coordinator.",
                    code="shifts.shift_started",
                    shift_id=shift.id,
                )
        if signup.status not in LIVE_SIGNUP:
            raise Conflict(
                "This sign-up is cancelled already.",
                code="shifts.signup_not_live",
                signup_id=signup.id,
            )
        was = signup.status
        await q.update(
            SignUp, {SignUp.status: SignUpStatus.CANCELLED, SignUp.cancelled_at: at}
        ).where(SignUp.id == signup.id)
        signup.status, signup.cancelled_at = SignUpStatus.CANCELLED.value, at
        by = "volunteer" if volunteer.person == actor.person_id else "staff"
        data = event_data(signup, need, volunteer, was=was, by=by)
        await events.emit(q, events.SIGNUP_CANCELLED, data, actor=actor.person_id)
        if was == SignUpStatus.CONFIRMED:
            await free_place(q, shift.id)
            await promote(q, actor, need, shift.id, now=at, zone=zone)
    return signup_out(signup, None)


async def get_signup(scope: TenantScope, signup_id: int) -> SignUpOut:
    """A sign-up with its waitlist position, for its volunteer or those who run the need."""
    async with scope.read() as q:
        signup = await q.get(SignUp, signup_id, what="Sign-up")
        volunteer = await q.get(Volunteer, signup.volunteer, what="Volunteer")
        if scope.actor.person_id is None or volunteer.person != scope.actor.person_id:
            shift = await q.get(Shift, signup.shift, what="Shift")
            need = await q.get(Need, shift.need, what="Need")
            require_shift_manager(scope.actor, need, action="see this sign-up")
        return signup_out(signup, await waitlist_position(q, signup))


async def my_signups(
    scope: TenantScope,
    *,
    volunteer_id: int | None = None,
    upcoming_only: bool = True,
    include_cancelled: bool = False,
    now: datetime | None = None,
) -> list[MySignUpOut]:
    """A volunteer's sign-ups by shift start, with the need's title, the shift's times and
    their waitlist position. ``upcoming_only`` keeps shifts that have not ended."""
    at = utc_now(now)
    async with scope.read() as q:
        volunteer = await volunteer_for(q, scope.actor, volunteer_id)
        query = q.select(
            SignUp,
            SignUp.id,
            SignUp.shift,
            SignUp.shift.need,
            SignUp.shift._.need._.title,
            SignUp.shift.starts_at,
            SignUp.shift.ends_at,
            SignUp.shift.place,
            SignUp.shift.status,
            SignUp.status,
            SignUp.source,
        ).where(SignUp.volunteer == volunteer.id)
        if upcoming_only:
            query = query.where(SignUp.shift.ends_at > at)
        if not include_cancelled:
            query = query.where(SignUp.status.is_in(list(LIVE_SIGNUP)))
        rows = await query.order_by(SignUp.shift.starts_at).order_by(SignUp.id)
        waiting = {r["shift"] for r in rows if r["status"] == SignUpStatus.WAITLISTED}
        places = positions(await waitlists(q, waiting))
    return [
        MySignUpOut(
            signup_id=r["id"],
            shift_id=r["shift"],
            need_id=r["shift.need"],
            need_title=r["shift.need.title"],
            starts_at=r["shift.starts_at"],
            ends_at=r["shift.ends_at"],
            place=r["shift.place"],
            shift_status=r["shift.status"] or ShiftStatus.SCHEDULED,
            status=r["status"],
            source=r["source"],
            waitlist_position=places.get(r["id"]),
        )
        for r in rows
    ]
