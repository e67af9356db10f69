"""Coordinators have volunteers proposed for many open shifts at once, then confirm the
lines one by one (each an invitation) or drop them. Nobody is ever signed up by it."""

from datetime import timedelta

import pytest

from coalition import events
from coalition.actors.volunteers import deactivate_volunteer
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import (
    confirm_line,
    drop_line,
    get_proposal,
    list_proposals,
    propose_assignment,
)
from coalition.matching.tables import ProposalLine
from coalition.shifts import invitations, services
from coalition.shifts.schemas import InvitationInput
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    LivedExperienceFactory,
    OrganisationFactory,
)
from tests.coalition.matching.helpers import (
    NOW,
    World,
    as_volunteer,
    confirmed_on,
    day,
    person,
    vol,
    world,
)

FORTNIGHT = ProposalRequest(window_start=NOW, window_end=NOW + timedelta(days=14))


def pairs(proposal) -> set[tuple[int, int]]:
    return {(line.shift_id, line.volunteer_id) for line in proposal.lines}


async def test_a_proposal_fills_the_open_places_and_signs_nobody_up(w: World) -> None:
    two = await w.shift(day(2), headcount=2)
    one = await w.shift(day(3), headcount=1)
    a, b, c = await vol(w), await vol(w), await vol(w, home_grid=w.other_grid)

    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert (proposal.shifts, proposal.places, len(proposal.lines)) == (2, 3, 3)
    assert {line.shift_id for line in proposal.lines} == {two.id, one.id}
    assert len([line for line in proposal.lines if line.shift_id == two.id]) == 2
    assert {line.volunteer_id for line in proposal.lines} <= {a.id, b.id, c.id}
    assert proposal.solver_status == "optimal"
    assert proposal.objective is not None and proposal.greedy_objective is not None
    assert proposal.objective >= proposal.greedy_objective - 1e-6
    line = proposal.lines[0]
    assert line.status == "proposed" and line.invitation_id is None
    assert line.explanation.startswith("has 1 of 1 skill; ")
    assert line.need_title == "帮独居老人王奶奶买菜"
    assert (await get_proposal(w.staff, proposal.id)).lines == proposal.lines
    assert [s.confirmed for s in await services.list_shifts(w.staff, w.need)] == [0, 0]


async def test_nobody_is_proposed_for_two_overlapping_shifts(w: World) -> None:
    first = await w.shift(day(2), headcount=1)
    second = await w.shift(day(2, minute=30), headcount=1)
    star = await vol(w)
    other = await vol(w, home_grid=w.other_grid)

    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert len(proposal.lines) == 2
    assert proposal.solver_status == "optimal"  # not the fallback for a broken answer
    assert {line.volunteer_id for line in proposal.lines} == {star.id, other.id}
    assert {line.shift_id for line in proposal.lines} == {first.id, second.id}


async def test_nobody_is_proposed_over_their_weekly_hours(w: World) -> None:
    await w.shift(day(2), hours=2, headcount=1)
    await w.shift(day(3), hours=2, headcount=1)
    await w.shift(day(9), hours=2, headcount=1)  # the next week
    await vol(w, max_hours_week=3)

    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert len(proposal.lines) == 2
    assert sorted(line.starts_at for line in proposal.lines)[1] == day(9)


async def test_organisation_caps_hold_per_shift_and_in_total(w: World) -> None:
    team = await OrganisationFactory.create(tenant=w.tenant_id)
    big = await w.shift(day(2), headcount=3)
    small = await w.shift(day(4), headcount=1)
    members = [await vol(w, organisation=team.id) for _ in range(3)]
    loner = await vol(w, home_grid=w.other_grid)

    capped = await propose_assignment(
        w.staff,
        ProposalRequest(
            window_start=NOW, window_end=NOW + timedelta(days=14), max_per_organisation_per_shift=1
        ),
        now=NOW,
    )
    on_big = [line.volunteer_id for line in capped.lines if line.shift_id == big.id]
    assert len(on_big) == 2 and loner.id in on_big
    assert len([v for v in on_big if v in {m.id for m in members}]) == 1
    assert capped.max_per_organisation_per_shift == 1

    total = await propose_assignment(
        w.staff,
        ProposalRequest(
            window_start=NOW, window_end=NOW + timedelta(days=14), max_per_organisation_total=1
        ),
        now=NOW,
    )
    from_team = [line for line in total.lines if line.volunteer_id != loner.id]
    assert len(from_team) == 1
    assert {line.shift_id for line in total.lines} == {big.id, small.id}


