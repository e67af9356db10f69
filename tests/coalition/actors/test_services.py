import pytest

from coalition.actors import services, social_workers
from coalition.actors.schemas import (
    OrganisationInput,
    OrganisationUpdate,
    SocialWorkerInput,
    UnitInput,
    UnitUpdate,
)
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    CommunityFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)


def acting(tenant, *roles: Role, person_id: int | None = None, **covers: set[int]) -> TenantScope:
    """The scope of a person holding ``roles`` (and the communities etc. they cover)."""
    return TenantScope(
        tenant.id,
        Actor(
            person_id=person_id,
            roles=frozenset(roles),
            **{name: frozenset(ids) for name, ids in covers.items()},
        ),
    )


def agency(name: str = "阳光社会工作服务中心", **values) -> OrganisationInput:
    return OrganisationInput(name=name, kind=values.pop("kind", "service_agency"), **values)


# --- social organisations -------------------------------------------------------------


async def test_staff_record_an_organisation_with_its_services_and_home_community(
    scope, tenant
) -> None:
    community = await CommunityFactory.create(tenant=tenant, name="东北村社区")

    created = await services.create_organisation(
        scope,
        agency(
            " 阳光社会工作服务中心 ",
            registration_no="52371000MJ0000001X",
            services=[" 助老服务 ", "矛盾调解", "助老服务", ""],
            phone="0631-5200000",
            community_id=community.id,
        ),
    )
    fetched = await services.get_organisation(scope, created.id)

    assert fetched == created
    assert fetched.name == "阳光社会工作服务中心"
    assert fetched.services == ["助老服务", "矛盾调解"]
    assert fetched.community_name == "东北村社区"
    assert [o.name for o in await services.list_organisations(scope)] == [fetched.name]


async def test_an_organisation_name_is_used_once_per_tenant(scope, other_tenant) -> None:
    await services.create_organisation(scope, agency("环山志愿者协会", kind="social_group"))
    second = await services.create_organisation(scope, agency("海滨慈善基金会", kind="foundation"))

    with pytest.raises(Conflict) as caught:
        await services.create_organisation(scope, agency(" 环山志愿者协会 "))
    assert caught.value.code == "actors.organisation_name_taken"
    with pytest.raises(Conflict) as caught:
        await services.update_organisation(
            scope, second.id, OrganisationUpdate(name="环山志愿者协会")
        )
    assert caught.value.code == "actors.organisation_name_taken"

    theirs = TenantScope.system(other_tenant.id)
    assert (await services.create_organisation(theirs, agency("环山志愿者协会"))).id


async def test_bad_organisation_input_names_every_wrong_field_and_saves_nothing(scope) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.create_organisation(
            scope, OrganisationInput(name=" ", kind="ngo", services=["服" * 101], phone="1" * 40)
        )

    fields = caught.value.fields
    assert {name: error.code for name, error in fields.items()} == {
        "name": "required",
        "kind": "invalid_choice",
        "services": "item_too_long",
        "phone": "too_long",
    }
    assert await services.list_organisations(scope) == []


async def test_an_organisation_cannot_be_based_in_another_tenants_community(
    scope, other_tenant
) -> None:
    theirs = await CommunityFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound) as caught:
        await services.create_organisation(scope, agency(community_id=theirs.id))
    assert caught.value.code == "places_community.not_found"
    assert await services.list_organisations(scope) == []


async def test_an_update_changes_only_the_fields_it_sets(scope, tenant) -> None:
    community = await CommunityFactory.create(tenant=tenant)
    created = await services.create_organisation(
        scope, agency(services=["助老服务"], phone="111", community_id=community.id)
    )

    updated = await services.update_organisation(
        scope, created.id, OrganisationUpdate(phone="222", services=["义诊", "法律咨询"])
    )

    assert updated.phone == "222"
    assert updated.services == ["义诊", "法律咨询"]
    assert (updated.name, updated.kind, updated.community_id) == (
        created.name,
        created.kind,
        community.id,
    )
    assert await services.get_organisation(scope, created.id) == updated
    moved = await services.update_organisation(
        scope, created.id, OrganisationUpdate(community_id=None)
    )
    assert (moved.community_id, moved.community_name) == (None, None)


async def test_a_failed_update_leaves_the_organisation_as_it_was(scope) -> None:
    created = await services.create_organisation(scope, agency(phone="111"))

    with pytest.raises(InvalidInput) as caught:
        await services.update_organisation(
            scope, created.id, OrganisationUpdate(phone="222", kind="company")
        )

    assert set(caught.value.fields) == {"kind"}
    assert await services.get_organisation(scope, created.id) == created


