"""Check-in and check-out on a shift: the window, the cap, the need's service, who may."""

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from coalition import events
from coalition.errors import Conflict, NotFound, PermissionDenied
from coalition.hours import attendance, services
from coalition.needs.tables import Need, NeedEvent
from coalition.shifts.tables import Shift
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import TenantFactory
from tests.coalition.hours.helpers import acting, at, build_world, make_shift, sign_up


async def _need(world) -> Need:
    async with TenantScope.system(world.tenant_id).read() as q:
        return await q.get(Need, world.need.id)


async def test_a_volunteer_checks_in_and_out_and_the_hours_wait_for_verification(
    world, heard
) -> None:
    checked_in = await attendance.check_in(world.me, world.shift.id, now=at(8, 45))

    assert checked_in.status == "checked_in"
    assert checked_in.check_in_at == at(8, 45) and checked_in.check_out_at is None
    out = await attendance.check_out(world.me, world.shift.id, now=at(12, 10, 20))

    assert out.id == checked_in.id
    assert (out.kind, out.status, out.minutes) == ("attendance", "pending", 205)
    assert out.check_out_at == at(12, 10, 20)
    assert out.served_on == date(2026, 6, 6)
    assert (out.need_id, out.shift_id, out.need_title) == (
        world.need.id,
        world.shift.id,
        "陪同独居老人就医",
    )
    assert (out.community_id, out.organisation_id, out.unit_id, out.alliance_id) == (
        world.community.id,
        world.organisation.id,
        None,
        world.alliance.id,
    )
    assert (out.volunteer_id, out.person_id) == (world.volunteer.id, world.volunteer.person)
    (reported,) = heard.named(events.HOURS_REPORTED)
    assert reported.data == {
        "record_id": out.id,
        "volunteer_id": world.volunteer.id,
        "person_id": world.volunteer.person,
        "minutes": 205,
        "kind": "attendance",
        "status": "pending",
    }
    assert reported.actor_person_id == world.volunteer.person


