"""Party-building alliances: members, the resource list, permissions and tenant isolation."""

from datetime import date

import pytest

from coalition.alliances import services
from coalition.alliances.schemas import AllianceInput, MemberInput, ResourceInput
from coalition.alliances.tables import AllianceMember
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    AllianceMemberFactory,
    CommunityFactory,
)
from tests.coalition.alliances.helpers import acting, organisations, units

SHIZISHAN = AllianceInput(
    name="狮子山片区党建联盟",
    lead_branch="狮子山片区联合党总支",
    description="八个村联建，共同为群众办实事",
    founded_on=date(2025, 6, 1),
)


async def test_an_alliance_binds_eight_villages_organisations_and_units(
    scope: TenantScope, tenant
) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    villages = [
        await CommunityFactory.create(tenant=tenant, name=f"狮子山{n}村") for n in range(1, 9)
    ]
    org_ids = await organisations(tenant.id, "乐和社工服务中心", "夕阳红志愿服务队", "邻里调解协会")
    unit_ids = await units(tenant.id, "烟台港务集团", "狮子山小学")

    await services.add_member(
        scope, alliance.id, MemberInput(community_id=villages[0].id, role="lead")
    )
    for village in villages[1:]:
        await services.add_member(scope, alliance.id, MemberInput(community_id=village.id))
    for org_id in org_ids:
        await services.add_member(scope, alliance.id, MemberInput(organisation_id=org_id))
    for unit_id in unit_ids:
        await services.add_member(scope, alliance.id, MemberInput(unit_id=unit_id, role="co_chair"))

    (summary,) = await services.list_alliances(scope)
    assert (summary.communities, summary.organisations, summary.units) == (8, 3, 2)
    assert summary.members == 13
    assert summary.lead_branch == "狮子山片区联合党总支"
    members = await services.list_members(scope, alliance.id)
    assert [m.kind for m in members] == ["community"] * 8 + ["organisation"] * 3 + ["unit"] * 2
    assert members[0].name == "狮子山1村" and members[0].role == "lead"
    assert [m.name for m in members if m.kind == "unit"] == ["烟台港务集团", "狮子山小学"]
    assert (await services.get_alliance(scope, alliance.id)).founded_on == date(2025, 6, 1)


async def test_an_alliance_name_is_used_once_per_tenant(scope: TenantScope, other_tenant) -> None:
    await services.create_alliance(scope, SHIZISHAN)

    with pytest.raises(Conflict) as caught:
        await services.create_alliance(scope, SHIZISHAN)
    assert caught.value.code == "alliances.alliance_name_taken"

    assert (await services.create_alliance(TenantScope.system(other_tenant.id), SHIZISHAN)).id


async def test_an_alliance_needs_a_name_and_a_lead_party_branch(scope: TenantScope) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.create_alliance(scope, AllianceInput(name=" ", lead_branch=""))

    assert {name: err.code for name, err in caught.value.fields.items()} == {
        "name": "required",
        "lead_branch": "required",
    }
    assert await services.list_alliances(scope) == []


async def test_a_member_cannot_join_the_same_alliance_twice(scope: TenantScope, tenant) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    (unit_id,) = await units(tenant.id, "烟台港务集团")
    first = await services.add_member(
        scope, alliance.id, MemberInput(unit_id=unit_id, joined_on=date(2026, 1, 1))
    )

    with pytest.raises(Conflict) as caught:
        await services.add_member(scope, alliance.id, MemberInput(unit_id=unit_id))
    assert caught.value.code == "alliances.member_exists"
    assert "烟台港务集团" in caught.value.message

    # Once it has left, it may join again; the old membership stays on record.
    await services.leave_alliance(scope, first.id, left_on=date(2026, 3, 1))
    again = await services.add_member(scope, alliance.id, MemberInput(unit_id=unit_id))
    assert [m.id for m in await services.list_members(scope, alliance.id)] == [again.id]
    everyone = await services.list_members(scope, alliance.id, include_former=True)
    assert {m.id: m.active for m in everyone} == {first.id: False, again.id: True}


