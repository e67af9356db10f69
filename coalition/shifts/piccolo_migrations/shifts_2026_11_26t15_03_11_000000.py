"""Tenant-leading indexes and row-level security for the shifts tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T15:03:11:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="shifts", description=DESCRIPTION)
    add_tenant_table(manager, "shifts_series", [("need",)])
    add_tenant_table(manager, "shifts_shift", [("need", "starts_at"), ("starts_at",), ("series",)])
    # One live sign-up (confirmed or waitlisted) per shift and volunteer.
    add_tenant_table(
        manager,
        "shifts_signup",
        [("shift", "status", "queued_at"), ("volunteer", "status")],
        unique_where=([("shift", "volunteer")], "status IN ('confirmed', 'waitlisted')"),
    )
    # One pending invitation per shift and volunteer.
    add_tenant_table(
        manager,
        "shifts_invitation",
        [("shift", "status"), ("volunteer", "status")],
        unique_where=([("shift", "volunteer")], "status = 'pending'"),
    )
    return manager