async def test_confirming_a_line_sends_a_matching_invitation_the_volunteer_can_accept(
    w: World,
) -> None:
    heard: list[events.Event] = []

    async def listen(event: events.Event) -> None:
        heard.append(event)

    shift = await w.shift(day(2), headcount=1)
    volunteer = await vol(w)
    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)
    (line,) = proposal.lines
    events.subscribe(events.INVITATION_SENT, listen)
    try:
        sent = await confirm_line(w.staff, proposal.id, line.id, now=NOW)
    finally:
        events.unsubscribe(events.INVITATION_SENT, listen)

    assert (sent.shift_id, sent.volunteer_id, sent.source) == (shift.id, volunteer.id, "matching")
    assert sent.invited_by == w.staff.actor.person_id
    assert [e.data["source"] for e in heard] == ["matching"]
    (after,) = (await get_proposal(w.staff, proposal.id)).lines
    assert (after.status, after.invitation_id, after.decided_by) == (
        "confirmed",
        sent.id,
        w.staff.actor.person_id,
    )
    answer = await invitations.answer_invitation(
        as_volunteer(w, volunteer), sent.id, accept=True, now=NOW
    )
    assert answer.signup is not None and answer.signup.status == "confirmed"
    with pytest.raises(Conflict) as caught:
        await confirm_line(w.staff, proposal.id, line.id, now=NOW)
    assert caught.value.code == "matching.line_not_proposed"


async def test_confirmation_checks_the_hard_rules_again(w: World) -> None:
    await w.shift(day(2), headcount=1)
    await w.shift(day(4), headcount=1)
    volunteer = await vol(w)
    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)
    first, second = proposal.lines

    await confirmed_on(w, await w.shift(day(2, minute=30)), volunteer)
    with pytest.raises(Conflict) as caught:
        await confirm_line(w.staff, proposal.id, first.id, now=NOW)
    assert caught.value.code == "shifts.overlapping_shift"

    await deactivate_volunteer(w.admin, volunteer.id)
    with pytest.raises(Conflict) as caught:
        await confirm_line(w.staff, proposal.id, second.id, now=NOW)
    assert caught.value.code == "shifts.volunteer_inactive"

    dropped = await drop_line(w.staff, proposal.id, first.id, now=NOW)
    assert (dropped.status, dropped.decided_by) == ("dropped", w.staff.actor.person_id)
    assert [line.status for line in (await get_proposal(w.staff, proposal.id)).lines] == [
        "dropped",
        "proposed",
    ]
    assert await invitations.shift_invitations(w.staff, first.shift_id) == []


async def test_a_place_taken_or_offered_meanwhile_is_not_offered_again(w: World) -> None:
    shift = await w.shift(day(2), headcount=1)
    await vol(w)
    proposal = await propose_assignment(w.staff, FORTNIGHT, now=NOW)
    (line,) = proposal.lines
    someone = await vol(w)
    await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=someone.id), now=NOW
    )

    with pytest.raises(Conflict) as caught:
        await confirm_line(w.staff, proposal.id, line.id, now=NOW)
    assert caught.value.code == "matching.shift_full"
    # And an offered place is not proposed again.
    assert (await propose_assignment(w.staff, FORTNIGHT, now=NOW)).lines == []


async def test_coordinators_get_and_see_only_the_shifts_they_run(w: World) -> None:
    mine = await w.shift(day(2), headcount=1)
    theirs_need = await w.new_need(grid=w.other_grid)
    theirs = await w.shift(day(2), headcount=1, need=theirs_need)
    await vol(w)
    await vol(w, home_grid=w.other_grid)

    by_admin = await propose_assignment(w.admin, FORTNIGHT, now=NOW)
    by_staff = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert {line.shift_id for line in by_admin.lines} == {mine.id, theirs.id}
    assert {line.shift_id for line in by_staff.lines} == {mine.id}
    assert (by_admin.shifts, by_staff.shifts) == (2, 1)  # not merely hidden: not proposed
    seen_by_other = await get_proposal(w.other_staff, by_admin.id)
    assert {line.shift_id for line in seen_by_other.lines} == {theirs.id}
    their_line = next(line for line in by_admin.lines if line.shift_id == theirs.id)
    with pytest.raises(PermissionDenied):
        await confirm_line(w.staff, by_admin.id, their_line.id, now=NOW)
    with pytest.raises(PermissionDenied):
        await drop_line(w.staff, by_admin.id, their_line.id, now=NOW)
    with pytest.raises(PermissionDenied):
        await propose_assignment(await person(w.tenant_id, Role.VOLUNTEER), FORTNIGHT, now=NOW)


