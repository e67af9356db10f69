"""Invitations: those who run a need ask a volunteer to take one of its shifts.

A coordinator invites (source "coordinator"); the matching engine, running as the system,
will invite with source "matching". A volunteer holds at most one pending invitation per
shift. Accepting is signing up under the same rules (confirmed, or waitlisted when the
shift is full; refused on overlap or too many weekly hours, and then the invitation stays
pending); the sign-up's source is "invitation". Declining ends it; staff may withdraw
it, and cancelling the shift withdraws it. Events: INVITATION_SENT, INVITATION_ANSWERED.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.needs.tables import Need
from coalition.shifts.access import require_shift_manager, volunteer_for
from coalition.shifts.placing import check_open, lock_shift, place, signup_out, waitlist_position
from coalition.shifts.schemas import (
    LIVE_SIGNUP,
    InvitationAnswer,
    InvitationInput,
    InvitationOut,
    InvitationSource,
    InvitationStatus,
    SignUpSource,
)
from coalition.shifts.tables import Invitation, Shift, SignUp
from coalition.tenancy import Role, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now

_INVITATION = (
    *Invitation.all_columns(exclude=["tenant"]),
    Invitation.shift.need,
    Invitation.shift._.need._.title,
    Invitation.shift.starts_at,
    Invitation.shift.ends_at,
    Invitation.shift.place,
)


def _out(row: dict[str, Any]) -> InvitationOut:
    return InvitationOut(
        id=row["id"],
        shift_id=row["shift"],
        need_id=row["shift.need"],
        need_title=row["shift.need.title"],
        volunteer_id=row["volunteer"],
        starts_at=row["shift.starts_at"],
        ends_at=row["shift.ends_at"],
        place=row["shift.place"],
        source=row["source"],
        message=row["message"],
        status=row["status"],
        invited_by=row["invited_by"],
        created_at=row["created_at"],
        responded_at=row["responded_at"],
    )


async def _one(q: TenantQueries, invitation_id: int) -> InvitationOut:
    row = await q.select(Invitation, *_INVITATION).where(Invitation.id == invitation_id).first()
    assert row is not None
    return _out(row)


async def invite(
    scope: TenantScope, data: InvitationInput, *, now: datetime | None = None
) -> InvitationOut:
    at = utc_now(now)
    check = Checker()
    check.choice("source", data.source, set(InvitationSource))
    check.optional("message", data.message, max_length=500)
    check.raise_if_any()
    try:
        async with scope.write() as q:
            need, shift = await lock_shift(q, data.shift_id)
            require_shift_manager(scope.actor, need, action="invite volunteers to this shift")
            check_open(need, shift, at)
            volunteer = await q.get(Volunteer, data.volunteer_id, what="Volunteer", lock=True)
            if not volunteer.active:
                raise Conflict(
                    "This volunteer is not active.",
                    code="shifts.volunteer_inactive",
                    volunteer_id=volunteer.id,
                )
            live = (
                await q.exists(SignUp)
                .where(SignUp.shift == shift.id)
                .where(SignUp.volunteer == volunteer.id)
                .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
            )
            if live:
                raise Conflict(
                    "This volunteer is signed up for this shift already.",
                    code="shifts.already_signed_up",
                    shift_id=shift.id,
                )
            if await _pending(q, shift.id, volunteer.id):
                raise _already_invited(shift.id)
            invitation = await q.create(
                Invitation,
                shift=shift.id,
                volunteer=volunteer.id,
                invited_by=scope.actor.person_id,
                source=data.source,
                message=data.message.strip(),
                created_at=at,
            )
            await events.emit(
                q,
                events.INVITATION_SENT,
                {
                    "invitation_id": invitation.id,
                    "shift_id": shift.id,
                    "need_id": need.id,
                    "volunteer_id": volunteer.id,
                    "person_id": volunteer.person,
                    "source": data.source,
                    "invited_by": scope.actor.person_id,
                },
                actor=scope.actor.person_id,
            )
            return await _one(q, invitation.id)
    except Conflict as error:
        if error.code == "conflict":  # the unique index: a concurrent second invitation
            raise _already_invited(data.shift_id) from error
        raise


def _already_invited(shift_id: int) -> Conflict:
    return Conflict(
        "This volunteer has a pending invitation to this shift already.",
        code="shifts.already_invited",
        shift_id=shift_id,
    )


async def _pending(q: TenantQueries, shift_id: int, volunteer_id: int) -> bool:
    return bool(
        await q.exists(Invitation)
        .where(Invitation.shift == shift_id)
        .where(Invitation.volunteer == volunteer_id)
        .where(Invitation.status == InvitationStatus.PENDING)
    )


def _require_pending(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(
            f"This invitation is {invitation.status} already.",
            code="shifts.invitation_not_pending",
            status=invitation.status,
        )


async def answer_invitation(
    scope: TenantScope, invitation_id: int, *, accept: bool, now: datetime | None = None
) -> InvitationAnswer:
    """The invited volunteer accepts (and is signed up) or declines."""
    at = utc_now(now)
    zone = await tenant_zone(scope.tenant_id)
    actor = scope.actor
    try:
        async with scope.write() as q:
            first = await q.get(Invitation, invitation_id, what="Invitation")
            need, shift = await lock_shift(q, first.shift)
            invitation = await q.get(Invitation, invitation_id, what="Invitation", lock=True)
            volunteer = await q.get(Volunteer, invitation.volunteer, what="Volunteer", lock=True)
            if actor.person_id is None or volunteer.person != actor.person_id:
                raise PermissionDenied(
                    "Only the invited volunteer may answer this invitation.",
                    code="shifts.not_your_invitation",
                )
            actor.require(Role.VOLUNTEER, action="sign up for shifts")
            _require_pending(invitation)
            signup = None
            if accept:
                signup = await place(
                    q,
                    actor,
                    need,
                    shift,
                    volunteer,
                    source=SignUpSource.INVITATION.value,
                    now=at,
                    zone=zone,
                )
            status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
            await q.update(
                Invitation, {Invitation.status: status, Invitation.responded_at: at}
            ).where(Invitation.id == invitation.id)
            data = {
                "invitation_id": invitation.id,
                "shift_id": shift.id,
                "need_id": need.id,
                "volunteer_id": volunteer.id,
                "person_id": volunteer.person,
                "answer": status.value,
                "invited_by": invitation.invited_by,
                "source": invitation.source,
                "signup_id": signup.id if signup else None,
                "signup_status": signup.status if signup else None,
            }
            await events.emit(q, events.INVITATION_ANSWERED, data, actor=actor.person_id)
            out = signup_out(signup, await waitlist_position(q, signup)) if signup else None
    except Conflict as error:
        if error.code == "conflict":  # the unique index: a double submit that raced
            raise Conflict(
                "You are signed up for this shift already.",
                code="shifts.already_signed_up",
                invitation_id=invitation_id,
            ) from error
        raise
    return InvitationAnswer(invitation_id=invitation_id, status=status.value, signup=out)


async def withdraw_invitation(
    scope: TenantScope, invitation_id: int, *, now: datetime | None = None
) -> InvitationOut:
    """Those who run the need take back a pending invitation."""
    at = utc_now(now)
    async with scope.write() as q:
        first = await q.get(Invitation, invitation_id, what="Invitation")
        need, _ = await lock_shift(q, first.shift)
        invitation = await q.get(Invitation, invitation_id, what="Invitation", lock=True)
        require_shift_manager(scope.actor, need, action="withdraw invitations to this shift")
        _require_pending(invitation)
        await q.update(
            Invitation,
            {Invitation.status: InvitationStatus.WITHDRAWN, Invitation.responded_at: at},
        ).where(Invitation.id == invitation.id)
        return await _one(q, invitation.id)


async def my_invitations(
    scope: TenantScope,
    *,
    volunteer_id: int | None = None,
    status: str | None = InvitationStatus.PENDING,
    upcoming_only: bool = True,
    now: datetime | None = None,
) -> list[InvitationOut]:
    """A volunteer's invitations (pending ones by default) by shift start."""
    at = utc_now(now)
    async with scope.read() as q:
        volunteer = await volunteer_for(q, scope.actor, volunteer_id)
        query = q.select(Invitation, *_INVITATION).where(Invitation.volunteer == volunteer.id)
        if status is not None:
            query = query.where(Invitation.status == status)
        if upcoming_only:
            query = query.where(Invitation.shift.starts_at > at)
        rows = await query.order_by(Invitation.shift.starts_at).order_by(Invitation.id)
    return [_out(row) for row in rows]


async def shift_invitations(scope: TenantScope, shift_id: int) -> list[InvitationOut]:
    """Every invitation to a shift, newest first, for those who run its need."""
    async with scope.read() as q:
        shift = await q.get(Shift, shift_id, what="Shift")
        need = await q.get(Need, shift.need, what="Need")
        require_shift_manager(scope.actor, need, action="see the invitations to this shift")
        rows = await (
            q.select(Invitation, *_INVITATION)
            .where(Invitation.shift == shift.id)
            .order_by(Invitation.created_at, ascending=False)
            .order_by(Invitation.id, ascending=False)
        )
    return [_out(row) for row in rows]
