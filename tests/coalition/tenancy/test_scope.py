"""The application's own lock: the tenant scope filters and stamps every query."""

import asyncio

import pytest

from coalition.db import is_postgres
from coalition.errors import Conflict, DomainError, InvalidInput, NotFound, TenantScopeError
from coalition.places import services
from coalition.places.schemas import CommunityInput
from coalition.places.tables import Community, Grid
from coalition.tenancy import TenantScope
from coalition.tenancy.tables import Tenant
from coalition.testing.factories import CommunityFactory, GridFactory


async def test_a_scope_reads_only_its_own_tenants_rows(tenant, other_tenant) -> None:
    await GridFactory.create(tenant=tenant, name="甲网格")
    await GridFactory.create(tenant=other_tenant, name="乙网格")

    async with TenantScope.system(tenant.id).read() as q:
        names = [r["name"] for r in await q.select(Grid, Grid.name)]
        count = await q.count(Grid)

    assert names == ["甲网格"]
    assert count == 1


async def test_a_scope_cannot_get_update_or_delete_another_tenants_row(
    tenant, other_tenant
) -> None:
    theirs = await CommunityFactory.create(tenant=other_tenant, name="乙社区")

    async with TenantScope.system(tenant.id).write() as q:
        assert await q.objects(Community).where(Community.id == theirs.id).first() is None
        await q.update(Community, {Community.name: "改名"}).where(Community.id == theirs.id)
        await q.delete(Community).where(Community.id == theirs.id)

    async with TenantScope.system(other_tenant.id).read() as q:
        row = await q.get(Community, theirs.id)
    assert row.name == "乙社区"


async def test_a_row_never_moves_to_another_tenant(tenant, other_tenant) -> None:
    async with TenantScope.system(tenant.id).write() as q:
        with pytest.raises(TenantScopeError):
            q.update(Community, {Community.tenant: other_tenant.id})
        with pytest.raises(TenantScopeError):
            await q.add(Community(tenant=other_tenant.id, name="越权", kind="urban"))


async def test_a_block_of_one_tenant_cannot_open_anothers(tenant, other_tenant) -> None:
    with pytest.raises(TenantScopeError):
        async with (
            TenantScope.system(tenant.id).read(),
            TenantScope.system(other_tenant.id).read(),
        ):
            pass


async def test_tables_that_are_not_tenant_owned_are_refused(tenant) -> None:
    async with TenantScope.system(tenant.id).read() as q:
        with pytest.raises(TenantScopeError):
            q.select(Tenant)


async def test_a_failing_use_case_writes_nothing(scope) -> None:
    with pytest.raises(RuntimeError):
        async with scope.write() as q:
            await q.create(Community, name="半途社区", kind="urban")
            raise RuntimeError("the second step failed")

    assert await services.list_communities(scope) == []


async def test_a_database_constraint_becomes_a_domain_error(scope) -> None:
    await services.create_community(scope, CommunityInput(name="重名社区"))

    with pytest.raises(Conflict) as caught:
        async with scope.write() as q:
            await q.create(Community, name="重名社区", kind="urban")
    assert caught.value.code == "conflict"


async def test_concurrent_writers_wait_for_each_other_instead_of_failing(scope) -> None:
    """Read-then-write transactions racing on one database never see "database is locked"."""

    async def add(n: int) -> None:
        async with scope.write() as q:
            seen = await q.count(Community)
            await asyncio.sleep(0)
            await q.create(Community, name=f"并发社区{n}-{seen}", kind="urban")

    await asyncio.gather(*(add(n) for n in range(20)))

    async with scope.read() as q:
        assert await q.count(Community) == 20


@pytest.mark.parametrize("bad_id", [0, -1, 2**40, 1.5, True, "1", None])
async def test_an_id_that_cannot_exist_is_simply_not_found(scope, bad_id) -> None:
    with pytest.raises(NotFound):
        await services.get_community(scope, bad_id)


async def test_text_with_control_characters_is_refused_before_the_database(scope) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.create_community(scope, CommunityInput(name="a\x00b", address=7))  # type: ignore[arg-type]

    assert caught.value.fields["name"].code == "invalid_characters"
    assert caught.value.fields["address"].code == "invalid_type"


async def test_a_value_the_database_refuses_becomes_a_domain_error(scope, engine) -> None:
    async def write() -> None:
        async with scope.write() as q:
            await q.create(Community, name="b\x00c", kind="urban")

    if is_postgres(engine):
        with pytest.raises(DomainError) as caught:
            await write()
        assert caught.value.code == "invalid_value"
    else:
        await write()  # SQLite stores the byte; the services' Checker refuses it before


async def test_two_tenants_with_one_slug_at_once_give_one_tenant_and_a_conflict() -> None:
    import asyncio

    from coalition.tenancy.schemas import TenantInput
    from coalition.tenancy.services import create_tenant

    data = TenantInput(slug=f"race-{id(object())}", name="并发街道")
    results = await asyncio.gather(*(create_tenant(data) for _ in range(4)), return_exceptions=True)

    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))
