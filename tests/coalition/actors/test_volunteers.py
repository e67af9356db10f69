import pytest

from coalition.actors import volunteers
from coalition.actors.schemas import (
    AvailabilitySlot,
    VolunteerFilter,
    VolunteerInput,
    VolunteerUpdate,
)
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Actor, Role, TenantScope
from coalition.tenancy.clock import tenant_today
from coalition.testing.factories import (
    CommunityFactory,
    GridFactory,
    OrganisationFactory,
    PersonFactory,
    VolunteerFactory,
)


def acting(tenant, *roles: Role, person_id: int | None = None, **covers: set[int]) -> TenantScope:
    return TenantScope(
        tenant.id,
        Actor(
            person_id=person_id,
            roles=frozenset(roles),
            **{name: frozenset(ids) for name, ids in covers.items()},
        ),
    )


def slot(weekday: int, start: str, end: str) -> AvailabilitySlot:
    return AvailabilitySlot(weekday=weekday, start=start, end=end)


def codes(error: InvalidInput) -> dict[str, str]:
    return {name: field.code for name, field in error.fields.items()}


async def test_staff_register_a_volunteer_with_skills_hours_and_a_home_grid(scope, tenant) -> None:
    grid = await GridFactory.create(tenant=tenant, name="第三网格")
    team = await OrganisationFactory.create(tenant=tenant)
    person = await PersonFactory.create(tenant=tenant, name="张秀英")

    volunteer = await volunteers.register_volunteer(
        scope,
        VolunteerInput(
            person_id=person.id,
            skills=["矛盾调解", " 助老服务 ", "矛盾调解"],
            languages=["普通话", "胶东话"],
            availability=[slot(5, "14:00", "17:00"), slot(0, "8:30", "11:00")],
            home_grid_id=grid.id,
            max_hours_week=10,
            organisation_id=team.id,
        ),
    )

    assert volunteer.person_name == "张秀英"
    assert volunteer.skills == ["矛盾调解", "助老服务"]
    assert volunteer.availability == [slot(0, "08:30", "11:00"), slot(5, "14:00", "17:00")]
    assert (volunteer.home_grid_name, volunteer.community_id) == ("第三网格", grid.community)
    assert volunteer.active and volunteer.organisation_id == team.id
    # Today where the tenant is (Asia/Shanghai), not on the server's clock.
    assert volunteer.joined_on == await tenant_today(tenant.id)
    assert await volunteers.get_volunteer(scope, volunteer.id) == volunteer


async def test_availability_must_be_well_formed_and_slots_may_not_overlap(scope, tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)
    availability = [
        slot(7, "09:00", "10:00"),  # no such weekday
        slot(1, "25:00", "26:00"),  # no such time
        slot(2, "9.00", "10:00"),  # not HH:MM
        slot(3, "18:00", "09:00"),  # ends before it starts
        slot(4, "08:00", "12:00"),
        slot(4, "11:30", "13:00"),  # overlaps the slot before
        slot(6, "08:00", "10:00"),
        slot(6, "10:00", "24:00"),  # back to back is fine, and 24:00 ends a day
    ]

    with pytest.raises(InvalidInput) as caught:
        await volunteers.register_volunteer(
            scope, VolunteerInput(person_id=person.id, availability=availability)
        )

    assert codes(caught.value) == {
        "availability[0]": "invalid_weekday",
        "availability[1]": "invalid_time",
        "availability[2]": "invalid_time",
        "availability[3]": "start_not_before_end",
        "availability[5]": "overlapping_slots",
    }
    assert (await volunteers.list_volunteers(scope)).total == 0


async def test_a_slot_inside_a_long_slot_counts_as_an_overlap(scope, tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)
    long_day = [slot(2, "08:00", "18:00"), slot(2, "09:00", "10:00"), slot(2, "12:00", "13:00")]

    with pytest.raises(InvalidInput) as caught:
        await volunteers.register_volunteer(
            scope, VolunteerInput(person_id=person.id, availability=long_day)
        )

    assert codes(caught.value) == {
        "availability[1]": "overlapping_slots",
        "availability[2]": "overlapping_slots",
    }


async def test_weekly_hours_are_between_1_and_60(scope, tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)

    for hours in (0, 61):
        with pytest.raises(InvalidInput) as caught:
            await volunteers.register_volunteer(
                scope, VolunteerInput(person_id=person.id, max_hours_week=hours)
            )
        assert codes(caught.value) == {"max_hours_week": "out_of_range"}
    most = VolunteerInput(person_id=person.id, max_hours_week=60)
    assert (await volunteers.register_volunteer(scope, most)).max_hours_week == 60


