"""The database's own lock: row-level security on PostgreSQL, tested as the portal's role."""

from typing import Any

import asyncpg
import pytest

from coalition.db import library_tables
from coalition.errors import TenantScopeError
from coalition.places.tables import Community, Grid
from coalition.tenancy import TenantScope
from coalition.tenancy.rls import POLICY
from coalition.tenancy.tables import is_tenant_owned
from coalition.testing.databases import PostgresDatabase
from coalition.testing.factories import GridFactory


@pytest.fixture(scope="session")
def engine(postgres_engine: Any) -> Any:
    """These tests are about PostgreSQL alone."""
    return postgres_engine


@pytest.fixture
async def app_connection(postgres_database: PostgresDatabase) -> Any:
    connection = await asyncpg.connect(postgres_database.app_url)
    yield connection
    await connection.close()


async def _two_tenants_with_grids(tenant, other_tenant) -> tuple[Any, Any]:
    ours = await GridFactory.create(tenant=tenant, name="我们的网格")
    theirs = await GridFactory.create(tenant=other_tenant, name="他们的网格")
    return ours, theirs


async def test_the_portal_role_is_neither_superuser_nor_table_owner(app_connection) -> None:
    role = await app_connection.fetchrow(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
    )
    assert role["rolsuper"] is False and role["rolbypassrls"] is False
    owners = await app_connection.fetch(
        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
    )
    assert owners and all(r["tableowner"] != "coalition_app" for r in owners)


async def test_outside_any_tenant_scope_no_tenant_row_is_visible(
    tenant, other_tenant, app_connection
) -> None:
    await _two_tenants_with_grids(tenant, other_tenant)

    assert await app_connection.fetchval("SELECT count(*) FROM places_grid") == 0
    assert await app_connection.fetchval("SELECT count(*) FROM places_community") == 0
    # The ORM without the scope (the application's lock bypassed) sees nothing either.
    assert await Grid.count() == 0


async def test_a_tenant_never_sees_another_tenants_rows_even_through_joins(
    tenant, other_tenant, app_connection
) -> None:
    ours, theirs = await _two_tenants_with_grids(tenant, other_tenant)

    async with app_connection.transaction():
        await app_connection.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant.id))
        names = await app_connection.fetch(
            "SELECT g.name AS grid, c.name AS community FROM places_grid g "
            "JOIN places_community c ON c.id = g.community"
        )
        reached = await app_connection.fetchval(
            "SELECT c.name FROM places_grid g LEFT JOIN places_community c ON c.id = $1 "
            "WHERE g.id = $2",
            theirs.community,
            ours.id,
        )
    assert [r["grid"] for r in names] == ["我们的网格"]
    assert reached is None

    async with TenantScope.system(tenant.id).read():
        # Even a query that forgets the tenant filter only sees this tenant's rows.
        rows = await Grid.select(Grid.name, Grid.community.name)
    assert [r["name"] for r in rows] == ["我们的网格"]


async def test_the_database_refuses_a_row_written_with_another_tenants_id(
    tenant, other_tenant, app_connection
) -> None:
    ours, theirs = await _two_tenants_with_grids(tenant, other_tenant)

    async def as_tenant(sql: str, *args: Any) -> str:
        async with app_connection.transaction():
            await app_connection.execute(
                "SELECT set_config('app.tenant_id', $1, true)", str(tenant.id)
            )
            return await app_connection.execute(sql, *args)

    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await as_tenant(
            "INSERT INTO places_community (tenant_id, name, kind, township, address) "
            "VALUES ($1, '越权社区', 'urban', '', '')",
            other_tenant.id,
        )
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await as_tenant(
            "UPDATE places_grid SET tenant_id = $1 WHERE id = $2", other_tenant.id, ours.id
        )
    # Another tenant's row cannot even be touched: nothing matches.
    assert await as_tenant("UPDATE places_grid SET name = 'x' WHERE id = $1", theirs.id) == (
        "UPDATE 0"
    )

    with pytest.raises(TenantScopeError):
        async with TenantScope.system(tenant.id).write():
            await Community.insert(Community(tenant=other_tenant.id, name="越权社区", kind="urban"))


async def test_every_tenant_owned_table_has_forced_rls_and_a_policy(pg_admin) -> None:
    with_tenant_column = {
        r["table_name"]
        for r in await pg_admin.fetch(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'tenant_id'"
        )
    }
    declared = {t._meta.tablename for t in library_tables() if is_tenant_owned(t)}
    assert declared <= with_tenant_column
    assert len(with_tenant_column) >= 11

    lacking = []
    for table in sorted(with_tenant_column):
        flags = await pg_admin.fetchrow(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass",
            table,
        )
        policy = await pg_admin.fetchrow(
            "SELECT qual, with_check FROM pg_policies WHERE tablename = $1 AND policyname = $2",
            table,
            POLICY,
        )
        ok = (
            flags["relrowsecurity"]
            and flags["relforcerowsecurity"]
            and policy is not None
            and "app.tenant_id" in (policy["qual"] or "")
            and "app.tenant_id" in (policy["with_check"] or "")
        )
        if not ok:
            lacking.append(table)
    assert lacking == []


async def test_every_index_of_a_tenant_owned_table_leads_with_tenant_id(pg_admin) -> None:
    rows = await pg_admin.fetch(
        """
        SELECT t.relname AS table_name, i.relname AS index_name,
               a.attname AS first_column, ix.indisprimary AS is_primary
        FROM pg_index ix
        JOIN pg_class t ON t.oid = ix.indrelid
        JOIN pg_class i ON i.oid = ix.indexrelid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ix.indkey[0]
        WHERE t.relname IN (
            SELECT table_name FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name = 'tenant_id')
        """
    )
    assert rows
    stray = [
        r["index_name"] for r in rows if not r["is_primary"] and r["first_column"] != "tenant_id"
    ]
    assert stray == []


async def test_the_portal_role_can_create_tenants_but_never_change_or_remove_one(
    tenant, other_tenant, app_connection
) -> None:
    for statement in (
        f"DELETE FROM tenancy_tenant WHERE id = {other_tenant.id}",
        f"UPDATE tenancy_tenant SET slug = 'x' WHERE id = {other_tenant.id}",
        "TRUNCATE tenancy_tenant CASCADE",
        "SELECT * FROM migration",
    ):
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await app_connection.execute(statement)
    assert await app_connection.fetchval("SELECT count(*) FROM tenancy_tenant") >= 2


async def test_the_portal_refuses_a_role_that_row_level_security_would_not_bind(
    postgres_engine, postgres_database: PostgresDatabase
) -> None:
    from coalition.db import postgres_engine as make_engine
    from coalition.tenancy.rls import app_role_problems

    assert await app_role_problems(postgres_engine) == []
    owner = make_engine(postgres_database.owner_url)
    problems = await app_role_problems(owner)
    assert any("superuser" in p for p in problems)
