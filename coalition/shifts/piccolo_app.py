import os

from piccolo.conf.apps import AppConfig

from coalition.shifts.tables import Invitation, Shift, ShiftSeries, SignUp

APP_CONFIG = AppConfig(
    app_name="shifts",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ShiftSeries, Shift, SignUp, Invitation],
    migration_dependencies=["coalition.needs.piccolo_app"],
)
