"""A volunteer's service record, their list of hours, and the hours waiting for a decision."""

from datetime import date

import pytest

from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.hours import services
from coalition.hours.schemas import MemberLine, PendingFilter, ServiceLine
from coalition.tenancy import Role
from coalition.testing.factories import HoursRecordFactory, NeedFactory
from tests.coalition.hours.helpers import acting, build_world

MAY, JUNE = date(2026, 5, 1), date(2026, 6, 30)


async def _record(world, served_on: date, minutes: int, status: str, **values):
    values.setdefault("volunteer", world.volunteer)
    return await HoursRecordFactory.create(
        tenant=world.tenant_id, served_on=served_on, minutes=minutes, status=status, **values
    )


@pytest.fixture
async def history(world):
    """Hours of the volunteer, in and around May and June 2026."""
    other_need = await NeedFactory.create(
        tenant=world.tenant_id,
        title="清理楼道堆积杂物",
        community=world.community,
        dispatch_kind="unit",
        dispatched_unit=world.unit,
    )
    by_org = {"need": world.need, "organisation": world.organisation}
    await _record(world, date(2026, 5, 4), 120, "verified", **by_org)
    await _record(world, date(2026, 5, 20), 45, "pending", **by_org)
    await _record(world, date(2026, 6, 1), 90, "verified", need=other_need, unit=world.unit)
    await _record(world, date(2026, 6, 2), 30, "pending", community=world.community)
    await _record(world, date(2026, 6, 3), 600, "rejected", **by_org)  # counts nowhere
    await _record(world, date(2026, 6, 6), 0, "checked_in", **by_org)  # not over yet
    await _record(world, date(2026, 4, 30), 1000, "verified", **by_org)  # before the range
    await HoursRecordFactory.create(tenant=world.tenant_id, served_on=date(2026, 5, 5))
    return other_need


async def test_the_service_record_sums_verified_and_pending_minutes(world, history) -> None:
    record = await services.service_record(world.me, world.volunteer.id, start=MAY, end=JUNE)

    assert (record.verified_minutes, record.pending_minutes) == (210, 75)
    assert (record.verified_hours, record.pending_hours) == (3.5, 1.25)
    assert record.by_need == [
        ServiceLine(
            key=world.need.id, name="陪同独居老人就医", verified_minutes=120, pending_minutes=45
        ),
        ServiceLine(
            key=history.id, name="清理楼道堆积杂物", verified_minutes=90, pending_minutes=0
        ),
        ServiceLine(key=None, name="", verified_minutes=0, pending_minutes=30),
    ]
    assert record.by_member == [
        MemberLine(
            kind="organisation",
            id=world.organisation.id,
            name="阳光社工服务中心",
            verified_minutes=120,
            pending_minutes=45,
        ),
        MemberLine(
            kind="unit", id=world.unit.id, name="市供电公司", verified_minutes=90, pending_minutes=0
        ),
        MemberLine(kind=None, id=None, name="", verified_minutes=0, pending_minutes=30),
    ]
    assert record.by_month == [
        ServiceLine(key="2026-05", name="2026-05", verified_minutes=120, pending_minutes=45),
        ServiceLine(key="2026-06", name="2026-06", verified_minutes=90, pending_minutes=30),
    ]


async def test_the_service_record_covers_the_range_asked_for(world, history) -> None:
    everything = await services.service_record(world.me, world.volunteer.id)
    june = await services.service_record(world.me, world.volunteer.id, start=date(2026, 6, 1))
    may_4 = await services.service_record(
        world.me, world.volunteer.id, start=date(2026, 5, 4), end=date(2026, 5, 4)
    )

    assert (everything.verified_minutes, everything.pending_minutes) == (1210, 75)
    assert [line.key for line in everything.by_month] == ["2026-04", "2026-05", "2026-06"]
    assert (june.verified_minutes, june.pending_minutes) == (90, 30)
    assert (may_4.verified_minutes, may_4.pending_minutes) == (120, 0)
    with pytest.raises(InvalidInput) as caught:
        await services.service_record(world.me, world.volunteer.id, start=JUNE, end=MAY)
    assert caught.value.fields["end"].code == "before_start"


async def test_a_volunteer_sees_their_own_service_record_and_staff_see_anyones(
    world, history
) -> None:
    _, someone_else = await world.new_volunteer()
    grid_worker = acting(world.tenant_id, world.staff.actor.person_id, Role.GRID_WORKER)

    with pytest.raises(PermissionDenied):
        await services.service_record(someone_else, world.volunteer.id)
    with pytest.raises(PermissionDenied):
        await services.list_volunteer_hours(someone_else, world.volunteer.id)
    for staff in (world.other_staff, world.coordinator, grid_worker, world.admin):
        seen = await services.service_record(staff, world.volunteer.id, start=MAY, end=JUNE)
        assert seen.verified_minutes == 210