async def test_a_coordinator_updates_their_own_organisation_only(tenant) -> None:
    mine = await OrganisationFactory.create(tenant=tenant, phone="111")
    other = await OrganisationFactory.create(tenant=tenant, phone="333")
    coordinator = acting(tenant, Role.ORG_COORDINATOR, organisations={mine.id})

    updated = await services.update_organisation(
        coordinator, mine.id, OrganisationUpdate(phone="222")
    )

    assert updated.phone == "222"
    with pytest.raises(PermissionDenied):
        await services.update_organisation(coordinator, other.id, OrganisationUpdate(phone="0"))
    with pytest.raises(PermissionDenied):
        await services.create_organisation(coordinator, agency("新协会"))
    assert (await services.get_organisation(coordinator, other.id)).phone == "333"


async def test_community_staff_manage_organisations_of_their_own_communities(tenant) -> None:
    mine = await CommunityFactory.create(tenant=tenant)
    next_door = await CommunityFactory.create(tenant=tenant)
    staff = acting(tenant, Role.COMMUNITY_STAFF, communities={mine.id})

    local = await services.create_organisation(staff, agency("本社区协会", community_id=mine.id))
    assert (await services.create_organisation(staff, agency("全街道协会"))).community_id is None
    with pytest.raises(PermissionDenied) as caught:
        await services.create_organisation(staff, agency("隔壁协会", community_id=next_door.id))
    assert caught.value.code == "actors.outside_your_communities"
    with pytest.raises(PermissionDenied):
        await services.update_organisation(
            staff, local.id, OrganisationUpdate(community_id=next_door.id)
        )
    assert (await services.get_organisation(staff, local.id)).community_id == mine.id


async def test_any_role_reads_organisations_but_someone_without_a_role_does_not(tenant) -> None:
    await OrganisationFactory.create(tenant=tenant)
    volunteer = acting(tenant, Role.VOLUNTEER, person_id=1)
    nobody = acting(tenant, person_id=2)

    assert len(await services.list_organisations(volunteer)) == 1
    with pytest.raises(PermissionDenied):
        await services.list_organisations(nobody)
    with pytest.raises(PermissionDenied) as caught:
        await services.create_organisation(volunteer, agency())
    assert caught.value.code == "permission_denied"


async def test_another_tenants_organisations_and_units_are_never_seen(scope, other_tenant) -> None:
    theirs = await OrganisationFactory.create(tenant=other_tenant)
    their_unit = await UnitFactory.create(tenant=other_tenant)
    await services.create_organisation(scope, agency())

    assert [o.name for o in await services.list_organisations(scope)] == ["阳光社会工作服务中心"]
    assert await services.list_units(scope) == []
    with pytest.raises(NotFound):
        await services.get_organisation(scope, theirs.id)
    with pytest.raises(NotFound):
        await services.update_organisation(scope, theirs.id, OrganisationUpdate(phone="1"))
    with pytest.raises(NotFound):
        await services.get_unit(scope, their_unit.id)


async def test_organisations_are_listed_by_kind_and_community(scope, tenant) -> None:
    community = await CommunityFactory.create(tenant=tenant)
    await OrganisationFactory.create(tenant=tenant, name="甲基金会", kind="foundation")
    await OrganisationFactory.create(tenant=tenant, name="乙协会", kind="social_group")
    await OrganisationFactory.create(
        tenant=tenant, name="丙服务中心", kind="service_agency", community=community
    )

    foundations = await services.list_organisations(scope, kind="foundation")
    local = await services.list_organisations(scope, community_id=community.id)

    assert [o.name for o in foundations] == ["甲基金会"]
    assert [o.name for o in local] == ["丙服务中心"]


# --- units ----------------------------------------------------------------------------


async def test_staff_record_a_unit_and_what_it_offers(scope, tenant) -> None:
    community = await CommunityFactory.create(tenant=tenant, name="狮子山村")

    unit = await services.create_unit(
        scope,
        UnitInput(
            name="烟台市某某食品有限公司",
            kind="enterprise",
            address="狮子山路1号",
            resources=["会议室", "职工志愿者", "会议室"],
            community_id=community.id,
        ),
    )
    moved = await services.update_unit(scope, unit.id, UnitUpdate(address="狮子山路2号"))

    assert unit.resources == ["会议室", "职工志愿者"]
    assert unit.community_name == "狮子山村"
    assert moved.address == "狮子山路2号"
    assert moved.resources == unit.resources
    assert await services.get_unit(scope, unit.id) == moved


async def test_unit_kinds_and_names_are_checked(scope) -> None:
    await services.create_unit(scope, UnitInput(name="街道办事处", kind="government_office"))

    with pytest.raises(InvalidInput) as caught:
        await services.create_unit(scope, UnitInput(name="", kind="shop"))
    assert {n: e.code for n, e in caught.value.fields.items()} == {
        "name": "required",
        "kind": "invalid_choice",
    }
    with pytest.raises(Conflict) as conflict:
        await services.create_unit(scope, UnitInput(name="街道办事处", kind="public_institution"))
    assert conflict.value.code == "actors.unit_name_taken"
    assert len(await services.list_units(scope)) == 1


