"""Tenant-leading indexes, row-level security and tenant-bound foreign keys for the
notifications tables (see coalition.tenancy.rls).

One migration does both: Piccolo runs raw steps in the order they were added, and the
tables exist already (the auto migration before this one made them). TABLES and LINKS are
a snapshot of the Table classes when this migration was written.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from coalition.tenancy.rls import add_tenant_foreign_keys, add_tenant_table

ID = "2026-11-26T15:41:39:000000"
VERSION = "1.38.0"
DESCRIPTION = "tenant-leading indexes, row-level security, tenant-bound foreign keys"

TABLES = [
    "notifications_outbox",
    "notifications_delivery",
    "notifications_notification",
    "notifications_preference",
    "notifications_import_job",
    "notifications_import_error",
]

LINKS = [
    ("notifications_delivery", "outbox", "notifications_outbox", False),
    ("notifications_delivery", "person", "actors_person", False),
    ("notifications_notification", "person", "actors_person", False),
    ("notifications_notification", "outbox", "notifications_outbox", True),
    ("notifications_preference", "person", "actors_person", False),
    ("notifications_import_job", "requested_by", "actors_person", True),
    ("notifications_import_error", "job", "notifications_import_job", False),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notifications", description=DESCRIPTION)
    # Pending rows by age (the dispatcher and the reconciler), recent rows of a topic (the
    # reminder scan); one row per dedupe key.
    add_tenant_table(
        manager,
        "notifications_outbox",
        [("status", "enqueued_at"), ("topic", "created_at")],
        unique=[("dedupe_key",)],
    )
    add_tenant_table(
        manager,
        "notifications_delivery",
        [("person",)],
        unique=[("outbox", "channel", "person")],
    )
    # A person's inbox, newest first, and their unread count.
    add_tenant_table(
        manager, "notifications_notification", [("person", "read_at"), ("person", "id"), ("outbox",)]
    )
    add_tenant_table(manager, "notifications_preference", unique=[("person",)])
    add_tenant_table(manager, "notifications_import_job", [("created_at",), ("requested_by",)])
    add_tenant_table(manager, "notifications_import_error", [("job", "row")])
    add_tenant_foreign_keys(manager, TABLES, LINKS)
    return manager
