import os

from piccolo.conf.apps import AppConfig

from coalition.hours.tables import HoursCorrection, HoursRecord, HoursRollup

APP_CONFIG = AppConfig(
    app_name="hours",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[HoursRecord, HoursCorrection, HoursRollup],
    migration_dependencies=["coalition.shifts.piccolo_app", "coalition.activities.piccolo_app"],
)
