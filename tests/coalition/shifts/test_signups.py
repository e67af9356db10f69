"""Volunteers sign up, wait for a place, cancel, and are promoted in order."""

import asyncio
from datetime import timedelta

import pytest

from coalition import events
from coalition.errors import Conflict, NotFound, PermissionDenied
from coalition.needs.tables import Need
from coalition.shifts import services, signups
from coalition.shifts.schemas import ShiftChange
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import DispatchFactory, PersonFactory
from tests.coalition.shifts.helpers import NOW, Heard, World, day, person, volunteer, world


async def test_a_volunteer_takes_a_free_place(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2), headcount=2)
    me, scope = await volunteer(w.tenant_id)

    signup = await signups.sign_up(scope, shift.id, now=NOW)

    assert (signup.status, signup.source, signup.waitlist_position) == ("confirmed", "self", None)
    assert signup.confirmed_at == NOW and signup.volunteer_id == me.id
    assert (await services.get_shift(scope, shift.id)).confirmed == 1
    (data,) = heard.of(events.SIGNUP_CONFIRMED)
    assert data == {
        "signup_id": signup.id,
        "shift_id": shift.id,
        "need_id": w.need,
        "volunteer_id": me.id,
        "person_id": me.person,
        "source": "self",
    }
    assert heard.events[0].actor_person_id == me.person


async def test_a_full_shift_puts_volunteers_on_its_waitlist_in_order(
    w: World, heard: Heard
) -> None:
    shift = await w.shift(day(2), headcount=1)
    people = [await volunteer(w.tenant_id) for _ in range(3)]

    results = [await signups.sign_up(s, shift.id, now=NOW) for _, s in people]

    assert [(r.status, r.waitlist_position) for r in results] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert [d["position"] for d in heard.of(events.SIGNUP_WAITLISTED)] == [1, 2]
    assert (await signups.get_signup(people[2][1], results[2].id)).waitlist_position == 2
    mine = await signups.my_signups(people[2][1], now=NOW)
    assert [(m.status, m.waitlist_position, m.need_title) for m in mine] == [
        ("waitlisted", 2, "帮独居老人王奶奶买菜")
    ]


async def test_signing_up_twice_for_one_shift_is_refused(w: World) -> None:
    full = await w.shift(day(2), headcount=1)
    _, scope = await volunteer(w.tenant_id)
    _, waiting = await volunteer(w.tenant_id)
    await signups.sign_up(scope, full.id, now=NOW)
    await signups.sign_up(waiting, full.id, now=NOW)

    for who in (scope, waiting):
        with pytest.raises(Conflict) as caught:
            await signups.sign_up(who, full.id, now=NOW)
        assert caught.value.code == "shifts.already_signed_up"
    assert (await services.get_shift(w.admin, full.id)).waitlisted == 1


async def test_a_volunteer_never_holds_two_shifts_at_once_across_needs(w: World) -> None:
    other_need = await w.new_need(grid=w.other_grid)
    morning = await w.shift(day(2, 1), hours=3)  # 09:00-12:00 Shanghai
    overlapping = await w.shift(day(2, 3), hours=2, need=other_need)  # 11:00-13:00
    right_after = await w.shift(day(2, 4), hours=2, need=other_need)  # 12:00-14:00
    _, scope = await volunteer(w.tenant_id, max_hours_week=20)
    await signups.sign_up(scope, morning.id, now=NOW)

    with pytest.raises(Conflict) as caught:
        await signups.sign_up(scope, overlapping.id, now=NOW)

    assert caught.value.code == "shifts.overlapping_shift"
    assert caught.value.params["shift_id"] == morning.id
    assert (await signups.sign_up(scope, right_after.id, now=NOW)).status == "confirmed"