async def test_the_served_day_is_the_day_in_the_tenants_time_zone(world) -> None:
    # 00:30 on 7 June in Shanghai is still 6 June in UTC.
    starts = datetime(2026, 6, 6, 16, 30, tzinfo=UTC)
    night = await make_shift(
        world.tenant_id, world.need.id, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    await sign_up(world.tenant_id, night.id, world.volunteer.id)

    record = await attendance.check_in(world.me, night.id, now=starts - timedelta(minutes=10))

    assert record.served_on == date(2026, 6, 7)


async def test_the_served_day_follows_the_tenants_own_time_zone(engine) -> None:
    london = await TenantFactory.create(time_zone="Europe/London")
    world = await build_world(london.id)
    starts = datetime(2026, 6, 6, 16, 30, tzinfo=UTC)  # 17:30 in London
    evening = await make_shift(
        world.tenant_id, world.need.id, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    await sign_up(world.tenant_id, evening.id, world.volunteer.id)

    record = await attendance.check_in(world.me, evening.id, now=starts)

    assert record.served_on == date(2026, 6, 6)


async def test_two_check_ins_at_once_make_one_record(world) -> None:
    results = await asyncio.gather(
        attendance.check_in(world.me, world.shift.id, now=at(9)),
        attendance.check_in(world.me, world.shift.id, now=at(9)),
        return_exceptions=True,
    )

    assert sorted(type(r).__name__ for r in results) == ["Conflict", "HoursRecordOut"]
    page = await services.list_volunteer_hours(world.me, world.volunteer.id)
    assert page.total == 1


async def test_check_in_opens_half_an_hour_before_the_shift_and_closes_at_its_end(
    world,
) -> None:
    with pytest.raises(Conflict) as early:
        await attendance.check_in(world.me, world.shift.id, now=at(8, 29))
    assert early.value.code == "hours.check_in_not_open"
    assert early.value.params["opens_at"] == at(8, 30).isoformat()
    with pytest.raises(Conflict) as late:
        await attendance.check_in(world.me, world.shift.id, now=at(12, 1))
    assert late.value.code == "hours.check_in_closed"

    assert (await attendance.check_in(world.me, world.shift.id, now=at(8, 30))).id
    other, scope = await world.new_volunteer()
    await sign_up(world.tenant_id, world.shift.id, other.id)
    assert (await attendance.check_in(scope, world.shift.id, now=at(12))).id


async def test_a_late_check_out_counts_only_up_to_two_hours_after_the_shift(world) -> None:
    await attendance.check_in(world.me, world.shift.id, now=at(9))

    record = await attendance.check_out(world.me, world.shift.id, now=at(20, 30))

    assert record.check_out_at == at(14)
    assert record.minutes == 5 * 60


async def test_minutes_are_rounded_to_the_nearest_minute() -> None:
    start = at(9)
    assert attendance.attended_minutes(start, start + timedelta(seconds=89)) == 1
    assert attendance.attended_minutes(start, start + timedelta(seconds=90)) == 2
    assert attendance.attended_minutes(start, start - timedelta(minutes=5)) == 0


async def test_checking_in_twice_or_out_without_checking_in_is_refused(world) -> None:
    with pytest.raises(Conflict) as not_in:
        await attendance.check_out(world.me, world.shift.id, now=at(12))
    assert not_in.value.code == "hours.not_checked_in"

    await attendance.check_in(world.me, world.shift.id, now=at(9))
    with pytest.raises(Conflict) as twice:
        await attendance.check_in(world.me, world.shift.id, now=at(9, 5))
    assert twice.value.code == "hours.already_checked_in"

    await attendance.check_out(world.me, world.shift.id, now=at(12))
    for use_case in (attendance.check_in, attendance.check_out):
        with pytest.raises(Conflict) as again:
            await use_case(world.me, world.shift.id, now=at(12))
        assert again.value.code == "hours.already_checked_out"


async def test_only_a_confirmed_place_on_a_live_shift_lets_a_volunteer_check_in(world) -> None:
    waiting, scope = await world.new_volunteer()
    await sign_up(world.tenant_id, world.shift.id, waiting.id, status="waitlisted")
    _, stranger_scope = await world.new_volunteer()

    for who in (scope, stranger_scope):
        with pytest.raises(Conflict) as caught:
            await attendance.check_in(who, world.shift.id, now=at(9))
        assert caught.value.code == "hours.no_confirmed_signup"

    async with TenantScope.system(world.tenant_id).write() as q:
        await q.update(Shift, {Shift.status: "cancelled"}).where(Shift.id == world.shift.id)
    with pytest.raises(Conflict) as cancelled:
        await attendance.check_in(world.me, world.shift.id, now=at(9))
    assert cancelled.value.code == "hours.shift_cancelled"


async def test_the_first_check_in_starts_the_needs_service(world) -> None:
    other, scope = await world.new_volunteer()
    await sign_up(world.tenant_id, world.shift.id, other.id)

    await attendance.check_in(world.me, world.shift.id, now=at(9))
    assert (await _need(world)).state == "in_service"
    await attendance.check_in(scope, world.shift.id, now=at(9, 10))

    assert (await _need(world)).state == "in_service"
    async with TenantScope.system(world.tenant_id).read() as q:
        started = await q.count(NeedEvent).where(
            (NeedEvent.need == world.need.id) & (NeedEvent.action == "service_started")
        )
    assert started == 1


async def test_nothing_is_recorded_when_the_need_cannot_be_served(tenant) -> None:
    world = await build_world(tenant.id, need_state="completed")

    with pytest.raises(Conflict) as caught:
        await attendance.check_in(world.me, world.shift.id, now=at(9))

    assert caught.value.code == "needs.illegal_transition"
    with pytest.raises(Conflict) as out:
        await attendance.check_out(world.me, world.shift.id, now=at(12))
    assert out.value.code == "hours.not_checked_in"


async def test_the_needs_coordinator_checks_a_volunteer_in_and_out_but_others_may_not(
    world,
) -> None:
    _, other_scope = await world.new_volunteer()
    grid_worker = acting(world.tenant_id, world.staff.actor.person_id, Role.GRID_WORKER)

    for outsider in (world.other_staff, world.liaison, other_scope, grid_worker):
        with pytest.raises(PermissionDenied):
            await attendance.check_in(
                outsider, world.shift.id, volunteer_id=world.volunteer.id, now=at(9)
            )

    record = await attendance.check_in(
        world.coordinator, world.shift.id, volunteer_id=world.volunteer.id, now=at(9)
    )
    assert record.volunteer_id == world.volunteer.id
    out = await attendance.check_out(
        world.staff, world.shift.id, volunteer_id=world.volunteer.id, now=at(11)
    )
    assert out.minutes == 120


async def test_someone_who_is_no_volunteer_cannot_check_in(world) -> None:
    with pytest.raises(PermissionDenied) as caught:
        await attendance.check_in(world.staff, world.shift.id, now=at(9))
    assert caught.value.code == "hours.not_a_volunteer"


async def test_another_tenants_shift_or_volunteer_is_not_found(world, other_tenant) -> None:
    theirs = await build_world(other_tenant.id)

    with pytest.raises(NotFound):
        await attendance.check_in(world.me, theirs.shift.id, now=at(9))
    with pytest.raises(NotFound):
        await attendance.check_in(
            world.admin, world.shift.id, volunteer_id=theirs.volunteer.id, now=at(9)
        )
    with pytest.raises(NotFound):
        await attendance.check_out(world.me, theirs.shift.id, now=at(12))


async def test_forgotten_check_outs_are_closed_two_hours_after_the_shift(world, heard) -> None:
    other, scope = await world.new_volunteer()
    await sign_up(world.tenant_id, world.shift.id, other.id)
    first = await attendance.check_in(world.me, world.shift.id, now=at(9))
    await attendance.check_in(scope, world.shift.id, now=at(10))

    assert await attendance.close_forgotten_check_outs(world.admin, now=at(13, 59)) == 0
    closed = await attendance.close_forgotten_check_outs(world.admin, now=at(23))

    assert closed == 2
    with pytest.raises(Conflict):
        await attendance.check_out(world.me, world.shift.id, now=at(23))
    mine = await services.get_hours_record(world.me, first.id)
    assert (mine.status, mine.minutes, mine.check_out_at) == ("pending", 300, at(14))
    assert len(heard.named(events.HOURS_REPORTED)) == 2
    with pytest.raises(PermissionDenied):
        await attendance.close_forgotten_check_outs(world.staff, now=at(23))
