"""Tenant-leading indexes and row-level security for the matching tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T15:45:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="matching", description=DESCRIPTION)
    # One row of weights per tenant.
    add_tenant_table(manager, "matching_weights", [("updated_by",)], unique=[()])
    add_tenant_table(
        manager, "matching_proposal", [("created_at",), ("alliance",), ("created_by",)]
    )
    add_tenant_table(
        manager,
        "matching_proposal_line",
        [("proposal", "shift"), ("shift",), ("volunteer",), ("invitation",), ("decided_by",)],
    )
    # Read by id (what changed since a cache last looked), pruned by age.
    add_tenant_table(manager, "matching_change", [("id",), ("created_at",)])
    return manager
