"""Coordinators act on a proposal line by line: confirm one (an invitation is sent, source
"matching") or drop it. A line is confirmed only if the volunteer still passes every hard
rule now, and the shift still has a place that is neither taken nor offered."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from coalition.actors.tables import Volunteer
from coalition.errors import Conflict, NotFound
from coalition.matching.features import covers, weekly_intervals, window_pieces
from coalition.matching.proposal_view import decoded, line_rows, shown
from coalition.matching.schemas import LineStatus, ProposalLineOut
from coalition.matching.tables import Proposal, ProposalLine
from coalition.needs.tables import Need
from coalition.shifts.access import require_shift_manager
from coalition.shifts.invitations import invite
from coalition.shifts.placing import check_open, fit_problem, lock_shift
from coalition.shifts.schemas import (
    InvitationInput,
    InvitationOut,
    InvitationSource,
    InvitationStatus,
)
from coalition.shifts.tables import Invitation, Shift
from coalition.tenancy import TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_zone, utc_now


async def _line(q: TenantQueries, proposal_id: int, line_id: int) -> ProposalLine:
    """The line, locked; NotFound unless it belongs to that proposal of this tenant."""
    await q.get(Proposal, proposal_id, what="Proposal")
    line = await q.get(ProposalLine, line_id, what="Proposal line", lock=True)
    if line.proposal != proposal_id:
        raise NotFound(
            f"Proposal line {line_id} does not exist.",
            code="matching_proposal_line.not_found",
            pk=line_id,
        )
    return line


def _require_proposed(line: ProposalLine) -> None:
    if line.status != LineStatus.PROPOSED:
        raise Conflict(
            f"This line is {line.status} already.",
            code="matching.line_not_proposed",
            status=line.status,
        )


async def still_fits(
    q: TenantQueries, volunteer: Volunteer, need: Need, shift: Shift, zone: ZoneInfo
) -> Conflict | None:
    """Why the volunteer no longer passes a hard rule for the shift, or None."""
    problem = await fit_problem(q, volunteer, shift, zone)  # active, overlap, weekly hours
    if problem is not None:
        return problem
    missing = sorted(set(need.required_skills or ()) - set(volunteer.skills or ()))
    if missing:
        return Conflict(
            "The volunteer no longer holds every skill the need requires.",
            code="matching.missing_skills",
            missing=missing,
        )
    pieces = window_pieces(shift.starts_at, shift.ends_at, zone)
    if not covers(weekly_intervals(volunteer.availability), pieces):
        return Conflict(
            "The shift is no longer within the volunteer's weekly availability.",
            code="matching.unavailable",
            volunteer_id=volunteer.id,
        )
    return None


async def confirm_line(
    scope: TenantScope, proposal_id: int, line_id: int, *, now: datetime | None = None
) -> InvitationOut:
    """Invite the line's volunteer to its shift (source "matching"), after checking the
    hard rules again; the line becomes confirmed. Nobody is signed up: the volunteer
    answers the invitation."""
    at = utc_now(now)
    zone = await tenant_zone(scope.tenant_id)
    async with scope.write() as q:
        line = await _line(q, proposal_id, line_id)
        need, shift = await lock_shift(q, line.shift)
        require_shift_manager(scope.actor, need, action="confirm proposed volunteers")
        _require_proposed(line)
        check_open(need, shift, at)
        volunteer = await q.get(Volunteer, line.volunteer, what="Volunteer", lock=True)
        problem = await still_fits(q, volunteer, need, shift, zone)
        if problem is not None:
            raise problem
        offered = (
            await q.count(Invitation)
            .where(Invitation.shift == shift.id)
            .where(Invitation.status == InvitationStatus.PENDING.value)
            .where(Invitation.volunteer != volunteer.id)
        )
        if shift.confirmed + offered >= shift.headcount:
            raise Conflict(
                "Every place on this shift is taken or offered already.",
                code="matching.shift_full",
                headcount=shift.headcount,
                confirmed=shift.confirmed,
                invited=offered,
            )
        invitation = await invite(
            scope,
            InvitationInput(
                shift_id=shift.id,
                volunteer_id=volunteer.id,
                source=InvitationSource.MATCHING.value,
            ),
            now=at,
        )
        await q.update(
            ProposalLine,
            {
                ProposalLine.status: LineStatus.CONFIRMED.value,
                ProposalLine.invitation: invitation.id,
                ProposalLine.decided_by: scope.actor.person_id,
                ProposalLine.decided_at: at,
            },
        ).where(ProposalLine.id == line.id)
    return invitation


async def drop_line(
    scope: TenantScope, proposal_id: int, line_id: int, *, now: datetime | None = None
) -> ProposalLineOut:
    """Leave the line's volunteer out; nothing is sent."""
    at = utc_now(now)
    async with scope.write() as q:
        line = await _line(q, proposal_id, line_id)
        shift = await q.get(Shift, line.shift, what="Shift")
        need = await q.get(Need, shift.need, what="Need")
        require_shift_manager(scope.actor, need, action="drop proposed volunteers")
        _require_proposed(line)
        await q.update(
            ProposalLine,
            {
                ProposalLine.status: LineStatus.DROPPED.value,
                ProposalLine.decided_by: scope.actor.person_id,
                ProposalLine.decided_at: at,
            },
        ).where(ProposalLine.id == line.id)
        proposal = await q.get(Proposal, proposal_id, what="Proposal")
        weights = {k: float(v) for k, v in (decoded(proposal.weights) or {}).items()}
        (out,) = await shown(
            q, scope.actor, await line_rows(q, ProposalLine.id == line.id), weights
        )
    return out
