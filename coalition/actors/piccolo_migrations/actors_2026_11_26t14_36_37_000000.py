"""Tenant-leading indexes and row-level security for the actors tables."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_table

ID = "2026-11-26T14:36:37:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes and row-level security"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="actors", description=DESCRIPTION)
    add_tenant_table(manager, "actors_person", [("name",)])
    add_tenant_table(manager, "actors_account", unique=[("username",), ("person",)])
    add_tenant_table(manager, "actors_organisation", [("community",)], unique=[("name",)])
    add_tenant_table(manager, "actors_unit", [("community",)], unique=[("name",)])
    add_tenant_table(manager, "actors_membership", [("person",), ("role",)])
    add_tenant_table(manager, "actors_social_worker", [("employer",)], unique=[("person",)])
    add_tenant_table(manager, "actors_volunteer", [("home_grid",)], unique=[("person",)])
    add_tenant_table(manager, "actors_consent", [("person", "purpose")])
    add_tenant_table(manager, "actors_lived_experience", [("volunteer",)])
    return manager
