"""Tenant-leading indexes and row-level security for the activities tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T15:03:14:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="activities", description=DESCRIPTION)
    add_tenant_table(manager, "activities_activity", [("held_on",), ("area", "held_on"), ("alliance", "held_on")])
    add_tenant_table(manager, "activities_organiser", [("activity",), ("organisation",), ("unit",), ("community",)])
    add_tenant_table(manager, "activities_participant", [("activity",), ("person",)])
    add_tenant_table(manager, "activities_need", [("need",)], unique=[("activity", "need")])
    return manager
