"""Tenant-leading indexes and row-level security for the alliances tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T14:39:48:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"

#: One active membership per (alliance, member): a member who left may join again.
#: (add_tenant_table makes no partial indexes, so these are raw statements.)
ACTIVE_MEMBER_INDEXES = [
    f'CREATE UNIQUE INDEX IF NOT EXISTS "ux_alliances_member_active_{target}" '
    f'ON "alliances_member" ("tenant_id", "alliance", "{target}") WHERE "left_on" IS NULL'
    for target in ("community", "organisation", "unit")
] + [
    # At most one active lead member per alliance.
    'CREATE UNIQUE INDEX IF NOT EXISTS "ux_alliances_member_active_lead" '
    'ON "alliances_member" ("tenant_id", "alliance") '
    "WHERE \"left_on\" IS NULL AND \"role\" = 'lead'"
]


async def active_member_indexes():
    engine = engine_finder()
    assert engine is not None
    for statement in ACTIVE_MEMBER_INDEXES:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="alliances", description=DESCRIPTION)
    add_tenant_table(manager, "alliances_alliance", unique=[("name",)])
    add_tenant_table(
        manager, "alliances_member", [("alliance",), ("community",), ("organisation",), ("unit",)]
    )
    manager.add_raw(active_member_indexes)
    add_tenant_table(manager, "alliances_resource", [("alliance", "kind"), ("provider",)])
    add_tenant_table(manager, "alliances_agreement", unique=[("community", "title")])
    add_tenant_table(
        manager,
        "alliances_agreement_party",
        [("organisation",), ("unit",)],
        unique=[("agreement", "organisation"), ("agreement", "unit")],
    )
    add_tenant_table(
        manager,
        "alliances_commitment_item",
        [("owner_party",), ("status", "due_on")],
        unique=[("agreement", "number")],
    )
    return manager
