"""Foreign keys bound to the tenant for the matching tables (PostgreSQL only).

Every tenant-owned table gets ``UNIQUE (tenant_id, id)``, and every link to another
tenant-owned table becomes ``(tenant_id, <column>) REFERENCES <parent> (tenant_id, id)``
in place of Piccolo's one-column foreign key (ON DELETE CASCADE), so the database refuses a
row pointing at another tenant's row (foreign-key checks ignore row-level security).
Required links (NOT NULL) refuse to delete a parent that still has children; optional ones
are emptied with ``ON DELETE SET NULL (<column>)`` (PostgreSQL 15). A tenant's deletion
still cascades to all of its rows. See :func:`coalition.tenancy.rls.add_tenant_foreign_keys`.

SQLite keeps Piccolo's one-column foreign keys (ON DELETE CASCADE): there a deleted parent
still takes its children with it, and only the services keep links inside one tenant.

TABLES and LINKS are a snapshot of the Table classes when this migration was written;
they are not read from the current classes. ``matching_change.volunteer_id`` is a plain
integer (a cache hint, pruned after days), not a link.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_foreign_keys

ID = "2026-11-26T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "foreign keys bound to the tenant"

#: Tenant-owned tables of this app: each gets UNIQUE (tenant_id, id).
TABLES = [
    "matching_weights",
    "matching_proposal",
    "matching_proposal_line",
    "matching_change",
]

#: (table, column, parent table, nullable): links between tenant-owned tables.
LINKS = [
    ("matching_weights", "updated_by", "actors_person", True),
    ("matching_proposal", "created_by", "actors_person", True),
    ("matching_proposal", "alliance", "alliances_alliance", True),
    ("matching_proposal_line", "proposal", "matching_proposal", False),
    ("matching_proposal_line", "shift", "shifts_shift", False),
    ("matching_proposal_line", "volunteer", "actors_volunteer", False),
    ("matching_proposal_line", "invitation", "shifts_invitation", True),
    ("matching_proposal_line", "decided_by", "actors_person", True),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="matching", description=DESCRIPTION)
    add_tenant_foreign_keys(manager, TABLES, LINKS)
    return manager
