import os

from piccolo.conf.apps import AppConfig

from coalition.notifications.tables import (
    Delivery,
    ImportJob,
    ImportRowError,
    Notification,
    Outbox,
    Preference,
)

APP_CONFIG = AppConfig(
    app_name="notifications",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Outbox, Delivery, Notification, Preference, ImportJob, ImportRowError],
    migration_dependencies=["coalition.hours.piccolo_app"],
)