async def test_the_database_itself_refuses_a_second_active_membership_or_lead(tenant) -> None:
    member = await AllianceMemberFactory.create(tenant=tenant, role="lead")

    with pytest.raises(Conflict):
        await AllianceMemberFactory.create(
            tenant=tenant, alliance=member.alliance, community=member.community
        )
    with pytest.raises(Conflict):
        await AllianceMemberFactory.create(tenant=tenant, alliance=member.alliance, role="lead")
    # A former member is no obstacle.
    await AllianceMemberFactory.create(
        tenant=tenant, alliance=member.alliance, role="lead", left_on=date(2026, 2, 1)
    )
    assert await AllianceMemberFactory.create(
        tenant=tenant,
        alliance=member.alliance,
        community=member.community,
        left_on=date(2026, 2, 1),
    )


async def test_a_community_of_another_tenant_cannot_join(scope: TenantScope, other_tenant) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    theirs = await CommunityFactory.create(tenant=other_tenant)
    (their_org,) = await organisations(other_tenant.id, "别处的社会组织")

    with pytest.raises(NotFound) as caught:
        await services.add_member(scope, alliance.id, MemberInput(community_id=theirs.id))
    assert caught.value.code == "places_community.not_found"
    with pytest.raises(NotFound) as caught:
        await services.add_member(scope, alliance.id, MemberInput(organisation_id=their_org))
    assert caught.value.code == "actors_organisation.not_found"
    assert await services.list_members(scope, alliance.id, include_former=True) == []


async def test_a_member_is_exactly_one_community_organisation_or_unit(
    scope: TenantScope, tenant
) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    village = await CommunityFactory.create(tenant=tenant)
    (unit_id,) = await units(tenant.id, "狮子山小学")

    with pytest.raises(InvalidInput) as caught:
        await services.add_member(
            scope, alliance.id, MemberInput(community_id=village.id, unit_id=unit_id)
        )
    assert caught.value.fields["member"].code == "exactly_one_member"
    with pytest.raises(InvalidInput) as caught:
        await services.add_member(scope, alliance.id, MemberInput(role="boss"))
    assert set(caught.value.fields) == {"member", "role"}
    assert await services.list_members(scope, alliance.id) == []


async def test_an_alliance_has_at_most_one_lead_member(scope: TenantScope, tenant) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    one = await CommunityFactory.create(tenant=tenant)
    two = await CommunityFactory.create(tenant=tenant)
    lead = await services.add_member(
        scope,
        alliance.id,
        MemberInput(community_id=one.id, role="lead", joined_on=date(2026, 1, 1)),
    )

    with pytest.raises(Conflict) as caught:
        await services.add_member(scope, alliance.id, MemberInput(community_id=two.id, role="lead"))
    assert caught.value.code == "alliances.lead_taken"

    await services.leave_alliance(scope, lead.id, left_on=date(2026, 2, 1))
    assert (
        await services.add_member(scope, alliance.id, MemberInput(community_id=two.id, role="lead"))
    ).role == "lead"


async def test_a_member_who_leaves_is_no_longer_counted(scope: TenantScope, tenant) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    village = await CommunityFactory.create(tenant=tenant)
    member = await services.add_member(
        scope, alliance.id, MemberInput(community_id=village.id, joined_on=date(2026, 1, 10))
    )

    with pytest.raises(InvalidInput) as caught:
        await services.leave_alliance(scope, member.id, left_on=date(2026, 1, 9))
    assert caught.value.fields["left_on"].code == "before_joined_on"

    left = await services.leave_alliance(scope, member.id, left_on=date(2026, 5, 1))
    assert left.left_on == date(2026, 5, 1) and not left.active
    assert (await services.list_alliances(scope))[0].communities == 0
    with pytest.raises(Conflict) as caught:
        await services.leave_alliance(scope, member.id)
    assert caught.value.code == "alliances.member_already_left"


