"""Foreign keys bound to the tenant for the places tables (PostgreSQL only).

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
    "places_community",
    "places_grid",
]

#: (table, column, parent table, nullable): links between tenant-owned tables.
LINKS = [
    ("places_grid", "community", "places_community", False),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="places", description=DESCRIPTION)
    add_tenant_foreign_keys(manager, TABLES, LINKS)
    return manager
