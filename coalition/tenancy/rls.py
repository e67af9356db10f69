"""Schema-level tenancy for PostgreSQL: row-level security, tenant-leading indexes, grants.

Migrations call :func:`add_tenant_table` for every tenant-owned table they create. On
PostgreSQL the policy compares ``tenant_id`` with the transaction-local setting
``app.tenant_id``; with no setting, no row is visible and no row can be written.

Later migrations call :func:`add_tenant_foreign_keys` so that a row can only point at a
row of its own tenant: foreign keys between tenant-owned tables are ``(tenant_id, column)
REFERENCES parent (tenant_id, id)`` (PostgreSQL's foreign-key checks ignore row-level
security, so the policy alone would not refuse such a link).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder

from coalition.db import is_postgres

POLICY = "tenant_isolation"
TENANT_PREDICATE = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::integer"


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"Not a plain identifier: {name!r}")
    return f'"{name}"'


def index_statements(
    table: str, indexes: Sequence[Sequence[str]], *, unique: bool = False, where: str = ""
) -> list[str]:
    """One index per column list, each led by ``tenant_id`` (unique and partial ones too).

    ``where`` makes partial indexes, e.g. one *active* sign-up per shift and volunteer; it
    is SQL written in a migration, never user input.
    """
    statements = []
    kind = "UNIQUE INDEX" if unique else "INDEX"
    prefix = "ux" if unique else "ix"
    suffix = ["partial"] if where else []
    for columns in indexes:
        name = "_".join([prefix, table, *columns, *suffix])[:63]
        cols = ", ".join(_ident(c) for c in ("tenant_id", *columns))
        statement = f"CREATE {kind} IF NOT EXISTS {_ident(name)} ON {_ident(table)} ({cols})"
        statements.append(f"{statement} WHERE {where}" if where else statement)
    return statements


def rls_statements(table: str) -> list[str]:
    t = _ident(table)
    return [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {t}",
        f"CREATE POLICY {POLICY} ON {t} USING ({TENANT_PREDICATE}) WITH CHECK ({TENANT_PREDICATE})",
    ]


def add_tenant_table(
    manager: MigrationManager,
    table: str,
    indexes: Sequence[Sequence[str]] = (),
    *,
    unique: Sequence[Sequence[str]] = (),
    unique_where: tuple[Sequence[Sequence[str]], str] | None = None,
) -> None:
    """Register the indexes (and, on PostgreSQL, the RLS policy) of a tenant-owned table.

    Run it in a migration of its own after the one that creates the table: Piccolo runs a
    migration's raw steps before its table changes.
    """

    async def forwards() -> None:
        engine = engine_finder()
        assert engine is not None
        statements = index_statements(table, unique, unique=True)
        if unique_where is not None:
            columns, where = unique_where
            statements += index_statements(table, columns, unique=True, where=where)
        statements += index_statements(table, indexes) or index_statements(table, [("id",)])
        if is_postgres(engine):
            statements += rls_statements(table)
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(forwards)


async def grant_app_role(engine: Engine, role: str, *, create: bool = True) -> None:
    """Let ``role`` use every table and sequence, without owning them.

    The portal and workers connect as this role: RLS applies to it because it is neither
    the tables' owner nor a superuser.
    """
    if not is_postgres(engine):
        return
    r = _ident(role)
    if create:
        # ``role`` passed _ident() above: letters, digits and underscores only.
        exists = await engine.run_ddl(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'")  # noqa: S608
        if not exists:
            await engine.run_ddl(f"CREATE ROLE {r} LOGIN NOSUPERUSER NOBYPASSRLS")
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
        # Tenants are created, never changed or removed, by the application: deleting one
        # cascades to all its rows, which row-level security cannot stop.
        f'REVOKE UPDATE, DELETE, TRUNCATE ON "tenancy_tenant" FROM {r}',
        f'REVOKE ALL ON "migration" FROM {r}',
    ):
        await engine.run_ddl(statement)


async def app_role_problems(engine: Engine) -> list[str]:
    """Why the connected role would not be bound by row-level security (empty if it is).

    The portal and workers refuse to start on PostgreSQL as a superuser, a role with
    BYPASSRLS, or the owner of the tables.
    """
    if not is_postgres(engine):
        return []
    rows = await engine._run_in_new_connection(  # type: ignore[attr-defined]
        "SELECT r.rolname, r.rolsuper, r.rolbypassrls, "
        "(SELECT count(*) FROM pg_tables t WHERE t.tableowner = r.rolname "
        " AND t.schemaname = 'public') AS owned "
        "FROM pg_roles r WHERE r.rolname = current_user"
    )
    role = rows[0]
    problems = []
    if role["rolsuper"]:
        problems.append(f"{role['rolname']} is a superuser")
    if role["rolbypassrls"]:
        problems.append(f"{role['rolname']} bypasses row-level security")
    if role["owned"]:
        problems.append(f"{role['rolname']} owns {role['owned']} tables")
    return problems


# --- Tenant-bound foreign keys -------------------------------------------------------


class TenantLink(NamedTuple):
    """A foreign key from one tenant-owned table to another, as a migration records it."""

    table: str
    column: str
    parent: str
    nullable: bool


def tenant_key_name(table: str) -> str:
    """``ux_<table>_id``: the ``UNIQUE (tenant_id, id)`` that tenant-bound links reference."""
    return f"ux_{table}_id"[:63]


def tenant_link_name(table: str, column: str) -> str:
    return f"fk_{table}_{column}"[:63]


def tenant_key_statement(table: str) -> str:
    return (
        f"ALTER TABLE {_ident(table)} ADD CONSTRAINT {_ident(tenant_key_name(table))} "
        'UNIQUE ("tenant_id", "id")'
    )


def tenant_link_statement(link: TenantLink) -> str:
    """``(tenant_id, column) REFERENCES parent (tenant_id, id)``.

    A required link refuses to lose its parent (NO ACTION: checked at the end of the
    statement, so deleting a whole tenant, which cascades to both rows in one statement,
    still works); an optional link is emptied with ``SET NULL (column)`` (PostgreSQL 15),
    which leaves ``tenant_id`` alone.
    """
    column = _ident(link.column)
    on_delete = f"SET NULL ({column})" if link.nullable else "NO ACTION"
    return (
        f"ALTER TABLE {_ident(link.table)} ADD CONSTRAINT "
        f"{_ident(tenant_link_name(link.table, link.column))} "
        f'FOREIGN KEY ("tenant_id", {column}) '
        f'REFERENCES {_ident(link.parent)} ("tenant_id", "id") '
        f"ON UPDATE NO ACTION ON DELETE {on_delete}"
    )


def _literal(name: str) -> str:
    _ident(name)  # letters, digits and underscores only: safe inside quotes
    return f"'{name}'"


async def _constraint_exists(engine: Engine, table: str, name: str) -> bool:
    rows = await engine.run_ddl(
        "SELECT 1 FROM pg_constraint "  # noqa: S608 - validated identifiers
        f"WHERE conrelid = {_literal(table)}::regclass AND conname = {_literal(name)}"
    )
    return bool(rows)


async def _ensure_tenant_key(engine: Engine, table: str) -> None:
    if await _constraint_exists(engine, table, tenant_key_name(table)):
        return
    await engine.run_ddl(tenant_key_statement(table))
    # The index add_tenant_table makes on (tenant_id, id) when given none is now redundant.
    await engine.run_ddl(f"DROP INDEX IF EXISTS {_ident(f'ix_{table}_id'[:63])}")


async def _column_nullable(engine: Engine, table: str, column: str) -> bool:
    rows = await engine.run_ddl(
        "SELECT NOT attnotnull AS nullable FROM pg_attribute "  # noqa: S608
        f"WHERE attrelid = {_literal(table)}::regclass AND attname = {_literal(column)} "
        "AND NOT attisdropped"
    )
    if not rows:
        raise ValueError(f"{table}.{column} does not exist")
    return bool(rows[0]["nullable"])


async def _single_column_foreign_keys(engine: Engine, table: str, column: str) -> list[str]:
    """The names of the one-column foreign keys on ``table.column`` (Piccolo's own)."""
    rows = await engine.run_ddl(
        "SELECT c.conname FROM pg_constraint c "  # noqa: S608
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        f"WHERE c.contype = 'f' AND c.conrelid = {_literal(table)}::regclass "
        f"AND cardinality(c.conkey) = 1 AND a.attname = {_literal(column)}"
    )
    return [row["conname"] for row in rows]


async def _has_leading_index(engine: Engine, table: str, column: str) -> bool:
    """Whether an index starts with (tenant_id, column): the link's checks need one."""
    rows = await engine.run_ddl(
        "SELECT 1 FROM pg_index i "  # noqa: S608
        "JOIN pg_attribute a0 ON a0.attrelid = i.indrelid AND a0.attnum = i.indkey[0] "
        "JOIN pg_attribute a1 ON a1.attrelid = i.indrelid AND a1.attnum = i.indkey[1] "
        f"WHERE i.indrelid = {_literal(table)}::regclass AND i.indpred IS NULL "
        f"AND a0.attname = 'tenant_id' AND a1.attname = {_literal(column)}"
    )
    return bool(rows)


async def _bind_link(engine: Engine, link: TenantLink) -> None:
    if await _column_nullable(engine, link.table, link.column) != link.nullable:
        raise ValueError(f"{link}: the column's nullability in the database differs")
    await _ensure_tenant_key(engine, link.parent)
    if not await _constraint_exists(engine, link.table, tenant_link_name(link.table, link.column)):
        for name in await _single_column_foreign_keys(engine, link.table, link.column):
            await engine.run_ddl(f"ALTER TABLE {_ident(link.table)} DROP CONSTRAINT {_ident(name)}")
        await engine.run_ddl(tenant_link_statement(link))
    if not await _has_leading_index(engine, link.table, link.column):
        for statement in index_statements(link.table, [(link.column,)]):
            await engine.run_ddl(statement)


def add_tenant_foreign_keys(
    manager: MigrationManager,
    tables: Sequence[str],
    links: Sequence[tuple[str, str, str, bool]],
) -> None:
    """Bind links between tenant-owned tables to one tenant (PostgreSQL only).

    Each table in ``tables`` gets ``UNIQUE (tenant_id, id)``; each link ``(table, column,
    parent, nullable)`` becomes ``FOREIGN KEY (tenant_id, column) REFERENCES parent
    (tenant_id, id)`` in place of Piccolo's one-column foreign key on that column (found in
    ``pg_constraint``), so the database itself refuses a row that points at another
    tenant's row. Required links refuse the deletion of a parent that still has children;
    optional ones are set to NULL. A ``(tenant_id, column)`` index is added where none
    leads with those columns. Idempotent. SQLite keeps Piccolo's one-column foreign keys.
    """

    async def forwards() -> None:
        engine = engine_finder()
        assert engine is not None
        if not is_postgres(engine):
            return
        version = await engine.run_ddl("SELECT current_setting('server_version_num')::int AS v")
        if version[0]["v"] < 150000:
            raise RuntimeError("Tenant-bound foreign keys need PostgreSQL 15 or later.")
        for table in tables:
            await _ensure_tenant_key(engine, table)
        for link in links:
            await _bind_link(engine, TenantLink(*link))

    manager.add_raw(forwards)
