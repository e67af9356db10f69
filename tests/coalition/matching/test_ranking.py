"""Coordinators rank the tenant's volunteers for a shift: the best first, with reasons."""

from datetime import timedelta

import pytest

from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.matching.services import rank_volunteers
from coalition.shifts import invitations, services
from coalition.shifts.schemas import InvitationInput
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    AllianceMemberFactory,
    LivedExperienceFactory,
    OrganisationFactory,
)
from tests.coalition.matching.helpers import (
    NOW,
    World,
    confirmed_on,
    day,
    past_shifts,
    person,
    served,
    vol,
    world,
)


def ids(ranking) -> list[int]:
    return [c.volunteer_id for c in ranking.candidates]


async def test_nearest_volunteers_come_first_with_reasons_a_coordinator_can_read(
    w: World,
) -> None:
    shift = await w.shift(day(2))
    near = await vol(w)
    same_village = await vol(w, home_grid=w.grid2)
    far = await vol(w, home_grid=w.other_grid)

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(ranking) == [near.id, same_village.id, far.id]
    best = ranking.candidates[0]
    assert best.explanation == (
        "has 1 of 1 skill; same grid; no hours in the last 30 days; no past shifts yet"
    )
    assert [(r.code, r.params) for r in best.reasons] == [
        ("skills", {"held": 1, "required": 1}),
        ("proximity", {"level": "grid"}),
        ("recent_hours", {"hours": 0.0, "days": 30}),
        ("attendance", {"attended": 0, "past": 0}),
    ]
    assert best.score == pytest.approx(sum(r.points for r in best.reasons), abs=0.01)
    assert ranking.candidates[1].reasons[1].params == {"level": "community"}
    assert ranking.candidates[2].explanation.split("; ")[1] == (
        "outside the need's community and alliances"
    )
    assert (ranking.volunteers, ranking.eligible) == (3, 3)


async def test_those_who_served_less_lately_come_first(w: World) -> None:
    shift = await w.shift(day(2))
    busy = await vol(w)
    rested = await vol(w)
    await served(w, busy, 180)
    await served(w, rested, 600, days_ago=45)  # long ago: does not count

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(ranking) == [rested.id, busy.id]
    assert "3 h in the last 30 days" in ranking.candidates[1].explanation


async def test_volunteers_who_turned_up_come_before_those_who_did_not(w: World) -> None:
    shift = await w.shift(day(2))
    absent = await vol(w)
    reliable = await vol(w)
    await past_shifts(w, absent, held=4, attended=1)
    await past_shifts(w, reliable, held=10, attended=9)

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(ranking) == [reliable.id, absent.id]
    assert "attended 9 of 10 past shifts" in ranking.candidates[0].explanation


async def test_members_of_the_needs_alliance_come_before_strangers(w: World) -> None:
    alliance = await AllianceFactory.create(tenant=w.tenant_id)
    await AllianceMemberFactory.create(tenant=w.tenant_id, alliance=alliance, community=w.village)
    team = await OrganisationFactory.create(tenant=w.tenant_id)
    await AllianceMemberFactory.create(tenant=w.tenant_id, alliance=alliance, organisation=team)
    shift = await w.shift(day(2))
    stranger = await vol(w, home_grid=w.other_grid)
    ally = await vol(w, home_grid=w.other_grid, organisation=team.id)

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(ranking) == [ally.id, stranger.id]
    assert ranking.candidates[0].reasons[1].params == {"level": "alliance"}


async def test_hard_rules_keep_out_those_who_cannot_take_the_shift(w: World) -> None:
    shift = await w.shift(day(2))  # Wednesday 09:00-11:00 in Shanghai
    fits = await vol(w)
    await vol(w, active=False)
    await vol(w, skills=["法律咨询"])
    # Wednesday mornings until 10:00 only (the shift runs until 11:00 Shanghai time).
    await vol(w, availability=[{"weekday": 2, "start": "08:00", "end": "10:00"}])
    busy = await vol(w)
    other = await w.shift(day(2, minute=30))
    await confirmed_on(w, other, busy)
    tired = await vol(w, max_hours_week=3)
    await confirmed_on(w, await w.shift(day(3), hours=2), tired)
    signed = await vol(w)
    await confirmed_on(w, shift, signed)
    invited = await vol(w)
    await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=invited.id), now=NOW
    )

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(ranking) == [fits.id]
    assert ranking.ruled_out == {
        "inactive": 1,
        "already_on_shift": 2,
        "missing_skills": 1,
        "unavailable": 1,
        "overlapping_shift": 1,
        "weekly_hours": 1,
    }


async def test_availability_is_read_in_the_tenants_time_zone(w: World) -> None:
    # 09:00-11:00 in Shanghai is 01:00-03:00 UTC: only the Shanghai slot fits.
    shift = await w.shift(day(2))
    local = await vol(w, availability=[{"weekday": 2, "start": "09:00", "end": "11:00"}])
    await vol(w, availability=[{"weekday": 2, "start": "01:00", "end": "03:00"}])
    # Adjacent slots join up.
    split = await vol(
        w,
        availability=[
            {"weekday": 2, "start": "08:00", "end": "10:00"},
            {"weekday": 2, "start": "10:00", "end": "11:00"},
        ],
    )

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert sorted(ids(ranking)) == sorted([local.id, split.id])


