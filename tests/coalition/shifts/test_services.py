"""Planning a need's shifts: who may, what is valid, and who hears of changes."""

from datetime import datetime, timedelta

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.shifts import invitations, services, signups
from coalition.shifts.schemas import InvitationInput, ShiftChange, ShiftInput
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import OrganisationFactory, UnitFactory
from tests.coalition.shifts.helpers import NOW, Heard, World, day, person, volunteer, world


async def test_staff_plan_shifts_and_see_places_taken_and_the_waitlist(w: World) -> None:
    data = ShiftInput(
        need_id=w.need, starts_at=day(3), ends_at=day(3, 3), place=" 幸福路12号 ", headcount=1
    )
    shift = await services.create_shift(w.staff, data, now=NOW)
    later = await w.shift(day(2), headcount=3)
    _, first = await volunteer(w.tenant_id)
    _, second = await volunteer(w.tenant_id)
    await signups.sign_up(first, shift.id, now=NOW)
    await signups.sign_up(second, shift.id, now=NOW)

    listed = await services.list_shifts(w.staff, w.need)

    assert [s.id for s in listed] == [later.id, shift.id]  # by start time
    assert (listed[1].confirmed, listed[1].headcount, listed[1].waitlisted) == (1, 1, 1)
    assert listed[1].is_full and not listed[0].is_full
    assert listed[1].place == "幸福路12号"
    assert listed[1].starts_at == day(3) and listed[1].ends_at == day(3, 3)


async def test_a_shift_must_be_in_the_future_last_at_most_a_day_and_need_someone(
    w: World,
) -> None:
    cases = [
        (dict(starts_at=day(1), ends_at=day(1, 0)), {"ends_at": "ends_before_start"}),
        (dict(starts_at=day(1), ends_at=day(2, 2)), {"ends_at": "too_long"}),
        (dict(starts_at=NOW - timedelta(hours=1), ends_at=NOW), {"starts_at": "in_past"}),
        (dict(starts_at=day(1), ends_at=day(1, 3), headcount=0), {"headcount": "out_of_range"}),
        (
            dict(starts_at=datetime(2026, 6, 3, 9), ends_at=day(2, 3)),
            {"starts_at": "naive_datetime"},
        ),
    ]
    for values, expected in cases:
        with pytest.raises(InvalidInput) as caught:
            await services.create_shift(w.admin, ShiftInput(need_id=w.need, **values), now=NOW)
        assert {k: e.code for k, e in caught.value.fields.items()} == expected

    exactly_a_day = ShiftInput(need_id=w.need, starts_at=day(1), ends_at=day(2))
    assert (await services.create_shift(w.admin, exactly_a_day, now=NOW)).id
    assert len(await services.list_shifts(w.admin, w.need)) == 1


async def test_no_shifts_for_a_completed_or_cancelled_need(w: World) -> None:
    for state in ("completed", "reviewed", "cancelled"):
        need = await w.new_need(state=state)
        with pytest.raises(Conflict) as caught:
            await w.shift(day(1), need=need)
        assert caught.value.code == "shifts.need_closed_to_shifts"
    draft = await w.new_need(state="draft")
    assert (await w.shift(day(1), need=draft)).id  # planned before it is open


async def test_who_may_plan_the_shifts_of_a_need(w: World) -> None:
    org = await OrganisationFactory.create(tenant=w.tenant_id)
    unit = await UnitFactory.create(tenant=w.tenant_id)
    to_org = await w.new_need(
        state="accepted", dispatch_kind="organisation", dispatched_organisation=org
    )
    to_unit = await w.new_need(state="accepted", dispatch_kind="unit", dispatched_unit=unit)
    coordinator = await person(w.tenant_id, Role.ORG_COORDINATOR, organisations={org.id})
    liaison = await person(w.tenant_id, Role.UNIT_LIAISON, units={unit.id})
    _, a_volunteer = await volunteer(w.tenant_id)
    grid_worker = await person(w.tenant_id, Role.GRID_WORKER, grids={w.grid})

    def data(need: int) -> ShiftInput:
        return ShiftInput(need_id=need, starts_at=day(1), ends_at=day(1, 3))

    assert await services.create_shift(coordinator, data(to_org), now=NOW)
    assert await services.create_shift(liaison, data(to_unit), now=NOW)
    assert await services.create_shift(w.staff, data(to_org), now=NOW)
    refused = [
        (coordinator, to_unit),
        (liaison, to_org),
        (coordinator, w.need),
        (w.other_staff, w.need),
        (a_volunteer, w.need),
        (grid_worker, w.need),
    ]
    for scope, need in refused:
        with pytest.raises(PermissionDenied):
            await services.create_shift(scope, data(need), now=NOW)


