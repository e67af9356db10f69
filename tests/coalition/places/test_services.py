import pytest

from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.places import services
from coalition.places.schemas import CommunityInput, GridInput
from coalition.tenancy import Actor, Role, TenantScope


async def test_staff_records_a_village_and_its_grids(scope: TenantScope) -> None:
    village = await services.create_community(
        scope, CommunityInput(name="狮子山村", kind="village", township="狮子山片区")
    )
    await services.create_grid(scope, GridInput(community_id=village.id, name="第一网格"))
    await services.create_grid(scope, GridInput(community_id=village.id, name="第二网格"))

    grids = await services.list_grids(scope, community_id=village.id)

    assert [g.name for g in grids] == ["第一网格", "第二网格"]
    assert {g.community_name for g in grids} == {"狮子山村"}
    assert (await services.list_communities(scope))[0].kind == "village"


async def test_a_community_name_is_used_once_per_tenant(scope: TenantScope, other_tenant) -> None:
    await services.create_community(scope, CommunityInput(name="东北村社区"))

    with pytest.raises(Conflict) as caught:
        await services.create_community(scope, CommunityInput(name=" 东北村社区 "))
    assert caught.value.code == "places.community_name_taken"

    other = TenantScope.system(other_tenant.id)
    assert (await services.create_community(other, CommunityInput(name="东北村社区"))).id


async def test_bad_input_names_every_wrong_field(scope: TenantScope) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.create_community(scope, CommunityInput(name=" ", kind="城市"))

    assert set(caught.value.fields) == {"name", "kind"}
    assert caught.value.fields["name"].code == "required"
    assert await services.list_communities(scope) == []


async def test_a_grid_cannot_be_put_in_another_tenants_community(
    scope: TenantScope, other_tenant
) -> None:
    theirs = await services.create_community(
        TenantScope.system(other_tenant.id), CommunityInput(name="别人的社区")
    )

    with pytest.raises(NotFound):
        await services.create_grid(scope, GridInput(community_id=theirs.id, name="网格"))
    assert await services.list_grids(scope) == []


async def test_community_staff_add_grids_only_to_their_own_community(tenant) -> None:
    admin = TenantScope.system(tenant.id)
    mine = await services.create_community(admin, CommunityInput(name="我的社区"))
    other = await services.create_community(admin, CommunityInput(name="隔壁社区"))
    staff = TenantScope(
        tenant.id,
        Actor(
            person_id=1, roles=frozenset({Role.COMMUNITY_STAFF}), communities=frozenset({mine.id})
        ),
    )

    assert (await services.create_grid(staff, GridInput(community_id=mine.id, name="一格"))).id
    with pytest.raises(PermissionDenied):
        await services.create_grid(staff, GridInput(community_id=other.id, name="二格"))
    with pytest.raises(PermissionDenied):
        await services.create_community(staff, CommunityInput(name="新社区"))