async def test_the_weekly_limit_counts_confirmed_shifts_of_the_same_iso_week(w: World) -> None:
    shift = await w.shift(day(2), hours=2)  # Wednesday, 2 h
    same_week = await vol(w, max_hours_week=4)
    await confirmed_on(w, await w.shift(day(0, hour=4), hours=2), same_week)  # Monday
    next_week = await vol(w, max_hours_week=2)
    await confirmed_on(w, await w.shift(day(7), hours=2), next_week)  # next Monday

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert sorted(ids(ranking)) == sorted([same_week.id, next_week.id])
    await confirmed_on(w, await w.shift(day(4), hours=1), same_week)
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [next_week.id]


async def test_lived_experience_counts_for_mediation_only_for_those_who_may_see_it(
    w: World,
) -> None:
    mediation = await w.new_need(category="dispute_mediation", required_skills=["矛盾调解"])
    shift = await w.shift(day(2), need=mediation)
    plain = await vol(w, skills=["矛盾调解"])
    been_there = await vol(w, skills=["矛盾调解"])
    await LivedExperienceFactory.create(tenant=w.tenant_id, volunteer=been_there.id)
    social_worker = await person(w.tenant_id, Role.SOCIAL_WORKER, Role.TENANT_ADMIN)

    seen = await rank_volunteers(social_worker, shift.id, now=NOW)
    unseen = await rank_volunteers(w.staff, shift.id, now=NOW)

    assert ids(seen) == [been_there.id, plain.id]
    assert seen.lived_experience_considered
    assert seen.candidates[0].reasons[-1].code == "lived_experience"
    assert "lived experience" in seen.candidates[0].explanation
    assert not unseen.lived_experience_considered
    assert ids(unseen) == [plain.id, been_there.id]  # a tie, broken by id
    assert all("lived" not in c.explanation for c in unseen.candidates)
    assert unseen.candidates[0].score == unseen.candidates[1].score


async def test_withdrawn_consent_means_lived_experience_no_longer_counts(w: World) -> None:
    from coalition.actors.consent import withdraw_consent

    mediation = await w.new_need(category="dispute_mediation", required_skills=[])
    shift = await w.shift(day(2), need=mediation)
    plain = await vol(w)
    been_there = await vol(w)
    story = await LivedExperienceFactory.create(tenant=w.tenant_id, volunteer=been_there.id)
    assert ids(await rank_volunteers(w.admin, shift.id, now=NOW)) == [been_there.id, plain.id]

    await withdraw_consent(w.admin, story.consent)

    ranking = await rank_volunteers(w.admin, shift.id, now=NOW)
    assert ids(ranking) == [plain.id, been_there.id]
    assert ranking.candidates[0].reasons[0].params == {"held": 0, "required": 0}
    assert ranking.candidates[0].explanation.startswith("no particular skills needed")


async def test_only_those_who_run_the_need_may_rank(w: World) -> None:
    shift = await w.shift(day(2))
    await vol(w)
    volunteer = await person(w.tenant_id, Role.VOLUNTEER)
    social_worker = await person(w.tenant_id, Role.SOCIAL_WORKER)

    for outsider in (w.other_staff, volunteer, social_worker):
        with pytest.raises(PermissionDenied):
            await rank_volunteers(outsider, shift.id, now=NOW)
    assert (await rank_volunteers(w.admin, shift.id, now=NOW)).eligible == 1


async def test_a_shift_that_takes_no_sign_ups_is_not_ranked(w: World) -> None:
    shift = await w.shift(day(2))
    await services.cancel_shift(w.admin, shift.id, now=NOW)
    with pytest.raises(Conflict) as caught:
        await rank_volunteers(w.staff, shift.id, now=NOW)
    assert caught.value.code == "shifts.shift_cancelled"
    later = await w.shift(day(3))
    with pytest.raises(Conflict) as caught:
        await rank_volunteers(w.staff, later.id, now=day(3) + timedelta(minutes=1))
    assert caught.value.code == "shifts.shift_started"


async def test_a_limit_out_of_range_is_refused(w: World) -> None:
    shift = await w.shift(day(2))
    for limit in (0, 101):
        with pytest.raises(InvalidInput) as caught:
            await rank_volunteers(w.staff, shift.id, limit=limit, now=NOW)
        assert set(caught.value.fields) == {"limit"}


async def test_the_limit_keeps_the_best_and_ties_break_by_id(w: World) -> None:
    shift = await w.shift(day(2))
    made = [await vol(w) for _ in range(5)]

    ranking = await rank_volunteers(w.staff, shift.id, limit=3, now=NOW)

    assert ids(ranking) == sorted(v.id for v in made)[:3]
    assert ranking.eligible == 5


async def test_another_tenants_shift_is_not_found_and_its_volunteers_never_show(
    w: World, other_tenant
) -> None:
    theirs = await world(other_tenant.id)
    their_shift = await theirs.shift(day(2))
    await vol(theirs)
    shift = await w.shift(day(2))
    mine = await vol(w)

    with pytest.raises(NotFound):
        await rank_volunteers(w.admin, their_shift.id, now=NOW)
    ranking = await rank_volunteers(w.admin, shift.id, now=NOW)
    assert ids(ranking) == [mine.id]
    assert ranking.volunteers == 1
    system = TenantScope.system(other_tenant.id)
    with pytest.raises(NotFound):
        await rank_volunteers(system, shift.id, now=NOW)
