"""Each person's channels per kind of notification (``notifications_preference.channels``).

A JSON object of kind -> channels for the kinds a person changed; existing rows get ``{}``
(every kind reaches the inbox and, with e-mail on, the mailbox, as before). A table change
only: no raw step.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-26T16:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "channels per kind of notification"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notifications", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Preference",
        tablename="notifications_preference",
        column_name="channels",
        db_column_name="channels",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