async def test_moving_a_shift_tells_its_volunteers(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2), headcount=1)
    first, first_scope = await volunteer(w.tenant_id)
    second, second_scope = await volunteer(w.tenant_id)
    await signups.sign_up(first_scope, shift.id, now=NOW)
    await signups.sign_up(second_scope, shift.id, now=NOW)
    heard.clear()

    change = ShiftChange(starts_at=day(2, 3), ends_at=day(2, 5), place="村委会二楼")
    moved = await services.change_shift(w.staff, shift.id, change, now=NOW)

    assert (moved.starts_at, moved.ends_at, moved.place) == (day(2, 3), day(2, 5), "村委会二楼")
    (data,) = heard.of(events.SHIFT_CHANGED)
    assert data["shift_id"] == shift.id and data["need_id"] == w.need
    assert set(data["changed"]) == {"starts_at", "ends_at", "place"}
    assert set(data["volunteer_ids"]) == {first.id, second.id}
    assert set(data["person_ids"]) == {first.person, second.person}

    heard.clear()
    same = ShiftChange(place="村委会二楼")
    await services.change_shift(w.staff, shift.id, same, now=NOW)
    assert heard.events == []  # nothing changed, nobody bothered


async def test_the_headcount_never_drops_below_the_confirmed_volunteers(w: World) -> None:
    shift = await w.shift(day(2), headcount=2)
    for _ in range(2):
        _, scope = await volunteer(w.tenant_id)
        await signups.sign_up(scope, shift.id, now=NOW)

    with pytest.raises(Conflict) as caught:
        await services.change_shift(w.staff, shift.id, ShiftChange(headcount=1), now=NOW)

    assert caught.value.code == "shifts.headcount_below_confirmed"
    assert caught.value.params == {"confirmed": 2, "headcount": 1}
    assert (await services.get_shift(w.staff, shift.id)).headcount == 2


async def test_raising_the_headcount_promotes_from_the_waitlist(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2), headcount=1)
    people = [await volunteer(w.tenant_id) for _ in range(4)]
    for _, scope in people:
        await signups.sign_up(scope, shift.id, now=NOW)
    heard.clear()

    raised = await services.change_shift(w.staff, shift.id, ShiftChange(headcount=3), now=NOW)

    assert (raised.confirmed, raised.waitlisted) == (3, 1)
    promoted = [d["volunteer_id"] for d in heard.of(events.SIGNUP_PROMOTED)]
    assert promoted == [people[1][0].id, people[2][0].id]
    assert heard.names()[-1] == events.SHIFT_CHANGED


async def test_cancelling_a_shift_cancels_its_sign_ups_and_invitations(
    w: World, heard: Heard
) -> None:
    shift = await w.shift(day(2), headcount=1)
    confirmed, confirmed_scope = await volunteer(w.tenant_id)
    waiting, waiting_scope = await volunteer(w.tenant_id)
    invited, invited_scope = await volunteer(w.tenant_id)
    await signups.sign_up(confirmed_scope, shift.id, now=NOW)
    await signups.sign_up(waiting_scope, shift.id, now=NOW)
    invitation = await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=invited.id), now=NOW
    )
    heard.clear()

    cancelled = await services.cancel_shift(w.staff, shift.id, reason="暴雨预警", now=NOW)

    assert (cancelled.status, cancelled.confirmed, cancelled.waitlisted) == ("cancelled", 0, 0)
    (data,) = heard.of(events.SHIFT_CANCELLED)
    assert set(data["volunteer_ids"]) == {confirmed.id, waiting.id}
    assert set(data["person_ids"]) == {confirmed.person, waiting.person}
    assert data["reason"] == "暴雨预警"
    assert await signups.my_signups(confirmed_scope, now=NOW) == []
    mine = await signups.my_signups(confirmed_scope, include_cancelled=True, now=NOW)
    assert [(s.status, s.shift_status) for s in mine] == [("cancelled", "cancelled")]
    assert await invitations.my_invitations(invited_scope, now=NOW) == []
    theirs = await invitations.my_invitations(invited_scope, status=None, now=NOW)
    assert [(i.id, i.status) for i in theirs] == [(invitation.id, "withdrawn")]
    with pytest.raises(Conflict) as caught:
        await signups.sign_up(waiting_scope, shift.id, now=NOW)
    assert caught.value.code == "shifts.shift_cancelled"
    with pytest.raises(Conflict):
        await services.cancel_shift(w.staff, shift.id, now=NOW)


