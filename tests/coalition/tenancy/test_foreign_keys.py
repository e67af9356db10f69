"""The database's second lock on links: a row can only point at a row of its own tenant.

PostgreSQL only (SQLite keeps Piccolo's one-column foreign keys). Foreign-key checks ignore
row-level security, so links between tenant-owned tables are ``(tenant_id, column)
REFERENCES parent (tenant_id, id)``; a required link refuses to lose its parent, an
optional one is emptied, and deleting a tenant still removes everything it owns.
"""

from typing import Any

import asyncpg
import pytest

from coalition.actors.tables import Account, Membership, Volunteer
from coalition.db import library_tables
from coalition.errors import Conflict
from coalition.matching.tables import MatchingChange
from coalition.needs.tables import Need, NeedEvent, Review
from coalition.places.tables import Community, Grid
from coalition.tenancy import TenantScope
from coalition.tenancy.tables import is_tenant_owned
from coalition.testing.databases import PostgresDatabase
from coalition.testing.factories import (
    ActivityFactory,
    ActivityNeedFactory,
    ActivityOrganiserFactory,
    ActivityParticipantFactory,
    AgreementPartyFactory,
    AllianceFactory,
    AllianceMemberFactory,
    AllianceResourceFactory,
    CommitmentItemFactory,
    DispatchFactory,
    GridFactory,
    HoursCorrectionFactory,
    HoursRecordFactory,
    InvitationFactory,
    LivedExperienceFactory,
    MatchingWeightsFactory,
    NeedCategoryFactory,
    NeedFactory,
    OrganisationFactory,
    PersonFactory,
    ProposalFactory,
    ProposalLineFactory,
    ShiftFactory,
    ShiftSeriesFactory,
    SignUpFactory,
    SocialWorkerFactory,
    UnitFactory,
    VolunteerFactory,
)
from coalition.testing.notifications import (
    DeliveryFactory,
    ImportRowErrorFactory,
    NotificationFactory,
    PreferenceFactory,
)


@pytest.fixture(scope="session")
def engine(postgres_engine: Any) -> Any:
    """These tests are about PostgreSQL alone."""
    return postgres_engine


@pytest.fixture
async def app_connection(postgres_database: PostgresDatabase) -> Any:
    """The portal's role: neither owner nor superuser, so row-level security applies."""
    connection = await asyncpg.connect(postgres_database.app_url)
    yield connection
    await connection.close()


async def _as_tenant(connection: Any, tenant_id: int, sql: str, *args: Any) -> str:
    async with connection.transaction():
        await connection.execute("SELECT set_config('app.tenant_id', $1, true)", str(tenant_id))
        return await connection.execute(sql, *args)


FOREIGN_KEYS = """
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
           c.conname, c.confdeltype::text AS confdeltype, c.confupdtype::text AS confupdtype,
           ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.i)
               AS columns,
           ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.i)
               AS parent_columns,
           ARRAY(SELECT attname FROM unnest(c.confdelsetcols) k(n)
                 JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n)
               AS set_null_columns
    FROM pg_constraint c
    WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
"""


async def _tenant_tables(pg_admin: Any) -> set[str]:
    rows = await pg_admin.fetch(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_name = 'tenant_id'"
    )
    return {r["table_name"] for r in rows}


