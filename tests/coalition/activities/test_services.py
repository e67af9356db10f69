"""The joint activity log: logging an activity, its volunteers' hours, and browsing."""

from datetime import date

import pytest

from coalition import events
from coalition.activities import services
from coalition.activities.schemas import ActivityFilter, ActivityInput, ParticipantInput
from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.hours import services as hours
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import NeedCategoryFactory, PersonFactory
from tests.coalition.hours.helpers import SHIFT_DAY, acting, at, build_world

NOW = at(20)


def _activity(world, **values) -> ActivityInput:
    return ActivityInput(
        **{
            "title": "垃圾分类宣传进小区",
            "area": "sanitation",
            "held_on": SHIFT_DAY,
            "community_ids": [world.community.id],
            **values,
        }
    )


async def test_staff_log_an_activity_with_its_organisers_participants_and_needs(
    world, heard
) -> None:
    second, _ = await world.new_volunteer()
    idle, _ = await world.new_volunteer()
    worker = await PersonFactory.create(tenant=world.tenant_id, name="李社工")
    logged = await services.log_activity(
        world.staff,
        _activity(
            world,
            community_ids=[world.community.id, world.other_community.id, world.community.id],
            organisation_ids=[world.organisation.id],
            unit_ids=[world.unit.id],
            alliance_id=world.alliance.id,
            place=" 幸福里小区广场 ",
            outcome="发放宣传册300份，现场指导居民分类投放",
            participants=[
                ParticipantInput(person_id=world.volunteer.person, minutes=120),
                ParticipantInput(person_id=second.person, minutes=90),
                ParticipantInput(person_id=worker.id, role="staff", minutes=180),
                ParticipantInput(person_id=idle.person, minutes=0),
            ],
            need_ids=[world.need.id],
        ),
        now=NOW,
    )

    shown = await services.get_activity(world.me, logged.id)
    assert shown == logged
    assert (shown.title, shown.area, shown.held_on, shown.place) == (
        "垃圾分类宣传进小区",
        "sanitation",
        SHIFT_DAY,
        "幸福里小区广场",
    )
    assert (shown.alliance_name, shown.logged_by_id) == (
        "狮子山片区党建联盟",
        world.staff.actor.person_id,
    )
    assert [(o.kind, o.name) for o in shown.organisers] == [
        ("community", "幸福里社区"),
        ("community", "东北村社区"),
        ("organisation", "阳光社工服务中心"),
        ("unit", "市供电公司"),
    ]
    assert [(p.person_name, p.role, p.minutes) for p in shown.participants][2] == (
        "李社工",
        "staff",
        180,
    )
    with_hours = [p.hours_record_id is not None for p in shown.participants]
    assert with_hours == [True, True, False, False]
    assert [(n.need_id, n.title, n.state) for n in shown.needs] == [
        (world.need.id, "陪同独居老人就医", "accepted")
    ]

    record = await hours.get_hours_record(world.me, shown.participants[0].hours_record_id)
    assert (record.kind, record.status, record.minutes, record.served_on) == (
        "activity",
        "verified",
        120,
        SHIFT_DAY,
    )
    assert (record.activity_id, record.need_id, record.decided_by_id) == (
        logged.id,
        world.need.id,
        world.staff.actor.person_id,
    )
    assert (record.community_id, record.organisation_id, record.unit_id, record.alliance_id) == (
        world.community.id,
        world.organisation.id,
        world.unit.id,
        world.alliance.id,
    )
    (event,) = heard.named(events.ACTIVITY_LOGGED)
    assert event.data["activity_id"] == logged.id
    assert event.data["need_ids"] == [world.need.id]
    assert len(event.data["hours_record_ids"]) == 2
    verified = heard.named(events.HOURS_VERIFIED)
    assert sorted(e.data["minutes"] for e in verified) == [90, 120]
    assert heard.named(events.HOURS_REPORTED) == []