async def test_weekly_hours_count_confirmed_shifts_of_every_need_in_the_local_week(
    w: World,
) -> None:
    other_need = await w.new_need(grid=w.other_grid)
    # The tenant's week runs Monday to Sunday in Shanghai; NOW is Monday 1 June.
    tuesday = await w.shift(day(1), hours=3)
    sunday_night = await w.shift(day(6, 14), hours=1, need=other_need)  # Sun 22:00-23:00
    # Monday 8 June 00:30 Shanghai is still Sunday 7 June in UTC, but in the next week.
    next_monday = await w.shift(day(6, 16, 30), hours=3, need=other_need)
    wednesday = await w.shift(day(2), hours=1)
    _, scope = await volunteer(w.tenant_id, max_hours_week=4)

    await signups.sign_up(scope, tuesday.id, now=NOW)
    await signups.sign_up(scope, sunday_night.id, now=NOW)  # 4 of 4 hours
    with pytest.raises(Conflict) as caught:
        await signups.sign_up(scope, wednesday.id, now=NOW)
    assert caught.value.code == "shifts.weekly_hours_exceeded"
    assert caught.value.params["max_hours_week"] == 4
    assert caught.value.params["booked_hours"] == 4
    assert (await signups.sign_up(scope, next_monday.id, now=NOW)).status == "confirmed"


async def test_only_active_volunteers_sign_up_themselves(w: World) -> None:
    shift = await w.shift(day(2))
    _, inactive = await volunteer(w.tenant_id, active=False)
    staff = await person(w.tenant_id, Role.COMMUNITY_STAFF, communities={w.village})
    nobody = await PersonFactory.create(tenant=w.tenant_id)
    not_registered = TenantScope(
        w.tenant_id, Actor(person_id=nobody.id, roles=frozenset({Role.VOLUNTEER}))
    )

    with pytest.raises(Conflict) as caught:
        await signups.sign_up(inactive, shift.id, now=NOW)
    assert caught.value.code == "shifts.volunteer_inactive"
    with pytest.raises(PermissionDenied):
        await signups.sign_up(staff, shift.id, now=NOW)
    with pytest.raises(PermissionDenied) as denied:
        await signups.sign_up(not_registered, shift.id, now=NOW)
    assert denied.value.code == "shifts.not_a_volunteer"


async def test_no_sign_ups_for_started_shifts_or_needs_not_taking_them(w: World) -> None:
    _, scope = await volunteer(w.tenant_id)
    shift = await w.shift(day(1))
    with pytest.raises(Conflict) as caught:
        await signups.sign_up(scope, shift.id, now=day(1) + timedelta(minutes=1))
    assert caught.value.code == "shifts.shift_started"

    for values in (
        {"state": "open"},
        {"state": "draft"},
        {"state": "dispatched", "dispatch_kind": "organisation"},  # awaiting its answer
    ):
        need = await w.new_need(**values)
        closed = await w.shift(day(2), need=need)
        with pytest.raises(Conflict) as caught:
            await signups.sign_up(scope, closed.id, now=NOW)
        assert caught.value.code == "shifts.need_not_taking_signups"
    in_service = await w.shift(day(3), need=await w.new_need(state="in_service"))
    assert (await signups.sign_up(scope, in_service.id, now=NOW)).status == "confirmed"


async def test_the_first_volunteer_of_a_pool_need_accepts_it(w: World, heard: Heard) -> None:
    dispatch = await DispatchFactory.create(tenant=w.tenant_id)
    shift = await w.shift(day(2), need=dispatch.need)
    _me, scope = await volunteer(w.tenant_id)
    _, second = await volunteer(w.tenant_id)

    await signups.sign_up(scope, shift.id, now=NOW)
    await signups.sign_up(second, shift.id, now=NOW)

    async with w.admin.read() as q:
        need = await q.get(Need, dispatch.need)
    assert (need.state, need.accepted_at) == ("accepted", NOW)
    assert heard.names().count(events.NEED_ACCEPTED) == 1
    assert heard.names().index(events.SIGNUP_CONFIRMED) < heard.names().index(events.NEED_ACCEPTED)


