"""One live consent per person and purpose, and one membership per role and target.

The services check both under a row lock; these indexes make the database refuse a
duplicate even from a path that skipped the check.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-26T15:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique live consents and memberships"

STATEMENTS = [
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_actors_consent_live" '
    'ON "actors_consent" ("tenant_id", "person", "purpose") WHERE "withdrawn_at" IS NULL',
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_actors_membership_role_target" '
    'ON "actors_membership" ("tenant_id", "person", "role", COALESCE("community", 0), '
    'COALESCE("grid", 0), COALESCE("organisation", 0), COALESCE("unit", 0))',
]


async def unique_indexes():
    engine = engine_finder()
    assert engine is not None
    for statement in STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="actors", description=DESCRIPTION)
    manager.add_raw(unique_indexes)
    return manager