async def test_every_link_between_tenant_owned_tables_is_bound_to_the_tenant(pg_admin) -> None:
    tenant_tables = await _tenant_tables(pg_admin)
    nullable = {
        (r["table_name"], r["column_name"]): r["is_nullable"] == "YES"
        for r in await pg_admin.fetch(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
    }
    links, faults = set(), []
    for fk in await pg_admin.fetch(FOREIGN_KEYS):
        if fk["child"] not in tenant_tables:
            continue
        columns = list(fk["columns"])
        if fk["parent"] == "tenancy_tenant":
            if columns != ["tenant_id"] or fk["confdeltype"] != "c":
                faults.append(f"{fk['conname']}: the tenant link must be tenant_id, cascading")
            continue
        if fk["parent"] not in tenant_tables:
            continue
        if len(columns) != 2 or columns[0] != "tenant_id":
            faults.append(f"{fk['conname']}: {columns} is not (tenant_id, column)")
            continue
        column = columns[1]
        links.add((fk["child"], column, fk["parent"]))
        if list(fk["parent_columns"]) != ["tenant_id", "id"]:
            faults.append(f"{fk['conname']}: references {fk['parent_columns']}")
        expected = ("n", [column]) if nullable[(fk["child"], column)] else ("a", [])
        if (fk["confdeltype"], list(fk["set_null_columns"])) != expected:
            faults.append(f"{fk['conname']}: on delete {fk['confdeltype']}, expected {expected}")
        if fk["confupdtype"] != "a":
            faults.append(f"{fk['conname']}: on update {fk['confupdtype']}")
    assert faults == []

    declared = {
        (table._meta.tablename, column._meta.db_column_name, parent._meta.tablename)
        for table in library_tables()
        if is_tenant_owned(table)
        for column in table._meta.foreign_key_columns
        if is_tenant_owned(parent := column._foreign_key_meta.resolved_references)
    }
    assert declared == links
    assert len(links) >= 75


async def test_every_tenant_owned_table_has_a_unique_tenant_and_id(pg_admin) -> None:
    keyed = {
        r["table_name"]
        for r in await pg_admin.fetch(
            "SELECT conrelid::regclass::text AS table_name FROM pg_constraint "
            "WHERE contype = 'u' AND conname = 'ux_' || conrelid::regclass::text || '_id' "
            "AND pg_get_constraintdef(oid) = 'UNIQUE (tenant_id, id)'"
        )
    }
    assert keyed == await _tenant_tables(pg_admin)


async def test_every_link_is_served_by_an_index_that_leads_with_tenant_id(pg_admin) -> None:
    indexed = {
        (r["table_name"], r["second"])
        for r in await pg_admin.fetch(
            "SELECT i.indrelid::regclass::text AS table_name, a1.attname AS second "
            "FROM pg_index i "
            "JOIN pg_attribute a0 ON a0.attrelid = i.indrelid AND a0.attnum = i.indkey[0] "
            "JOIN pg_attribute a1 ON a1.attrelid = i.indrelid AND a1.attnum = i.indkey[1] "
            "WHERE a0.attname = 'tenant_id' AND i.indpred IS NULL"
        )
    }
    links = {
        (fk["child"], fk["columns"][1])
        for fk in await pg_admin.fetch(FOREIGN_KEYS)
        if len(fk["columns"]) == 2 and fk["columns"][0] == "tenant_id"
    }
    assert links and links - indexed == set()


async def test_a_grid_cannot_be_put_in_another_tenants_community(
    tenant, other_tenant, app_connection
) -> None:
    theirs = await GridFactory.create(tenant=other_tenant)

    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _as_tenant(
            app_connection,
            tenant.id,
            "INSERT INTO places_grid (tenant_id, community, name) VALUES ($1, $2, '越界网格')",
            tenant.id,
            theirs.community,
        )
    # Through the library the same refusal is a domain error, not a database error.
    with pytest.raises(Conflict):
        async with TenantScope.system(tenant.id).write() as q:
            await q.create(Grid, community=theirs.community, name="越界网格")
    assert await app_connection.fetchval("SELECT count(*) FROM places_grid") == 0


async def test_a_volunteers_home_grid_cannot_be_another_tenants_grid(
    tenant, other_tenant, app_connection
) -> None:
    person = await PersonFactory.create(tenant=tenant)
    volunteer = await VolunteerFactory.create(tenant=tenant)
    theirs = await GridFactory.create(tenant=other_tenant)

    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _as_tenant(
            app_connection,
            tenant.id,
            "INSERT INTO actors_volunteer (tenant_id, person, home_grid) VALUES ($1, $2, $3)",
            tenant.id,
            person.id,
            theirs.id,
        )
    with pytest.raises(Conflict):
        async with TenantScope.system(tenant.id).write() as q:
            await q.update(Volunteer, {Volunteer.home_grid: theirs.id}).where(
                Volunteer.id == volunteer.id
            )
    async with TenantScope.system(tenant.id).read() as q:
        assert (await q.get(Volunteer, volunteer.id)).home_grid is None


async def test_a_community_that_still_has_grids_cannot_be_deleted(tenant, app_connection) -> None:
    grid = await GridFactory.create(tenant=tenant)

    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _as_tenant(
            app_connection, tenant.id, "DELETE FROM places_community WHERE id = $1", grid.community
        )
    with pytest.raises(Conflict):
        async with TenantScope.system(tenant.id).write() as q:
            await q.delete(Community).where(Community.id == grid.community)
    async with TenantScope.system(tenant.id).read() as q:
        assert (await q.get(Grid, grid.id)).community == grid.community


async def test_deleting_a_grid_only_clears_the_home_grid_of_its_volunteers(
    tenant, other_tenant
) -> None:
    grid = await GridFactory.create(tenant=tenant)
    volunteer = await VolunteerFactory.create(tenant=tenant, home_grid=grid)
    need = await NeedFactory.create(tenant=tenant, grid=grid)
    theirs = await VolunteerFactory.create(
        tenant=other_tenant, home_grid=await GridFactory.create(tenant=other_tenant)
    )

    async with TenantScope.system(tenant.id).write() as q:
        await q.delete(Grid).where(Grid.id == grid.id)

    async with TenantScope.system(tenant.id).read() as q:
        kept = await q.get(Volunteer, volunteer.id)
        kept_need = await q.get(Need, need.id)
    assert (kept.tenant, kept.home_grid, kept.person) == (tenant.id, None, volunteer.person)
    assert (kept_need.grid, kept_need.community) == (None, need.community)
    async with TenantScope.system(other_tenant.id).read() as q:
        assert (await q.get(Volunteer, theirs.id)).home_grid == theirs.home_grid


async def _one_of_everything(tenant_id: int) -> None:
    """Rows in (nearly) every tenant-owned table, linked the way real data is."""
    grid = await GridFactory.create(tenant=tenant_id)
    org = await OrganisationFactory.create(tenant=tenant_id, community=grid.community)
    unit = await UnitFactory.create(tenant=tenant_id, community=grid.community)
    volunteer = await VolunteerFactory.create(tenant=tenant_id, home_grid=grid, organisation=org)
    person = volunteer.person
    await LivedExperienceFactory.create(tenant=tenant_id, volunteer=volunteer)
    await SocialWorkerFactory.create(tenant=tenant_id, employer=org)
    need = await NeedFactory.create(
        tenant=tenant_id, grid=grid, posted_by=person, dispatched_organisation=org
    )
    await NeedCategoryFactory.create(tenant=tenant_id)
    await DispatchFactory.create(tenant=tenant_id, need=need, unit=unit, dispatched_by=person)
    series = await ShiftSeriesFactory.create(tenant=tenant_id, need=need)
    shift = await ShiftFactory.create(tenant=tenant_id, need=need, series=series)
    await SignUpFactory.create(tenant=tenant_id, shift=shift, volunteer=volunteer)
    invitation = await InvitationFactory.create(
        tenant=tenant_id, shift=shift, volunteer=volunteer, invited_by=person
    )
    alliance = await AllianceFactory.create(tenant=tenant_id)
    member = await AllianceMemberFactory.create(tenant=tenant_id, alliance=alliance, unit=unit)
    await AllianceResourceFactory.create(tenant=tenant_id, alliance=alliance, provider=member)
    party = await AgreementPartyFactory.create(tenant=tenant_id, organisation=org)
    await CommitmentItemFactory.create(
        tenant=tenant_id, agreement=party.agreement, owner_party=party
    )
    activity = await ActivityFactory.create(tenant=tenant_id, alliance=alliance, logged_by=person)
    await ActivityOrganiserFactory.create(tenant=tenant_id, activity=activity, organisation=org)
    await ActivityParticipantFactory.create(tenant=tenant_id, activity=activity, person=person)
    await ActivityNeedFactory.create(tenant=tenant_id, activity=activity, need=need)
    record = await HoursRecordFactory.create(
        tenant=tenant_id,
        volunteer=volunteer,
        need=need,
        shift=shift,
        activity=activity,
        community=grid.community,
        organisation=org,
        unit=unit,
        alliance=alliance,
        decided_by=person,
    )
    await HoursCorrectionFactory.create(tenant=tenant_id, record=record, corrected_by=person)
    proposal = await ProposalFactory.create(tenant=tenant_id, created_by=person, alliance=alliance)
    await ProposalLineFactory.create(
        tenant=tenant_id,
        proposal=proposal,
        shift=shift,
        volunteer=volunteer,
        invitation=invitation,
        decided_by=person,
    )
    await MatchingWeightsFactory.create(tenant=tenant_id, updated_by=person)
    await DeliveryFactory.create(tenant=tenant_id, person=person)
    await NotificationFactory.create(tenant=tenant_id, person=person)
    await PreferenceFactory.create(tenant=tenant_id, person=person)
    await ImportRowErrorFactory.create(tenant=tenant_id)
    async with TenantScope.system(tenant_id).write() as q:
        await q.create(MatchingChange, volunteer_id=volunteer.id, event="volunteer.changed")
        await q.create(Account, person=person, username=f"v{volunteer.id}", password_hash="x")
        await q.create(Membership, person=person, role="grid_worker", grid=grid)
        await q.create(NeedEvent, need=need, action="opened", actor=person)
        await q.create(Review, need=need, rating=5, reviewer=person, reviewer_kind="resident")


async def _rows_per_table(pg_admin: Any, tenant_id: int) -> dict[str, int]:
    counts = {}
    for table in sorted(await _tenant_tables(pg_admin)):
        # ``table`` comes from the catalogue: plain identifiers only.
        counts[table] = await pg_admin.fetchval(
            f'SELECT count(*) FROM "{table}" WHERE tenant_id = $1', tenant_id
        )
    return counts


async def test_deleting_a_tenant_removes_all_its_rows_and_no_one_elses(
    tenant, other_tenant, pg_admin
) -> None:
    await _one_of_everything(tenant.id)
    await _one_of_everything(other_tenant.id)
    ours_before = await _rows_per_table(pg_admin, tenant.id)
    theirs_before = await _rows_per_table(pg_admin, other_tenant.id)
    # Every tenant-owned table has rows to lose (a new table needs a row in the builder).
    assert [table for table, n in ours_before.items() if n == 0] == []

    # One statement, as the owner: the tenant's rows go with it, links and all.
    await pg_admin.execute("DELETE FROM tenancy_tenant WHERE id = $1", tenant.id)

    assert set((await _rows_per_table(pg_admin, tenant.id)).values()) == {0}
    assert await _rows_per_table(pg_admin, other_tenant.id) == theirs_before