async def test_a_freed_place_goes_to_the_first_waitlisted_volunteer_who_still_fits(
    w: World, heard: Heard
) -> None:
    shift = await w.shift(day(2), headcount=1)  # Wednesday 09:00-11:00
    elsewhere = await w.shift(day(2, 2), need=await w.new_need(), headcount=5)  # 10:00-12:00
    _first, first_scope = await volunteer(w.tenant_id)
    busy, busy_scope = await volunteer(w.tenant_id)
    tired, tired_scope = await volunteer(w.tenant_id, max_hours_week=3)
    fits, fits_scope = await volunteer(w.tenant_id)
    after, after_scope = await volunteer(w.tenant_id)
    taken = await signups.sign_up(first_scope, shift.id, now=NOW)
    for scope in (busy_scope, tired_scope, fits_scope, after_scope):
        await signups.sign_up(scope, shift.id, now=NOW)
    # While waiting, one takes an overlapping shift, another fills up their week.
    await signups.sign_up(busy_scope, elsewhere.id, now=NOW)
    await signups.sign_up(tired_scope, (await w.shift(day(4), hours=2)).id, now=NOW)
    heard.clear()

    cancelled = await signups.cancel_signup(first_scope, taken.id, now=NOW)

    assert (cancelled.status, cancelled.cancelled_at) == ("cancelled", NOW)
    assert heard.names() == [events.SIGNUP_CANCELLED, events.SIGNUP_PROMOTED]
    assert heard.of(events.SIGNUP_CANCELLED)[0]["was"] == "confirmed"
    (promoted,) = heard.of(events.SIGNUP_PROMOTED)
    assert (promoted["volunteer_id"], promoted["person_id"]) == (fits.id, fits.person)
    assert promoted["shift_id"] == shift.id
    roster = await services.roster(w.staff, shift.id)
    assert [(e.volunteer_id, e.status, e.waitlist_position) for e in roster] == [
        (fits.id, "confirmed", None),
        (busy.id, "waitlisted", 1),
        (tired.id, "waitlisted", 2),
        (after.id, "waitlisted", 3),
    ]
    mine = await signups.get_signup(fits_scope, promoted["signup_id"])
    assert (mine.promoted_at, mine.confirmed_at) == (NOW, NOW)
    assert (await services.get_shift(w.staff, shift.id)).confirmed == 1


async def test_leaving_the_waitlist_moves_the_others_up_without_promoting(
    w: World, heard: Heard
) -> None:
    shift = await w.shift(day(2), headcount=1)
    people = [await volunteer(w.tenant_id) for _ in range(3)]
    results = [await signups.sign_up(s, shift.id, now=NOW) for _, s in people]
    heard.clear()

    await signups.cancel_signup(people[1][1], results[1].id, now=NOW)

    assert heard.names() == [events.SIGNUP_CANCELLED]
    assert (await signups.get_signup(people[2][1], results[2].id)).waitlist_position == 1
    with pytest.raises(Conflict) as caught:
        await signups.cancel_signup(people[1][1], results[1].id, now=NOW)
    assert caught.value.code == "shifts.signup_not_live"
    again = await signups.sign_up(people[1][1], shift.id, now=NOW + timedelta(minutes=5))
    assert again.waitlist_position == 2  # back at the end of the line


async def test_volunteers_cancel_their_own_sign_ups_before_the_shift_staff_any_time(
    w: World, heard: Heard
) -> None:
    shift = await w.shift(day(1), headcount=2)
    _me, scope = await volunteer(w.tenant_id)
    _, someone = await volunteer(w.tenant_id)
    mine = await signups.sign_up(scope, shift.id, now=NOW)
    theirs = await signups.sign_up(someone, shift.id, now=NOW)
    during = day(1) + timedelta(minutes=10)

    with pytest.raises(PermissionDenied):
        await signups.cancel_signup(someone, mine.id, now=NOW)
    with pytest.raises(PermissionDenied):
        await signups.get_signup(someone, mine.id)
    with pytest.raises(PermissionDenied):
        await signups.cancel_signup(w.other_staff, mine.id, now=NOW)
    with pytest.raises(Conflict) as caught:
        await signups.cancel_signup(scope, mine.id, now=during)
    assert caught.value.code == "shifts.shift_started"

    heard.clear()
    await signups.cancel_signup(w.staff, mine.id, now=during)  # did not come after all
    assert heard.of(events.SIGNUP_CANCELLED)[0]["by"] == "staff"
    assert (await services.get_shift(w.staff, shift.id)).confirmed == 1
    assert (await signups.get_signup(w.staff, theirs.id)).status == "confirmed"


