"""Foreign keys bound to the tenant for the actors tables (PostgreSQL only).

Every tenant-owned table gets ``UNIQUE (tenant_id, id)``, and every link to another
tenant-owned table becomes ``(tenant_id, <column>) REFERENCES <parent> (tenant_id, id)``
in place of Piccolo's one-column foreign key (ON DELETE CASCADE), so the database refuses a
row pointing at another tenant's row (foreign-key checks ignore row-level security).
Required links (NOT NULL) refuse to delete a parent that still has children; optional ones
are emptied with ``ON DELETE SET NULL (<column>)`` (PostgreSQL 15). A tenant's deletion
still cascades to all of its rows. See :func:`coalition.tenancy.rls.add_tenant_foreign_keys`.

SQLite keeps Piccolo's one-column foreign keys (ON DELETE CASCADE): there a deleted parent
still takes its children with it, and only the services keep links inside one tenant.

TABLES and LINKS are a snapshot of the Table classes when this migration was written
(generated from ``ForeignKey._foreign_key_meta.resolved_references`` and ``_meta.null``);
they are not read from the current classes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_foreign_keys

ID = "2026-11-26T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "foreign keys bound to the tenant"

#: Tenant-owned tables of this app: each gets UNIQUE (tenant_id, id).
TABLES = [
    "actors_person",
    "actors_account",
    "actors_organisation",
    "actors_unit",
    "actors_membership",
    "actors_social_worker",
    "actors_volunteer",
    "actors_consent",
    "actors_lived_experience",
]

#: (table, column, parent table, nullable): links between tenant-owned tables.
LINKS = [
    ("actors_account", "person", "actors_person", False),
    ("actors_organisation", "community", "places_community", True),
    ("actors_unit", "community", "places_community", True),
    ("actors_membership", "person", "actors_person", False),
    ("actors_membership", "community", "places_community", True),
    ("actors_membership", "grid", "places_grid", True),
    ("actors_membership", "organisation", "actors_organisation", True),
    ("actors_membership", "unit", "actors_unit", True),
    ("actors_social_worker", "person", "actors_person", False),
    ("actors_social_worker", "employer", "actors_organisation", True),
    ("actors_volunteer", "person", "actors_person", False),
    ("actors_volunteer", "home_grid", "places_grid", True),
    ("actors_volunteer", "organisation", "actors_organisation", True),
    ("actors_consent", "person", "actors_person", False),
    ("actors_consent", "recorded_by", "actors_person", True),
    ("actors_consent", "withdrawn_by", "actors_person", True),
    ("actors_lived_experience", "volunteer", "actors_volunteer", False),
    ("actors_lived_experience", "consent", "actors_consent", False),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="actors", description=DESCRIPTION)
    add_tenant_foreign_keys(manager, TABLES, LINKS)
    return manager