async def test_a_volunteer_logs_an_activity_and_the_hours_wait_for_verification(
    world, heard
) -> None:
    logged = await services.log_activity(
        world.me,
        _activity(
            world,
            organisation_ids=[world.organisation.id],
            participants=[ParticipantInput(person_id=world.volunteer.person, minutes=60)],
        ),
        now=NOW,
    )

    record_id = logged.participants[0].hours_record_id
    record = await hours.get_hours_record(world.me, record_id)
    assert record.status == "pending"
    assert [e.name for e in heard.events] == [events.HOURS_REPORTED, events.ACTIVITY_LOGGED]
    with pytest.raises(PermissionDenied):
        await hours.verify_hours(world.other_staff, record_id)
    assert (await hours.verify_hours(world.coordinator, record_id)).status == "verified"


async def test_staff_taking_part_themselves_wait_for_someone_else_to_verify(world) -> None:
    staff_volunteer, _ = await world.new_volunteer()
    staff = acting(
        world.tenant_id,
        staff_volunteer.person,
        Role.COMMUNITY_STAFF,
        Role.VOLUNTEER,
        communities={world.community.id},
    )

    logged = await services.log_activity(
        staff,
        _activity(
            world,
            participants=[
                ParticipantInput(person_id=staff_volunteer.person, minutes=60),
                ParticipantInput(person_id=world.volunteer.person, minutes=60),
            ],
        ),
        now=NOW,
    )

    statuses = [
        (await hours.get_hours_record(world.admin, p.hours_record_id)).status
        for p in logged.participants
    ]
    assert statuses == ["pending", "verified"]


async def test_activity_hours_appear_in_the_service_record(world) -> None:
    await services.log_activity(
        world.staff,
        _activity(
            world,
            held_on=date(2026, 5, 30),
            organisation_ids=[world.organisation.id],
            participants=[ParticipantInput(person_id=world.volunteer.person, minutes=75)],
        ),
        now=NOW,
    )
    await services.log_activity(
        world.me,
        _activity(
            world, participants=[ParticipantInput(person_id=world.volunteer.person, minutes=40)]
        ),
        now=NOW,
    )

    record = await hours.service_record(world.me, world.volunteer.id)

    assert (record.verified_minutes, record.pending_minutes) == (75, 40)
    assert [(m.key, m.verified_minutes, m.pending_minutes) for m in record.by_month] == [
        ("2026-05", 75, 0),
        ("2026-06", 0, 40),
    ]
    assert [(m.kind, m.verified_minutes) for m in record.by_member] == [
        ("organisation", 75),
        (None, 0),
    ]


async def test_an_activity_must_be_complete_and_in_the_past(world) -> None:
    staff_only = await PersonFactory.create(tenant=world.tenant_id)
    bad = _activity(
        world,
        title=" ",
        area="fireworks",
        held_on=date(2026, 6, 7),
        community_ids=[],
        participants=[
            ParticipantInput(person_id=world.volunteer.person, role="guest", minutes=24 * 60 + 1),
            ParticipantInput(person_id=world.volunteer.person, minutes=30),
            ParticipantInput(person_id=staff_only.id, minutes=30),
        ],
    )

    with pytest.raises(InvalidInput) as caught:
        await services.log_activity(world.staff, bad, now=NOW)

    assert {name: error.code for name, error in caught.value.fields.items()} == {
        "title": "required",
        "area": "invalid_choice",
        "held_on": "in_future",
        "organisers": "required",
        "participants[0].role": "invalid_choice",
        "participants[0].minutes": "out_of_range",
        "participants[1].person_id": "duplicate",
        "participants[2].person_id": "not_a_volunteer",
    }
    assert (await services.list_activities(world.staff)).total == 0


async def test_any_joint_area_or_need_category_is_an_area(world) -> None:
    local = await NeedCategoryFactory.create(tenant=world.tenant_id, code="flood_relief")
    for area in ("security_patrol", "economy", "elderly_care", "legal_aid", local.code):
        logged = await services.log_activity(world.staff, _activity(world, area=area), now=NOW)
        assert logged.area == area


