"""Self-reported hours, and verifying, rejecting and correcting hours."""

from datetime import date, timedelta

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.hours import attendance, services
from coalition.hours.schemas import HoursReportInput
from coalition.needs.tables import Need
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import HoursRecordFactory, NeedFactory
from tests.coalition.hours.helpers import SHIFT_DAY, acting, at, build_world, sign_up

NOW = at(20)  # the evening of the shift's day
TODAY = SHIFT_DAY


def _report(**values) -> HoursReportInput:
    return HoursReportInput(**{"served_on": TODAY, "minutes": 90, **values})


async def test_a_volunteer_reports_hours_which_wait_for_verification(world, heard) -> None:
    record = await services.report_hours(
        world.me, _report(minutes=150, note=" 入户探访三位独居老人 "), now=NOW
    )

    assert (record.kind, record.status, record.minutes) == ("self_reported", "pending", 150)
    assert record.note == "入户探访三位独居老人"
    # Without a need, the hours count for the volunteer's home community.
    assert (record.community_id, record.organisation_id, record.need_id) == (
        world.community.id,
        None,
        None,
    )
    (reported,) = heard.events
    assert reported.name == events.HOURS_REPORTED
    assert reported.data == {
        "record_id": record.id,
        "volunteer_id": world.volunteer.id,
        "person_id": world.volunteer.person,
        "minutes": 150,
        "kind": "self_reported",
        "status": "pending",
    }


async def test_reported_hours_are_one_minute_to_sixteen_hours_of_the_last_ninety_days(
    world,
) -> None:
    for values, field, code in (
        ({"minutes": 0}, "minutes", "out_of_range"),
        ({"minutes": 16 * 60 + 1}, "minutes", "out_of_range"),
        ({"served_on": TODAY + timedelta(days=1)}, "served_on", "in_future"),
        ({"served_on": TODAY - timedelta(days=91)}, "served_on", "too_old"),
    ):
        with pytest.raises(InvalidInput) as caught:
            await services.report_hours(world.me, _report(**values), now=NOW)
        assert caught.value.fields[field].code == code, values

    longest = await services.report_hours(world.me, _report(minutes=16 * 60), now=NOW)
    oldest = await services.report_hours(
        world.me, _report(served_on=TODAY - timedelta(days=90), minutes=1), now=NOW
    )
    assert (longest.minutes, oldest.minutes) == (960, 1)


async def test_hours_for_a_shift_need_a_confirmed_place_on_it_and_its_date(world) -> None:
    _, stranger = await world.new_volunteer()
    other_need = await NeedFactory.create(tenant=world.tenant_id, community=world.community)

    with pytest.raises(InvalidInput) as not_mine:
        await services.report_hours(stranger, _report(shift_id=world.shift.id), now=NOW)
    assert not_mine.value.fields["shift_id"].code == "not_signed_up"
    with pytest.raises(InvalidInput) as wrong:
        await services.report_hours(
            world.me,
            _report(shift_id=world.shift.id, need_id=other_need.id, served_on=date(2026, 6, 5)),
            now=NOW,
        )
    assert wrong.value.fields["shift_id"].code == "not_of_need"
    assert wrong.value.fields["served_on"].code == "not_shift_date"

    record = await services.report_hours(world.me, _report(shift_id=world.shift.id), now=NOW)
    assert (record.need_id, record.shift_id, record.organisation_id, record.alliance_id) == (
        world.need.id,
        world.shift.id,
        world.organisation.id,
        world.alliance.id,
    )


async def test_hours_for_a_need_are_for_one_served_on_a_shift_or_with_the_team(world) -> None:
    _, stranger = await world.new_volunteer()
    team_member, team = await world.new_volunteer(organisation=world.organisation)

    with pytest.raises(InvalidInput) as caught:
        await services.report_hours(stranger, _report(need_id=world.need.id), now=NOW)
    assert caught.value.fields["need_id"].code == "not_served"

    on_shift = await services.report_hours(world.me, _report(need_id=world.need.id), now=NOW)
    with_team = await services.report_hours(team, _report(need_id=world.need.id), now=NOW)
    assert on_shift.need_id == with_team.need_id == world.need.id
    assert with_team.volunteer_id == team_member.id