async def test_a_volunteers_hours_are_listed_newest_first(world, history) -> None:
    page = await services.list_volunteer_hours(world.me, world.volunteer.id, limit=3)
    pending = await services.list_volunteer_hours(world.me, world.volunteer.id, status="pending")
    rejected = await services.list_volunteer_hours(
        world.staff, world.volunteer.id, status="rejected"
    )

    assert page.total == 7
    assert [r.served_on for r in page.items] == [
        date(2026, 6, 6),
        date(2026, 6, 3),
        date(2026, 6, 2),
    ]
    assert [r.minutes for r in pending.items] == [30, 45]
    assert [r.minutes for r in rejected.items] == [600]
    with pytest.raises(InvalidInput):
        await services.list_volunteer_hours(world.me, world.volunteer.id, status="approved")


async def test_another_tenants_volunteer_has_no_service_record_here(world, other_tenant) -> None:
    theirs = await build_world(other_tenant.id)
    await _record(theirs, date(2026, 5, 4), 120, "verified")

    with pytest.raises(NotFound):
        await services.service_record(world.admin, theirs.volunteer.id)
    with pytest.raises(NotFound):
        await services.list_volunteer_hours(world.admin, theirs.volunteer.id)


# --- hours waiting for a decision -----------------------------------------------------------


@pytest.fixture
async def waiting(world, other_tenant):
    """Pending records of one community, the organisation, the unit and another community."""
    theirs = await build_world(other_tenant.id)
    await _record(theirs, date(2026, 5, 1), 60, "pending", community=theirs.community)
    await _record(world, date(2026, 5, 2), 60, "verified", community=world.community)
    return {
        "community": await _record(
            world, date(2026, 5, 9), 60, "pending", community=world.community
        ),
        "organisation": await _record(
            world, date(2026, 5, 3), 60, "pending", organisation=world.organisation
        ),
        "unit": await _record(world, date(2026, 5, 8), 60, "pending", unit=world.unit),
        "elsewhere": await _record(
            world, date(2026, 5, 3), 60, "pending", community=world.other_community
        ),
    }


async def _ids(scope, **filters) -> list[int]:
    return [
        r.id for r in (await services.list_pending_hours(scope, PendingFilter(**filters))).items
    ]


async def test_each_decider_sees_the_pending_hours_they_may_decide_on(world, waiting) -> None:
    both = acting(
        world.tenant_id,
        world.staff.actor.person_id,
        Role.COMMUNITY_STAFF,
        Role.ORG_COORDINATOR,
        communities={world.community.id},
        organisations={world.organisation.id},
    )

    assert await _ids(world.staff) == [waiting["community"].id]
    assert await _ids(world.other_staff) == [waiting["elsewhere"].id]
    assert await _ids(world.coordinator) == [waiting["organisation"].id]
    assert await _ids(world.liaison) == [waiting["unit"].id]
    assert await _ids(both) == [waiting["organisation"].id, waiting["community"].id]
    # Oldest first, and never another tenant's.
    assert await _ids(world.admin) == [
        waiting["organisation"].id,
        waiting["elsewhere"].id,
        waiting["unit"].id,
        waiting["community"].id,
    ]


async def test_pending_hours_are_filtered_and_paged(world, waiting) -> None:
    page = await services.list_pending_hours(world.admin, PendingFilter(limit=2, offset=1))

    assert page.total == 4
    assert [r.id for r in page.items] == [waiting["elsewhere"].id, waiting["unit"].id]
    assert await _ids(world.admin, community_id=world.community.id) == [waiting["community"].id]
    assert await _ids(world.admin, organisation_id=world.organisation.id) == [
        waiting["organisation"].id
    ]
    assert await _ids(world.admin, unit_id=world.unit.id) == [waiting["unit"].id]
    assert await _ids(world.staff, organisation_id=world.organisation.id) == []
    with pytest.raises(InvalidInput):
        await services.list_pending_hours(world.admin, PendingFilter(limit=0))


async def test_only_deciders_see_the_hours_waiting_for_a_decision(world, waiting) -> None:
    no_organisation = acting(world.tenant_id, world.volunteer.person, Role.ORG_COORDINATOR)
    social_worker = acting(world.tenant_id, world.volunteer.person, Role.SOCIAL_WORKER)

    for outsider in (world.me, social_worker, no_organisation):
        with pytest.raises(PermissionDenied):
            await services.list_pending_hours(outsider)