async def test_a_person_is_registered_as_a_volunteer_once(scope, tenant) -> None:
    existing = await VolunteerFactory.create(tenant=tenant)

    with pytest.raises(Conflict) as caught:
        await volunteers.register_volunteer(scope, VolunteerInput(person_id=existing.person))
    assert caught.value.code == "actors.already_volunteer"


async def test_a_volunteers_person_grid_and_team_must_be_of_the_tenant(
    scope, tenant, other_tenant
) -> None:
    person = await PersonFactory.create(tenant=tenant)
    their_person = await PersonFactory.create(tenant=other_tenant)
    their_grid = await GridFactory.create(tenant=other_tenant)
    their_team = await OrganisationFactory.create(tenant=other_tenant)

    for data in (
        VolunteerInput(person_id=their_person.id),
        VolunteerInput(person_id=person.id, home_grid_id=their_grid.id),
        VolunteerInput(person_id=person.id, organisation_id=their_team.id),
    ):
        with pytest.raises(NotFound):
            await volunteers.register_volunteer(scope, data)
    assert (await volunteers.list_volunteers(scope)).total == 0


async def test_a_volunteer_updates_their_own_skills_availability_and_hours(tenant) -> None:
    grid = await GridFactory.create(tenant=tenant)
    mine = await VolunteerFactory.create(tenant=tenant, home_grid=grid, skills=["义诊"])
    me = acting(tenant, Role.VOLUNTEER, person_id=mine.person)

    updated = await volunteers.update_volunteer(
        me,
        mine.id,
        VolunteerUpdate(
            skills=["法律咨询"], availability=[slot(2, "19:00", "21:00")], max_hours_week=4
        ),
    )

    assert updated.skills == ["法律咨询"]
    assert updated.availability == [slot(2, "19:00", "21:00")]
    assert updated.max_hours_week == 4
    assert updated.home_grid_id == grid.id
    assert await volunteers.get_volunteer(me, mine.id) == updated


async def test_a_volunteer_may_not_move_grids_or_edit_someone_else(tenant) -> None:
    grid = await GridFactory.create(tenant=tenant)
    other_grid = await GridFactory.create(tenant=tenant)
    mine = await VolunteerFactory.create(tenant=tenant, home_grid=grid)
    theirs = await VolunteerFactory.create(tenant=tenant, max_hours_week=8)
    me = acting(tenant, Role.VOLUNTEER, person_id=mine.person)

    with pytest.raises(PermissionDenied) as caught:
        await volunteers.update_volunteer(
            me, mine.id, VolunteerUpdate(max_hours_week=5, home_grid_id=other_grid.id)
        )
    assert caught.value.code == "actors.volunteer_staff_only_fields"
    assert caught.value.params["fields"] == ["home_grid_id"]
    with pytest.raises(PermissionDenied):
        await volunteers.update_volunteer(me, theirs.id, VolunteerUpdate(max_hours_week=1))
    with pytest.raises(PermissionDenied):
        await volunteers.deactivate_volunteer(me, mine.id)
    assert (await volunteers.get_volunteer(me, mine.id)).max_hours_week == 8
    assert (await volunteers.get_volunteer(me, theirs.id)).max_hours_week == 8


async def test_community_staff_manage_only_the_volunteers_of_their_communities(tenant) -> None:
    mine = await CommunityFactory.create(tenant=tenant)
    my_grid = await GridFactory.create(tenant=tenant, community=mine)
    far_grid = await GridFactory.create(tenant=tenant)
    staff = acting(tenant, Role.COMMUNITY_STAFF, person_id=None, communities={mine.id})
    person = await PersonFactory.create(tenant=tenant)
    far_away = await VolunteerFactory.create(tenant=tenant, home_grid=far_grid)

    local = await volunteers.register_volunteer(
        staff, VolunteerInput(person_id=person.id, home_grid_id=my_grid.id)
    )
    with pytest.raises(PermissionDenied) as caught:
        await volunteers.update_volunteer(
            staff, local.id, VolunteerUpdate(home_grid_id=far_grid.id)
        )
    assert caught.value.code == "actors.outside_your_communities"
    with pytest.raises(PermissionDenied):
        await volunteers.deactivate_volunteer(staff, far_away.id)
    assert (await volunteers.get_volunteer(staff, local.id)).home_grid_id == my_grid.id
    assert (await volunteers.get_volunteer(staff, far_away.id)).active