async def test_anyone_with_a_role_logs_and_reads_but_nobody_else(world) -> None:
    nobody = TenantScope(world.tenant_id, Actor(person_id=None, roles=frozenset()))
    grid_worker = acting(world.tenant_id, world.staff.actor.person_id, Role.GRID_WORKER)

    logged = await services.log_activity(grid_worker, _activity(world), now=NOW)
    with pytest.raises(PermissionDenied):
        await services.log_activity(nobody, _activity(world), now=NOW)
    with pytest.raises(PermissionDenied):
        await services.list_activities(nobody)
    with pytest.raises(PermissionDenied):
        await services.get_activity(nobody, logged.id)


async def test_another_tenants_actors_needs_and_people_are_not_found(world, other_tenant) -> None:
    theirs = await build_world(other_tenant.id)
    their_activity = await services.log_activity(theirs.staff, _activity(theirs), now=NOW)

    for values in (
        {"community_ids": [theirs.community.id]},
        {"organisation_ids": [theirs.organisation.id]},
        {"unit_ids": [theirs.unit.id]},
        {"alliance_id": theirs.alliance.id},
        {"need_ids": [theirs.need.id]},
        {"participants": [ParticipantInput(person_id=theirs.volunteer.person, minutes=30)]},
    ):
        with pytest.raises(NotFound):
            await services.log_activity(world.staff, _activity(world, **values), now=NOW)
    with pytest.raises(NotFound):
        await services.get_activity(world.staff, their_activity.id)
    assert (await services.list_activities(world.admin)).items == []


async def test_the_log_is_browsed_newest_first_and_filtered(world) -> None:
    async def log(title: str, held_on: date, **values):
        data = _activity(world, title=title, held_on=held_on, **values)
        return await services.log_activity(world.staff, data, now=NOW)

    patrol = await log(
        "夜间治安巡逻",
        date(2026, 5, 10),
        area="security_patrol",
        unit_ids=[world.unit.id],
        alliance_id=world.alliance.id,
    )
    concert = await log(
        "广场文艺汇演",
        date(2026, 6, 1),
        area="culture",
        community_ids=[world.other_community.id],
        organisation_ids=[world.organisation.id],
        participants=[ParticipantInput(person_id=world.volunteer.person, minutes=50)],
    )
    cleanup = await log("河道清理", date(2026, 6, 1))

    async def titles(**filters) -> list[str]:
        page = await services.list_activities(world.me, ActivityFilter(**filters))
        return [item.title for item in page.items]

    assert await titles() == ["河道清理", "广场文艺汇演", "夜间治安巡逻"]
    assert await titles(area="culture") == ["广场文艺汇演"]
    assert await titles(start=date(2026, 5, 11)) == ["河道清理", "广场文艺汇演"]
    assert await titles(end=date(2026, 5, 31)) == ["夜间治安巡逻"]
    assert await titles(community_id=world.community.id) == ["河道清理", "夜间治安巡逻"]
    assert await titles(organisation_id=world.organisation.id) == ["广场文艺汇演"]
    assert await titles(unit_id=world.unit.id) == ["夜间治安巡逻"]
    assert await titles(alliance_id=world.alliance.id) == ["夜间治安巡逻"]
    page = await services.list_activities(world.me, ActivityFilter(limit=1, offset=1))
    assert page.total == 3
    (item,) = page.items
    assert (item.id, item.participant_count, item.volunteer_minutes) == (concert.id, 1, 50)
    assert [o.kind for o in item.organisers] == ["community", "organisation"]
    assert {patrol.id, cleanup.id}.isdisjoint({item.id})
    with pytest.raises(InvalidInput):
        await services.list_activities(
            world.me, ActivityFilter(start=date(2026, 6, 2), end=date(2026, 6, 1))
        )
