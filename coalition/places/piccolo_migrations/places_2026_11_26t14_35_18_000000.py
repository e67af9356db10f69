"""Tenant-leading indexes and row-level security for the places tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T14:35:18:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="places", description=DESCRIPTION)
    add_tenant_table(manager, "places_community", unique=[("name",)])
    add_tenant_table(manager, "places_grid", unique=[("community", "name")])
    return manager