async def test_an_alliance_proposal_covers_only_the_alliances_needs_list(w: World) -> None:
    alliance = await AllianceFactory.create(tenant=w.tenant_id)
    listed = await w.shift(day(2), need=await w.new_need(alliance=alliance.id), headcount=1)
    await w.shift(day(3), headcount=1)
    await vol(w)

    proposal = await propose_assignment(
        w.admin,
        ProposalRequest(alliance_id=alliance.id, window_end=NOW + timedelta(days=7)),
        now=NOW,
    )

    assert [line.shift_id for line in proposal.lines] == [listed.id]
    assert proposal.alliance_id == alliance.id


async def test_lived_experience_is_never_stored_in_a_proposal(w: World) -> None:
    mediation = await w.new_need(category="dispute_mediation", required_skills=[])
    await w.shift(day(2), need=mediation, headcount=1)
    plain = await vol(w)
    been_there = await vol(w)
    await LivedExperienceFactory.create(tenant=w.tenant_id, volunteer=been_there.id)

    proposal = await propose_assignment(w.admin, FORTNIGHT, now=NOW)

    (line,) = proposal.lines
    assert line.volunteer_id == been_there.id != plain.id
    assert line.reasons[-1].code == "lived_experience"
    async with TenantScope.system(w.tenant_id).read() as q:
        (stored,) = await q.select(ProposalLine, ProposalLine.reasons, ProposalLine.score)
    assert "lived" not in str(stored["reasons"])
    assert stored["score"] == pytest.approx(line.score - line.reasons[-1].points, abs=1e-3)
    seen_by_staff = (await get_proposal(w.staff, proposal.id)).lines[0]
    assert all(r.code != "lived_experience" for r in seen_by_staff.reasons)


async def test_the_same_state_gives_the_same_proposal(w: World) -> None:
    for n in range(4):
        await w.shift(day(2 + n % 2, minute=30 * n), headcount=2)
    for _ in range(6):
        await vol(w)

    first = await propose_assignment(w.staff, FORTNIGHT, now=NOW)
    second = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert pairs(first) == pairs(second)
    assert [p.id for p in await list_proposals(w.staff)] == [second.id, first.id]
    summary = (await list_proposals(w.staff))[0]
    assert (summary.lines, summary.proposed, summary.confirmed) == (
        len(second.lines),
        len(second.lines),
        0,
    )


async def test_bad_windows_and_caps_are_refused(w: World) -> None:
    cases = {
        "window_end": ProposalRequest(window_start=NOW, window_end=NOW - timedelta(hours=1)),
        "window_start": ProposalRequest(window_start=NOW.replace(tzinfo=None)),
        "max_per_organisation_total": ProposalRequest(max_per_organisation_total=0),
    }
    for field, request in cases.items():
        with pytest.raises(InvalidInput) as caught:
            await propose_assignment(w.staff, request, now=NOW)
        assert set(caught.value.fields) == {field}
    with pytest.raises(InvalidInput) as caught:
        await propose_assignment(
            w.staff, ProposalRequest(window_end=NOW + timedelta(days=100)), now=NOW
        )
    assert caught.value.fields["window_end"].code == "too_long"


async def test_another_tenants_proposals_lines_and_alliances_are_not_found(
    w: World, other_tenant
) -> None:
    theirs = await world(other_tenant.id)
    await theirs.shift(day(2), headcount=1)
    await vol(theirs)
    their_proposal = await propose_assignment(theirs.admin, FORTNIGHT, now=NOW)
    (their_line,) = their_proposal.lines
    their_alliance = await AllianceFactory.create(tenant=other_tenant.id)
    await w.shift(day(2), headcount=1)
    mine = await vol(w)
    my_proposal = await propose_assignment(w.admin, FORTNIGHT, now=NOW)

    assert [line.volunteer_id for line in my_proposal.lines] == [mine.id]
    with pytest.raises(NotFound):
        await get_proposal(w.admin, their_proposal.id)
    with pytest.raises(NotFound):
        await confirm_line(w.admin, their_proposal.id, their_line.id, now=NOW)
    with pytest.raises(NotFound):  # their line under my proposal's id
        await confirm_line(w.admin, my_proposal.id, their_line.id, now=NOW)
    with pytest.raises(NotFound):
        await propose_assignment(w.admin, ProposalRequest(alliance_id=their_alliance.id), now=NOW)
    assert [p.id for p in await list_proposals(w.admin)] == [my_proposal.id]
