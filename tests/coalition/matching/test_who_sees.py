"""Who sees which proposal, and which figures: the list and a proposal's page agree.

Tenant admins see every proposal whole. Anyone else sees those with a line of a shift they
run, and those they made; they count only the lines they see, and the figures of the whole
proposal (shifts, places, the solver's) are for its maker and the admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from coalition.errors import NotFound
from coalition.matching.schemas import ProposalOut, ProposalRequest
from coalition.matching.services import (
    confirm_line,
    drop_line,
    get_proposal,
    list_proposals,
    propose_assignment,
)
from coalition.shifts.schemas import ShiftOut
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import OrganisationFactory, UnitFactory
from tests.coalition.matching.helpers import NOW, World, day, person, vol

FORTNIGHT = ProposalRequest(window_start=NOW, window_end=NOW + timedelta(days=14))


@dataclass
class Spread:
    """An admin's proposal over four shifts, one line each: 东村's, and three of 西村's
    needs, one sent to an organisation and one to a unit."""

    proposal: ProposalOut
    village: ShiftOut  # 东村: its staff
    west: ShiftOut  # 西村: its staff
    organisation: ShiftOut  # 西村, dispatched to the organisation: its coordinator too
    unit: ShiftOut  # 西村, dispatched to the unit: its liaison too
    coordinator: TenantScope
    liaison: TenantScope
    outsider: TenantScope  # coordinator of another organisation


async def spread(w: World) -> Spread:
    team = await OrganisationFactory.create(tenant=w.tenant_id)
    other_team = await OrganisationFactory.create(tenant=w.tenant_id)
    unit = await UnitFactory.create(tenant=w.tenant_id)
    village = await w.shift(day(2), headcount=1)
    west = await w.shift(day(3), headcount=1, need=await w.new_need(grid=w.other_grid))
    sent_to_team = await w.new_need(
        grid=w.other_grid, dispatch_kind="organisation", dispatched_organisation=team.id
    )
    sent_to_unit = await w.new_need(
        grid=w.other_grid, dispatch_kind="unit", dispatched_unit=unit.id
    )
    organisation = await w.shift(day(4), headcount=1, need=sent_to_team)
    unit_shift = await w.shift(day(5), headcount=1, need=sent_to_unit)
    for _ in range(4):
        await vol(w)
    proposal = await propose_assignment(w.admin, FORTNIGHT, now=NOW)
    assert len(proposal.lines) == 4
    return Spread(
        proposal=proposal,
        village=village,
        west=west,
        organisation=organisation,
        unit=unit_shift,
        coordinator=await person(w.tenant_id, Role.ORG_COORDINATOR, organisations={team.id}),
        liaison=await person(w.tenant_id, Role.UNIT_LIAISON, units={unit.id}),
        outsider=await person(w.tenant_id, Role.ORG_COORDINATOR, organisations={other_team.id}),
    )


def line_of(s: Spread, shift: ShiftOut) -> int:
    return next(line.id for line in s.proposal.lines if line.shift_id == shift.id)


async def test_each_coordinator_lists_the_proposal_counting_only_the_lines_they_run(
    w: World,
) -> None:
    s = await spread(w)

    seen = {
        "admin": await list_proposals(w.admin),
        "staff": await list_proposals(w.staff),
        "other_staff": await list_proposals(w.other_staff),
        "coordinator": await list_proposals(s.coordinator),
        "liaison": await list_proposals(s.liaison),
    }

    assert {who: [(p.id, p.lines) for p in found] for who, found in seen.items()} == {
        "admin": [(s.proposal.id, 4)],
        "staff": [(s.proposal.id, 1)],
        "other_staff": [(s.proposal.id, 3)],
        "coordinator": [(s.proposal.id, 1)],
        "liaison": [(s.proposal.id, 1)],
    }
    assert await list_proposals(s.outsider) == []


async def test_the_list_counts_what_the_proposal_shows_as_lines_are_decided(w: World) -> None:
    s = await spread(w)
    await confirm_line(s.coordinator, s.proposal.id, line_of(s, s.organisation), now=NOW)
    await drop_line(w.other_staff, s.proposal.id, line_of(s, s.west), now=NOW)

    for scope in (w.admin, w.staff, w.other_staff, s.coordinator, s.liaison):
        (summary,) = await list_proposals(scope)
        shown = [line.status for line in (await get_proposal(scope, s.proposal.id)).lines]
        counted = (summary.lines, summary.proposed, summary.confirmed, summary.dropped)
        assert counted == (
            len(shown),
            shown.count("proposed"),
            shown.count("confirmed"),
            shown.count("dropped"),
        )
    (for_coordinator,) = await list_proposals(s.coordinator)
    assert (for_coordinator.proposed, for_coordinator.confirmed) == (0, 1)
    (for_west,) = await list_proposals(w.other_staff)
    assert (for_west.proposed, for_west.confirmed, for_west.dropped) == (1, 1, 1)


async def test_only_the_maker_and_admins_see_the_figures_of_the_whole_proposal(
    w: World,
) -> None:
    s = await spread(w)

    whole = await get_proposal(w.admin, s.proposal.id)
    partial = await get_proposal(s.coordinator, s.proposal.id)
    west = await get_proposal(w.other_staff, s.proposal.id)

    assert whole.whole and (whole.shifts, whole.places, len(whole.lines)) == (4, 4, 4)
    assert whole.solver_status == "optimal" and whole.objective is not None
    assert not partial.whole and not west.whole
    for seen in (partial, west):
        assert (seen.shifts, seen.places, seen.candidates) == (None, None, None)
        assert (seen.objective, seen.bound, seen.greedy_objective) == (None, None, None)
        assert (seen.solver_status, seen.solve_ms) == (None, None)
    assert [line.shift_id for line in partial.lines] == [s.organisation.id]
    assert {line.shift_id for line in west.lines} == {s.west.id, s.organisation.id, s.unit.id}


async def test_a_coordinator_sees_the_whole_of_a_proposal_they_made(w: World) -> None:
    await w.shift(day(2), headcount=2)
    await w.shift(day(3), headcount=1, need=await w.new_need(grid=w.other_grid))
    await vol(w)
    await vol(w)

    made = await propose_assignment(w.staff, FORTNIGHT, now=NOW)
    again = await get_proposal(w.staff, made.id)

    assert made.whole and again.whole
    assert (again.shifts, again.places, len(again.lines)) == (1, 2, 2)
    assert again.solver_status == made.solver_status == "optimal"


async def test_a_proposal_that_found_nobody_is_listed_for_its_maker_only(w: World) -> None:
    await w.shift(day(2), headcount=1)  # nobody can take it

    empty = await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert empty.lines == [] and empty.shifts == 1
    (listed,) = await list_proposals(w.staff)
    assert (listed.id, listed.lines, listed.proposed) == (empty.id, 0, 0)
    assert (await get_proposal(w.staff, empty.id)).places == 1
    assert [p.id for p in await list_proposals(w.admin)] == [empty.id]
    another = await person(w.tenant_id, Role.COMMUNITY_STAFF, communities={w.village})
    assert await list_proposals(another) == []
    assert await list_proposals(w.other_staff) == []
    with pytest.raises(NotFound) as caught:
        await get_proposal(another, empty.id)
    assert caught.value.code == "matching_proposal.not_found"


async def test_a_proposal_without_a_line_one_runs_is_not_found_by_them(w: World) -> None:
    s = await spread(w)
    by_staff = await propose_assignment(w.staff, FORTNIGHT, now=NOW)  # 东村's shift only
    assert [line.shift_id for line in by_staff.lines] == [s.village.id]

    with pytest.raises(NotFound):
        await get_proposal(s.outsider, s.proposal.id)
    with pytest.raises(NotFound):
        await get_proposal(w.other_staff, by_staff.id)
    assert [p.id for p in await list_proposals(w.other_staff)] == [s.proposal.id]
    assert [p.id for p in await list_proposals(w.staff)] == [by_staff.id, s.proposal.id]


async def test_paging_counts_only_the_proposals_one_sees(w: World) -> None:
    s = await spread(w)
    await w.shift(day(6), headcount=1, need=await w.new_need(grid=w.grid2))
    await vol(w)
    for _ in range(3):  # 东村's staff's: none of the coordinator's
        await propose_assignment(w.staff, FORTNIGHT, now=NOW)

    assert [p.id for p in await list_proposals(s.coordinator, limit=1)] == [s.proposal.id]
    assert await list_proposals(s.coordinator, limit=1, offset=1) == []
    assert len(await list_proposals(w.staff, limit=2, offset=2)) == 2


async def test_the_list_follows_who_runs_a_need_sent_to_an_organisation_and_a_unit(
    w: World,
) -> None:
    team = await OrganisationFactory.create(tenant=w.tenant_id)
    unit = await UnitFactory.create(tenant=w.tenant_id)
    both = await w.new_need(
        grid=w.other_grid,
        dispatch_kind="organisation",
        dispatched_organisation=team.id,
        dispatched_unit=unit.id,
    )
    await w.shift(day(2), headcount=1, need=both)
    await vol(w)
    proposal = await propose_assignment(w.admin, FORTNIGHT, now=NOW)
    liaison = await person(w.tenant_id, Role.UNIT_LIAISON, units={unit.id})
    # the team's name on a liaison's actor, without its coordinator role: not theirs to run
    odd = await person(w.tenant_id, Role.UNIT_LIAISON, units={unit.id}, organisations={team.id})

    (listed,) = await list_proposals(liaison)
    assert (listed.id, listed.lines) == (proposal.id, 1)
    assert len((await get_proposal(liaison, proposal.id)).lines) == 1
    assert await list_proposals(odd) == []
    with pytest.raises(NotFound):
        await get_proposal(odd, proposal.id)