async def test_resources_come_only_from_active_members_of_that_alliance(
    scope: TenantScope, tenant
) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    other = await AllianceFactory.create(tenant=tenant, name="另一个联盟")
    (unit_id,) = await units(tenant.id, "烟台港务集团")
    port = await services.add_member(scope, alliance.id, MemberInput(unit_id=unit_id))
    elsewhere = await AllianceMemberFactory.create(tenant=tenant, alliance=other)

    hall = await services.add_resource(
        scope,
        alliance.id,
        ResourceInput(
            kind="venue", name="港务集团会议室", quantity="80人", provider_member_id=port.id
        ),
    )
    assert (hall.provider_member_id, hall.provider_name) == (port.id, "烟台港务集团")
    with pytest.raises(InvalidInput) as caught:
        await services.add_resource(
            scope,
            alliance.id,
            ResourceInput(kind="funds", name="助学金", provider_member_id=elsewhere.id),
        )
    assert caught.value.fields["provider_member_id"].code == "not_a_member"

    await services.leave_alliance(scope, port.id)
    with pytest.raises(InvalidInput) as caught:
        await services.add_resource(
            scope,
            alliance.id,
            ResourceInput(kind="equipment", name="投影仪", provider_member_id=port.id),
        )
    assert caught.value.fields["provider_member_id"].code == "not_a_member"

    with pytest.raises(InvalidInput) as caught:
        await services.add_resource(scope, alliance.id, ResourceInput(kind="land", name=""))
    assert set(caught.value.fields) == {"kind", "name"}

    shared = await services.add_resource(
        scope, alliance.id, ResourceInput(kind="service", name="法律咨询", quantity="每月两次")
    )
    assert shared.provider_name is None
    listed = await services.list_resources(scope, alliance.id)
    assert [r.name for r in listed] == ["法律咨询", "港务集团会议室"]
    assert [r.name for r in await services.list_resources(scope, alliance.id, kind="venue")] == [
        "港务集团会议室"
    ]


async def test_only_tenant_admins_manage_alliances_and_everyone_reads_them(
    scope: TenantScope, tenant
) -> None:
    alliance = await services.create_alliance(scope, SHIZISHAN)
    village = await CommunityFactory.create(tenant=tenant)
    staff = acting(tenant.id, Role.COMMUNITY_STAFF, communities={village.id})
    volunteer = acting(tenant.id, Role.VOLUNTEER)

    with pytest.raises(PermissionDenied):
        await services.create_alliance(staff, AllianceInput(name="新联盟", lead_branch="党总支"))
    with pytest.raises(PermissionDenied):
        await services.add_member(staff, alliance.id, MemberInput(community_id=village.id))
    with pytest.raises(PermissionDenied):
        await services.add_resource(volunteer, alliance.id, ResourceInput(kind="venue", name="x"))

    admin = acting(tenant.id, Role.TENANT_ADMIN)
    member = await services.add_member(admin, alliance.id, MemberInput(community_id=village.id))
    with pytest.raises(PermissionDenied):
        await services.leave_alliance(staff, member.id)
    assert [a.name for a in await services.list_alliances(volunteer)] == [SHIZISHAN.name]
    assert [m.name for m in await services.list_members(volunteer, alliance.id)] == [village.name]


async def test_one_tenant_never_sees_another_tenants_alliances(
    scope: TenantScope, tenant, other_tenant
) -> None:
    ours = await services.create_alliance(scope, SHIZISHAN)
    theirs_scope = TenantScope.system(other_tenant.id)
    theirs = await AllianceFactory.create(tenant=other_tenant, name="别处的联盟")
    their_member = await AllianceMemberFactory.create(tenant=other_tenant, alliance=theirs)

    assert [a.id for a in await services.list_alliances(scope)] == [ours.id]
    assert [a.id for a in await services.list_alliances(theirs_scope)] == [theirs.id]
    with pytest.raises(NotFound):
        await services.get_alliance(scope, theirs.id)
    with pytest.raises(NotFound):
        await services.list_members(scope, theirs.id)
    with pytest.raises(NotFound):
        await services.list_resources(scope, theirs.id)
    with pytest.raises(NotFound):
        await services.leave_alliance(scope, their_member.id)
    with pytest.raises(NotFound):
        await services.add_member(
            scope,
            theirs.id,
            MemberInput(community_id=(await CommunityFactory.create(tenant=tenant)).id),
        )
    (their_summary,) = await services.list_alliances(theirs_scope)
    assert their_summary.communities == 1
    assert isinstance(their_member, AllianceMember) and their_member.left_on is None