async def test_ten_volunteers_racing_for_the_last_two_places_never_overbook(w: World) -> None:
    shift = await w.shift(day(2), headcount=3)
    _, early = await volunteer(w.tenant_id)
    await signups.sign_up(early, shift.id, now=NOW)
    racers = [await volunteer(w.tenant_id) for _ in range(10)]

    results = await asyncio.gather(*(signups.sign_up(s, shift.id, now=NOW) for _, s in racers))

    statuses = sorted(r.status for r in results)
    assert statuses == ["confirmed"] * 2 + ["waitlisted"] * 8
    assert sorted(r.waitlist_position for r in results if r.waitlist_position) == list(range(1, 9))
    async with w.admin.read() as q:
        counter = (await q.get(Shift, shift.id)).confirmed
        rows = (
            await q.count(SignUp)
            .where(SignUp.shift == shift.id)
            .where(SignUp.status == "confirmed")
        )
    assert counter == rows == 3


async def test_a_double_submit_gives_one_sign_up_and_a_clear_refusal(w: World) -> None:
    shift = await w.shift(day(2), headcount=5)
    _, scope = await volunteer(w.tenant_id)

    results = await asyncio.gather(
        *(signups.sign_up(scope, shift.id, now=NOW) for _ in range(3)), return_exceptions=True
    )

    done = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(done) == 1 and done[0].status == "confirmed"
    assert [(type(e), e.code) for e in refused] == [(Conflict, "shifts.already_signed_up")] * 2
    assert (await services.get_shift(w.admin, shift.id)).confirmed == 1


async def test_racing_cancellations_and_sign_ups_keep_the_counter_true(w: World) -> None:
    shift = await w.shift(day(2), headcount=2)
    first = [await volunteer(w.tenant_id) for _ in range(4)]
    held = [await signups.sign_up(s, shift.id, now=NOW) for _, s in first]
    later = [await volunteer(w.tenant_id) for _ in range(4)]

    await asyncio.gather(
        signups.cancel_signup(first[0][1], held[0].id, now=NOW),
        services.change_shift(w.staff, shift.id, ShiftChange(headcount=3), now=NOW),
        *(signups.sign_up(s, shift.id, now=NOW) for _, s in later),
        signups.cancel_signup(first[2][1], held[2].id, now=NOW),
    )

    async with w.admin.read() as q:
        row = await q.get(Shift, shift.id)
        confirmed = (
            await q.count(SignUp)
            .where(SignUp.shift == shift.id)
            .where(SignUp.status == "confirmed")
        )
    assert row.confirmed == confirmed == row.headcount == 3


async def test_another_tenants_shifts_and_sign_ups_stay_out_of_reach(
    w: World, other_tenant
) -> None:
    theirs = await world(other_tenant.id)
    their_shift = await theirs.shift(day(2))
    _, them = await volunteer(other_tenant.id)
    their_signup = await signups.sign_up(them, their_shift.id, now=NOW)
    _, me = await volunteer(w.tenant_id)

    with pytest.raises(NotFound):
        await signups.sign_up(me, their_shift.id, now=NOW)
    with pytest.raises(NotFound):
        await signups.cancel_signup(w.admin, their_signup.id, now=NOW)
    with pytest.raises(NotFound):
        await signups.get_signup(w.admin, their_signup.id)
    assert await signups.my_signups(me, now=NOW) == []
    assert (await services.get_shift(theirs.admin, their_shift.id)).confirmed == 1


async def test_a_need_is_filled_when_its_last_place_is_taken(w: World) -> None:
    first_shift = await w.shift(day(2), headcount=1)
    second_shift = await w.shift(day(3), headcount=1)
    _, first = await volunteer(w.tenant_id)
    _, second = await volunteer(w.tenant_id)
    admin = TenantScope.system(w.tenant_id)

    await signups.sign_up(first, first_shift.id, now=NOW)
    async with admin.read() as q:
        assert (await q.get(Need, w.need)).filled_at is None

    await signups.sign_up(second, second_shift.id, now=NOW + timedelta(minutes=5))
    async with admin.read() as q:
        assert (await q.get(Need, w.need)).filled_at == NOW + timedelta(minutes=5)
