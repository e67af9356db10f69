"""Schema-level tenancy for PostgreSQL: row-level security, tenant-leading indexes, grants.

Migrations call :func:`add_tenant_table` for every tenant-owned table they create. On
PostgreSQL the policy compares ``tenant_id`` with the transaction-local setting
``app.tenant_id``; with no setting, no row is visible and no row can be written.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    ):
        await engine.run_ddl(statement)
