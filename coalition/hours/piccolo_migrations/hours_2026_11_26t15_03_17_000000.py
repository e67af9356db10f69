"""Tenant-leading indexes and row-level security for the hours tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T15:03:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="hours", description=DESCRIPTION)
    add_tenant_table(
        manager,
        "hours_record",
        [
            ("volunteer", "served_on"),
            ("status", "served_on"),
            ("community", "served_on"),
            ("organisation", "served_on"),
            ("alliance", "served_on"),
            ("need",),
            ("shift",),
            ("activity",),
        ],
    )
    add_tenant_table(manager, "hours_correction", [("record",)])
    return manager