async def test_a_failed_update_changes_nothing(scope, tenant) -> None:
    volunteer = await VolunteerFactory.create(tenant=tenant, skills=["义诊"], max_hours_week=8)

    with pytest.raises(InvalidInput) as caught:
        await volunteers.update_volunteer(
            scope,
            volunteer.id,
            VolunteerUpdate(skills=["课业辅导"], availability=[slot(1, "10:00", "09:00")]),
        )

    assert set(caught.value.fields) == {"availability[0]"}
    unchanged = await volunteers.get_volunteer(scope, volunteer.id)
    assert (unchanged.skills, unchanged.max_hours_week) == (["义诊"], 8)


async def test_a_deactivated_volunteer_leaves_the_active_list_and_can_come_back(
    scope, tenant
) -> None:
    volunteer = await VolunteerFactory.create(tenant=tenant)
    await VolunteerFactory.create(tenant=tenant)
    active = VolunteerFilter(active=True)

    assert not (await volunteers.deactivate_volunteer(scope, volunteer.id)).active
    page = await volunteers.list_volunteers(scope, active)
    assert page.total == 1 and volunteer.id not in {v.id for v in page.items}
    assert (await volunteers.list_volunteers(scope, VolunteerFilter(active=False))).total == 1

    assert (await volunteers.reactivate_volunteer(scope, volunteer.id)).active
    assert (await volunteers.list_volunteers(scope, active)).total == 2


async def test_volunteers_are_found_by_grid_community_and_exact_skill(scope, tenant) -> None:
    north = await GridFactory.create(tenant=tenant)
    south = await GridFactory.create(tenant=tenant)
    elsewhere = await GridFactory.create(tenant=tenant)
    mediator = await VolunteerFactory.create(tenant=tenant, home_grid=north, skills=["矛盾调解"])
    carer = await VolunteerFactory.create(tenant=tenant, home_grid=south, skills=["助老服务"])
    plain = await VolunteerFactory.create(tenant=tenant, home_grid=elsewhere, skills=["调解"])

    async def found(**filters) -> set[int]:
        page = await volunteers.list_volunteers(scope, VolunteerFilter(**filters))
        assert page.total == len(page.items)
        return {v.id for v in page.items}

    assert await found(grid_id=north.id) == {mediator.id}
    assert await found(community_id=south.community) == {carer.id}
    assert await found(skill="矛盾调解") == {mediator.id}
    assert await found(skill="调") == set()
    assert await found(skill="调解") == {plain.id}
    assert await found(skill="助老服务", grid_id=north.id) == set()


async def test_volunteers_come_in_pages_with_the_total(scope, tenant) -> None:
    for n in (5, 2, 7, 1, 3, 6, 4):
        await VolunteerFactory.create(tenant=tenant, person__name=f"志愿者{n:02d}")

    pages = [
        await volunteers.list_volunteers(scope, VolunteerFilter(limit=3, offset=offset))
        for offset in (0, 3, 6)
    ]

    assert [p.total for p in pages] == [7, 7, 7]
    assert [len(p.items) for p in pages] == [3, 3, 1]
    names = [v.person_name for p in pages for v in p.items]
    assert names == [f"志愿者{n:02d}" for n in range(1, 8)]


async def test_page_size_and_offset_are_checked(scope) -> None:
    for filters, field in [
        (VolunteerFilter(limit=0), "limit"),
        (VolunteerFilter(limit=201), "limit"),
        (VolunteerFilter(offset=-1), "offset"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            await volunteers.list_volunteers(scope, filters)
        assert codes(caught.value) == {field: "out_of_range"}


async def test_another_tenants_volunteers_are_never_seen(scope, tenant, other_tenant) -> None:
    theirs = await VolunteerFactory.create(tenant=other_tenant, skills=["义诊"])
    await VolunteerFactory.create(tenant=tenant, skills=["义诊"])

    page = await volunteers.list_volunteers(scope, VolunteerFilter(skill="义诊"))

    assert page.total == 1 and theirs.id not in {v.id for v in page.items}
    with pytest.raises(NotFound):
        await volunteers.get_volunteer(scope, theirs.id)
    with pytest.raises(NotFound):
        await volunteers.deactivate_volunteer(scope, theirs.id)


async def test_a_person_finds_their_own_volunteer_profile(tenant) -> None:
    volunteer = await VolunteerFactory.create(tenant=tenant)
    stranger = await PersonFactory.create(tenant=tenant)
    me = acting(tenant, person_id=volunteer.person)

    assert (await volunteers.volunteer_of_person(me, volunteer.person)).id == volunteer.id
    with pytest.raises(PermissionDenied):
        await volunteers.volunteer_of_person(me, stranger.id)
    admin = acting(tenant, Role.TENANT_ADMIN)
    assert await volunteers.volunteer_of_person(admin, stranger.id) is None