async def test_units_are_listed_by_kind_and_community(scope, tenant) -> None:
    community = await CommunityFactory.create(tenant=tenant)
    await UnitFactory.create(tenant=tenant, name="甲公司", kind="enterprise")
    await UnitFactory.create(
        tenant=tenant, name="乙卫生院", kind="public_institution", community=community
    )

    assert [u.name for u in await services.list_units(scope, kind="enterprise")] == ["甲公司"]
    assert [u.name for u in await services.list_units(scope, community_id=community.id)] == [
        "乙卫生院"
    ]


async def test_a_liaison_updates_their_own_unit_only(tenant) -> None:
    mine = await UnitFactory.create(tenant=tenant)
    other = await UnitFactory.create(tenant=tenant)
    liaison = acting(tenant, Role.UNIT_LIAISON, units={mine.id})

    assert (await services.update_unit(liaison, mine.id, UnitUpdate(phone="9"))).phone == "9"
    with pytest.raises(PermissionDenied):
        await services.update_unit(liaison, other.id, UnitUpdate(phone="9"))


# --- social workers -------------------------------------------------------------------


async def test_a_person_is_registered_as_a_social_worker_of_an_organisation(scope, tenant) -> None:
    person = await PersonFactory.create(tenant=tenant, name="李娜")
    employer = await OrganisationFactory.create(tenant=tenant, name="环山社工站")
    freelancer = await PersonFactory.create(tenant=tenant, name="王强")

    worker = await social_workers.register_social_worker(
        scope,
        SocialWorkerInput(
            person_id=person.id,
            certification="senior",
            certificate_no="GJ2020001",
            employer_id=employer.id,
        ),
    )
    await social_workers.register_social_worker(
        scope,
        SocialWorkerInput(
            person_id=freelancer.id, certification="assistant", employer_name="市民政局"
        ),
    )

    assert (worker.person_name, worker.employer_name) == ("李娜", "环山社工站")
    assert await social_workers.get_social_worker(scope, worker.id) == worker
    assert await social_workers.list_social_workers(scope, employer_id=employer.id) == [worker]
    everyone = await social_workers.list_social_workers(scope)
    assert {w.employer_name for w in everyone} == {"环山社工站", "市民政局"}


async def test_a_social_worker_needs_a_certification_and_exactly_one_employer(
    scope, tenant
) -> None:
    person = await PersonFactory.create(tenant=tenant)
    employer = await OrganisationFactory.create(tenant=tenant)

    with pytest.raises(InvalidInput) as caught:
        await social_workers.register_social_worker(
            scope, SocialWorkerInput(person_id=person.id, certification="expert")
        )
    assert {n: e.code for n, e in caught.value.fields.items()} == {
        "certification": "invalid_choice",
        "employer_name": "employer_required",
    }
    with pytest.raises(InvalidInput) as caught:
        await social_workers.register_social_worker(
            scope,
            SocialWorkerInput(
                person_id=person.id,
                certification="intermediate",
                employer_id=employer.id,
                employer_name="另一家",
            ),
        )
    assert caught.value.fields["employer_name"].code == "employer_ambiguous"
    assert await social_workers.list_social_workers(scope) == []


async def test_a_person_is_registered_as_a_social_worker_once(scope, tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)
    data = SocialWorkerInput(person_id=person.id, certification="intermediate", employer_name="站")
    await social_workers.register_social_worker(scope, data)

    with pytest.raises(Conflict) as caught:
        await social_workers.register_social_worker(scope, data)
    assert caught.value.code == "actors.already_social_worker"


async def test_a_social_worker_cannot_be_tied_to_another_tenants_people_or_employers(
    scope, tenant, other_tenant
) -> None:
    person = await PersonFactory.create(tenant=tenant)
    their_person = await PersonFactory.create(tenant=other_tenant)
    their_employer = await OrganisationFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound):
        await social_workers.register_social_worker(
            scope,
            SocialWorkerInput(
                person_id=person.id, certification="senior", employer_id=their_employer.id
            ),
        )
    with pytest.raises(NotFound):
        await social_workers.register_social_worker(
            scope,
            SocialWorkerInput(
                person_id=their_person.id, certification="senior", employer_name="站"
            ),
        )
    assert await social_workers.list_social_workers(scope) == []


async def test_only_tenant_admins_and_community_staff_register_social_workers(tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)
    data = SocialWorkerInput(person_id=person.id, certification="assistant", employer_name="站")

    for role in (Role.SOCIAL_WORKER, Role.ORG_COORDINATOR, Role.VOLUNTEER):
        with pytest.raises(PermissionDenied):
            await social_workers.register_social_worker(acting(tenant, role), data)
    staff = acting(tenant, Role.COMMUNITY_STAFF)
    assert (await social_workers.register_social_worker(staff, data)).person_id == person.id