async def test_hours_of_a_shift_are_recorded_once(world) -> None:
    await attendance.check_in(world.me, world.shift.id, now=at(9))
    await attendance.check_out(world.me, world.shift.id, now=at(12))

    with pytest.raises(Conflict) as twice:
        await services.report_hours(world.me, _report(shift_id=world.shift.id), now=NOW)
    assert twice.value.code == "hours.already_recorded"

    other, scope = await world.new_volunteer()
    await sign_up(world.tenant_id, world.shift.id, other.id)
    await services.report_hours(scope, _report(shift_id=world.shift.id), now=NOW)
    with pytest.raises(Conflict) as then_check_in:
        await attendance.check_in(scope, world.shift.id, now=at(10))
    assert then_check_in.value.code == "hours.already_recorded"


async def test_staff_report_hours_for_a_volunteer_only_where_they_decide(world) -> None:
    on_behalf = _report(volunteer_id=world.volunteer.id)

    for outsider in (world.other_staff, world.coordinator):
        with pytest.raises(PermissionDenied):
            await services.report_hours(outsider, on_behalf, now=NOW)
    record = await services.report_hours(world.staff, on_behalf, now=NOW)

    assert (record.status, record.volunteer_id) == ("pending", world.volunteer.id)


async def test_staff_verify_pending_hours_once(world, heard) -> None:
    record = await services.report_hours(world.me, _report(need_id=world.need.id), now=NOW)

    verified = await services.verify_hours(world.coordinator, record.id, now=at(21))

    assert verified.status == "verified"
    assert (verified.decided_by_id, verified.decided_at) == (
        world.coordinator.actor.person_id,
        at(21),
    )
    for again in (
        lambda: services.verify_hours(world.staff, record.id),
        lambda: services.reject_hours(world.staff, record.id, "重复填报"),
    ):
        with pytest.raises(Conflict) as caught:
            await again()
        assert caught.value.code == "hours.already_decided"
        assert caught.value.params["status"] == "verified"
    (event,) = heard.named(events.HOURS_VERIFIED)
    assert event.data["record_id"] == record.id and event.data["minutes"] == 90
    assert event.actor_person_id == world.coordinator.actor.person_id


async def test_rejecting_hours_needs_a_reason(world, heard) -> None:
    record = await services.report_hours(world.me, _report(), now=NOW)

    with pytest.raises(InvalidInput) as caught:
        await services.reject_hours(world.staff, record.id, "  ")
    assert caught.value.fields["reason"].code == "required"
    rejected = await services.reject_hours(world.staff, record.id, "当天未在服务名单中")

    assert (rejected.status, rejected.rejection_reason) == ("rejected", "当天未在服务名单中")
    with pytest.raises(Conflict) as again:
        await services.verify_hours(world.admin, record.id)
    assert again.value.params["status"] == "rejected"
    (event,) = heard.named(events.HOURS_REJECTED)
    assert event.data["person_id"] == world.volunteer.person


async def test_who_may_decide_on_hours(world) -> None:
    unit, liaison = world.unit, world.liaison

    async def pending(**place):
        return await HoursRecordFactory.create(
            tenant=world.tenant_id, volunteer=world.volunteer, **place
        )

    in_community = await pending(community=world.community.id)
    with_org = await pending(organisation=world.organisation.id)
    with_unit = await pending(unit=unit.id)
    social_worker = acting(world.tenant_id, world.staff.actor.person_id, Role.SOCIAL_WORKER)
    for record, allowed, refused in (
        (in_community, world.staff, [world.other_staff, world.coordinator, liaison]),
        (with_org, world.coordinator, [world.staff, liaison, social_worker]),
        (with_unit, liaison, [world.staff, world.coordinator, world.me]),
    ):
        shown = await services.get_hours_record(world.admin, record.id)
        for outsider in refused:
            assert not services.may_decide_on(outsider.actor, shown)  # no forms offered
            with pytest.raises(PermissionDenied):
                await services.verify_hours(outsider, record.id)
        assert services.may_decide_on(allowed.actor, shown)
        assert (await services.verify_hours(allowed, record.id)).status == "verified"
    anywhere = await pending()
    assert (await services.verify_hours(world.admin, anywhere.id)).status == "verified"


async def test_nobody_decides_on_their_own_hours(world) -> None:
    me_as_coordinator = acting(
        world.tenant_id,
        world.volunteer.person,
        Role.VOLUNTEER,
        Role.TENANT_ADMIN,
    )
    record = await services.report_hours(world.me, _report(need_id=world.need.id), now=NOW)
    assert not services.may_decide_on(me_as_coordinator.actor, record)

    for decision in (
        lambda: services.verify_hours(me_as_coordinator, record.id),
        lambda: services.reject_hours(me_as_coordinator, record.id, "不合规"),
        lambda: services.correct_hours(me_as_coordinator, record.id, 600, "多报一点"),
    ):
        with pytest.raises(PermissionDenied) as caught:
            await decision()
        assert caught.value.code == "hours.own_record"


