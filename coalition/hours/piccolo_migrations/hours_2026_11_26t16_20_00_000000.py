"""A covering index for the hours reports over a period (coalition/reports/hours.py).

Every hours report reads the records of one tenant served in a date range and adds up
their minutes by status, grouped by volunteer, community, organisation, unit or alliance.
With every column those reports read in the index, PostgreSQL answers them with an
index-only scan of the period's slice of the index instead of reading the table: with a
million records, a one-year report reads a 70 MB index instead of the whole table (see
bench/reports.py).

PostgreSQL keeps the extra columns out of the key (``INCLUDE``); SQLite has no
``INCLUDE``, so there they are trailing key columns, which makes the index covering too.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

from coalition.db import is_postgres

ID = "2026-11-26T16:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "covering index for the hours reports over a period"

INDEX = "ix_hours_record_served_on_covering"
KEY = '"tenant_id", "served_on"'
COVERED = '"status", "minutes", "volunteer", "community", "organisation", "unit", "alliance"'


async def create_index():
    engine = engine_finder()
    assert engine is not None
    if is_postgres(engine):
        statement = (
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "hours_record" ({KEY}) INCLUDE ({COVERED})'
        )
    else:
        statement = f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "hours_record" ({KEY}, {COVERED})'
    await engine.run_ddl(statement)


async def drop_index():
    engine = engine_finder()
    assert engine is not None
    await engine.run_ddl(f'DROP INDEX IF EXISTS "{INDEX}"')


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hours", description=DESCRIPTION)
    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
