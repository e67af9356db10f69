"""Tenant-leading indexes and row-level security for the needs tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T15:03:08:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="needs", description=DESCRIPTION)
    add_tenant_table(manager, "needs_category", unique=[("code",)])
    add_tenant_table(
        manager,
        "needs_need",
        [
            ("state", "created_at"),
            ("community", "state"),
            ("grid", "state"),
            ("alliance", "state"),
            ("category", "state"),
            ("dispatched_organisation", "state"),
            ("dispatched_unit", "state"),
            ("opened_at",),
        ],
    )
    add_tenant_table(manager, "needs_event", [("need", "at")])
    add_tenant_table(manager, "needs_dispatch", [("need",), ("organisation", "status"), ("unit", "status")])
    add_tenant_table(manager, "needs_review", unique=[("need",)])
    return manager
