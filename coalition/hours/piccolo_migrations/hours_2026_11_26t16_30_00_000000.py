"""The hours roll-up: indexes, row-level security, and the triggers that keep it in step.

Every insert, update and delete of ``hours_record`` adds its minutes and a record (or
takes them away) in ``hours_rollup``, by month and by year, for the volunteer, community,
organisation, unit and alliance of the record and for the tenant's total, in the same
transaction. The triggers are written once for PostgreSQL and once for SQLite; existing
records are added up once here, tenant by tenant (so that row-level security allows it).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

from coalition.db import is_postgres
from coalition.hours.rollup import DIMENSIONS, rebuild_statements
from coalition.tenancy.rls import add_tenant_foreign_keys, add_tenant_table

ID = "2026-11-26T16:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "hours roll-up kept by triggers"

def _subtract(row: str, month: str, year: str) -> str:
    """Take a record away: an UPDATE only, so that a record removed with its tenant (whose
    roll-up rows go at the same time) never tries to write a row for a missing tenant."""
    keys = " OR ".join(
        f"(dimension = '{d}' AND key = {row}.{d})" for d in DIMENSIONS
    )
    return f"""
        UPDATE hours_rollup SET minutes = minutes - {row}.minutes, records = records - 1
        WHERE tenant_id = {row}.tenant_id AND status = {row}.status
          AND ((grain = 'month' AND period = {month}) OR (grain = 'year' AND period = {year}))
          AND ({keys} OR (dimension = 'total' AND key = 0));
    """


POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION hours_rollup_add(r hours_record) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO hours_rollup (tenant_id, grain, period, dimension, key, status, minutes, records)
        SELECT r.tenant_id, g.grain, date_trunc(g.grain, r.served_on)::date, d.dimension, d.key,
               r.status, r.minutes, 1
        FROM (VALUES ('month'), ('year')) AS g(grain),
             (VALUES ('volunteer', r.volunteer), ('community', r.community),
                     ('organisation', r.organisation), ('unit', r.unit),
                     ('alliance', r.alliance), ('total', 0)) AS d(dimension, key)
        WHERE d.key IS NOT NULL
        ON CONFLICT (tenant_id, grain, dimension, key, period, status) DO UPDATE
        SET minutes = hours_rollup.minutes + EXCLUDED.minutes,
            records = hours_rollup.records + EXCLUDED.records;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION hours_rollup_subtract(r hours_record) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        {_subtract("r", "date_trunc('month', r.served_on)::date",
                   "date_trunc('year', r.served_on)::date")}
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION hours_rollup_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM hours_rollup_subtract(OLD); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM hours_rollup_add(NEW); END IF;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS hours_rollup ON hours_record",
    "CREATE TRIGGER hours_rollup AFTER INSERT OR UPDATE OR DELETE ON hours_record "
    "FOR EACH ROW EXECUTE FUNCTION hours_rollup_trigger()",
]


def _sqlite_add(row: str) -> str:
    keys = " UNION ALL ".join(
        f"SELECT '{d}' AS dimension, {row}.{d} AS key" for d in DIMENSIONS
    )
    return f"""
        INSERT INTO hours_rollup (tenant_id, grain, period, dimension, key, status, minutes, records)
        SELECT {row}.tenant_id, g.grain,
               CASE g.grain WHEN 'month' THEN date({row}.served_on, 'start of month')
                            ELSE date({row}.served_on, 'start of year') END,
               d.dimension, d.key, {row}.status, {row}.minutes, 1
        FROM (SELECT 'month' AS grain UNION ALL SELECT 'year') AS g,
             ({keys} UNION ALL SELECT 'total', 0) AS d
        WHERE d.key IS NOT NULL
        ON CONFLICT (tenant_id, grain, dimension, key, period, status) DO UPDATE
        SET minutes = minutes + excluded.minutes, records = records + excluded.records;
    """


def _sqlite_subtract(row: str) -> str:
    return _subtract(
        row, f"date({row}.served_on, 'start of month')", f"date({row}.served_on, 'start of year')"
    )


SQLITE = [
    "DROP TRIGGER IF EXISTS hours_rollup_insert",
    "DROP TRIGGER IF EXISTS hours_rollup_update",
    "DROP TRIGGER IF EXISTS hours_rollup_delete",
    f"CREATE TRIGGER hours_rollup_insert AFTER INSERT ON hours_record BEGIN {_sqlite_add('NEW')} END",
    f"CREATE TRIGGER hours_rollup_update AFTER UPDATE ON hours_record BEGIN "
    f"{_sqlite_subtract('OLD')} {_sqlite_add('NEW')} END",
    f"CREATE TRIGGER hours_rollup_delete AFTER DELETE ON hours_record BEGIN {_sqlite_subtract('OLD')} END",
]


async def triggers_and_backfill():
    engine = engine_finder()
    assert engine is not None
    postgres = is_postgres(engine)
    for statement in POSTGRES if postgres else SQLITE:
        await engine.run_ddl(statement)
    for tenant in await engine.run_ddl("SELECT id FROM tenancy_tenant") or []:
        tenant_id = int(tenant["id"])
        if postgres:  # row-level security: one tenant at a time
            await engine.run_ddl(f"SELECT set_config('app.tenant_id', '{tenant_id}', true)")
        for statement in rebuild_statements(tenant_id, postgres=postgres):
            await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hours", description=DESCRIPTION)
    add_tenant_table(
        manager,
        "hours_rollup",
        # Reports read whole periods of one dimension: every column they need is in here.
        [("grain", "dimension", "period", "status", "key", "minutes", "records")],
        unique=[("grain", "dimension", "key", "period", "status")],
    )
    add_tenant_foreign_keys(manager, ["hours_rollup"], [])  # its tenant key; no links
    manager.add_raw(triggers_and_backfill)
    return manager