async def test_a_shift_that_has_started_is_neither_moved_nor_cancelled(w: World) -> None:
    shift = await w.shift(day(1))
    during = day(1) + timedelta(minutes=30)

    for attempt in (
        services.change_shift(w.staff, shift.id, ShiftChange(place="别处"), now=during),
        services.cancel_shift(w.staff, shift.id, now=during),
    ):
        with pytest.raises(Conflict) as caught:
            await attempt
        assert caught.value.code == "shifts.shift_started"


async def test_the_roster_lists_confirmed_volunteers_then_the_waitlist(w: World) -> None:
    shift = await w.shift(day(2), headcount=1)
    people = [await volunteer(w.tenant_id) for _ in range(3)]
    for _, scope in people:
        await signups.sign_up(scope, shift.id, now=NOW)

    roster = await services.roster(w.staff, shift.id)

    assert [(e.volunteer_id, e.status, e.waitlist_position) for e in roster] == [
        (people[0][0].id, "confirmed", None),
        (people[1][0].id, "waitlisted", 1),
        (people[2][0].id, "waitlisted", 2),
    ]
    assert roster[0].name and roster[0].person_id == people[0][0].person
    with pytest.raises(PermissionDenied):
        await services.roster(people[0][1], shift.id)


async def test_another_tenants_needs_and_shifts_stay_out_of_reach(w: World, other_tenant) -> None:
    theirs = await world(other_tenant.id)
    their_shift = await theirs.shift(day(2))
    mine = await w.shift(day(2))

    with pytest.raises(NotFound):
        await w.shift(day(3), need=theirs.need)
    with pytest.raises(NotFound):
        await services.list_shifts(w.admin, theirs.need)
    with pytest.raises(NotFound):
        await services.get_shift(w.admin, their_shift.id)
    with pytest.raises(NotFound):
        await services.change_shift(w.admin, their_shift.id, ShiftChange(headcount=5), now=NOW)
    with pytest.raises(NotFound):
        await services.cancel_shift(w.admin, their_shift.id, now=NOW)
    with pytest.raises(NotFound):
        await services.roster(w.admin, their_shift.id)
    assert [s.id for s in await services.list_shifts(w.admin, w.need)] == [mine.id]
    assert (await services.get_shift(theirs.admin, their_shift.id)).headcount == 2


async def test_the_needs_services_can_cancel_every_shift_ahead(w: World, heard: Heard) -> None:
    past = await w.shift(day(1))
    ahead = await w.shift(day(5))
    later = day(2)

    async with TenantScope.system(w.tenant_id).write() as q:
        ids = await services.cancel_shifts_of_need(
            q, w.need, actor=w.admin.actor, reason="需求已取消", now=later
        )

    assert ids == [ahead.id]
    statuses = {s.id: s.status for s in await services.list_shifts(w.admin, w.need)}
    assert statuses == {past.id: "scheduled", ahead.id: "cancelled"}
    assert [d["shift_id"] for d in heard.of(events.SHIFT_CANCELLED)] == [ahead.id]


async def test_cancelling_a_need_cancels_its_coming_shifts_and_tells_the_volunteers(
    w: World, heard: Heard
) -> None:
    from coalition.needs.closing import cancel_need

    shift = await w.shift(day(2), headcount=1)
    me, scope = await volunteer(w.tenant_id)
    await signups.sign_up(scope, shift.id, now=NOW)
    heard.clear()

    await cancel_need(TenantScope.system(w.tenant_id), w.need, "居民已自行解决", now=NOW)

    assert (await services.get_shift(scope, shift.id)).status == "cancelled"
    assert (await signups.my_signups(scope, include_cancelled=True, now=NOW))[0].status == (
        "cancelled"
    )
    (cancelled,) = heard.of(events.SHIFT_CANCELLED)
    assert cancelled["reason"] == "居民已自行解决" and me.id in cancelled["volunteer_ids"]
