"""Foreign keys bound to the tenant for the alliances tables (PostgreSQL only).

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
    "alliances_alliance",
    "alliances_member",
    "alliances_resource",
    "alliances_agreement",
    "alliances_agreement_party",
    "alliances_commitment_item",
]

#: (table, column, parent table, nullable): links between tenant-owned tables.
LINKS = [
    ("alliances_member", "alliance", "alliances_alliance", False),
    ("alliances_member", "community", "places_community", True),
    ("alliances_member", "organisation", "actors_organisation", True),
    ("alliances_member", "unit", "actors_unit", True),
    ("alliances_resource", "alliance", "alliances_alliance", False),
    ("alliances_resource", "provider", "alliances_member", True),
    ("alliances_agreement", "community", "places_community", False),
    ("alliances_agreement_party", "agreement", "alliances_agreement", False),
    ("alliances_agreement_party", "organisation", "actors_organisation", True),
    ("alliances_agreement_party", "unit", "actors_unit", True),
    ("alliances_commitment_item", "agreement", "alliances_agreement", False),
    ("alliances_commitment_item", "owner_party", "alliances_agreement_party", True),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="alliances", description=DESCRIPTION)
    add_tenant_foreign_keys(manager, TABLES, LINKS)
    return manager