async def test_a_correction_keeps_the_old_value_who_made_it_and_why(world, heard) -> None:
    record = await services.report_hours(world.me, _report(minutes=120), now=NOW)
    await services.verify_hours(world.staff, record.id)

    await services.correct_hours(world.staff, record.id, 90, "实际服务一个半小时", now=at(21))
    corrected = await services.correct_hours(world.admin, record.id, 100, "含路途时间", now=at(22))

    assert (corrected.minutes, corrected.status) == (100, "verified")
    assert [(c.old_minutes, c.new_minutes, c.reason) for c in corrected.corrections] == [
        (120, 90, "实际服务一个半小时"),
        (90, 100, "含路途时间"),
    ]
    assert [(c.corrected_by_id, c.corrected_at) for c in corrected.corrections] == [
        (world.staff.actor.person_id, at(21)),
        (world.admin.actor.person_id, at(22)),
    ]
    assert (await services.get_hours_record(world.me, record.id)).corrections == (
        corrected.corrections
    )
    events_ = heard.named(events.HOURS_CORRECTED)
    assert [(e.data["old_minutes"], e.data["minutes"]) for e in events_] == [(120, 90), (90, 100)]


async def test_a_correction_needs_new_minutes_a_reason_and_a_live_record(world) -> None:
    record = await services.report_hours(world.me, _report(minutes=120), now=NOW)

    with pytest.raises(InvalidInput) as caught:
        await services.correct_hours(world.staff, record.id, 0, "")
    assert set(caught.value.fields) == {"minutes", "reason"}
    with pytest.raises(InvalidInput) as same:
        await services.correct_hours(world.staff, record.id, 120, "核对无误")
    assert same.value.fields["minutes"].code == "unchanged"
    with pytest.raises(PermissionDenied):
        await services.correct_hours(world.other_staff, record.id, 60, "核对")

    await services.reject_hours(world.staff, record.id, "未参加")
    with pytest.raises(Conflict) as rejected:
        await services.correct_hours(world.staff, record.id, 60, "核对")
    assert rejected.value.code == "hours.rejected_record"
    assert (await services.get_hours_record(world.staff, record.id)).corrections == []


async def test_hours_still_checked_in_cannot_be_decided(world) -> None:
    record = await attendance.check_in(world.me, world.shift.id, now=at(9))

    for decision in (
        lambda: services.verify_hours(world.staff, record.id),
        lambda: services.correct_hours(world.staff, record.id, 60, "补录"),
    ):
        with pytest.raises(Conflict) as caught:
            await decision()
        assert caught.value.code == "hours.still_checked_in"


async def test_a_record_is_shown_to_its_volunteer_and_to_staff(world) -> None:
    record = await services.report_hours(world.me, _report(), now=NOW)
    _, someone_else = await world.new_volunteer()

    assert (await services.get_hours_record(world.me, record.id)).id == record.id
    assert (await services.get_hours_record(world.other_staff, record.id)).id == record.id
    with pytest.raises(PermissionDenied):
        await services.get_hours_record(someone_else, record.id)


async def test_another_tenants_records_needs_and_shifts_are_not_found(world, other_tenant) -> None:
    theirs = await build_world(other_tenant.id)
    their_record = await services.report_hours(theirs.me, _report(), now=NOW)
    for_their_volunteer = _report(volunteer_id=theirs.volunteer.id)

    for attempt in (
        lambda: services.verify_hours(world.admin, their_record.id),
        lambda: services.reject_hours(world.admin, their_record.id, "不属于本辖区"),
        lambda: services.correct_hours(world.admin, their_record.id, 30, "不属于本辖区"),
        lambda: services.get_hours_record(world.admin, their_record.id),
        lambda: services.report_hours(world.me, _report(need_id=theirs.need.id), now=NOW),
        lambda: services.report_hours(world.me, _report(shift_id=theirs.shift.id), now=NOW),
        lambda: services.report_hours(world.admin, for_their_volunteer, now=NOW),
    ):
        with pytest.raises(NotFound):
            await attempt()
    async with TenantScope.system(other_tenant.id).read() as q:
        assert (await q.get(Need, theirs.need.id)).state == "accepted"
