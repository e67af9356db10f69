import os

from piccolo.conf.apps import AppConfig

from coalition.places.tables import Community, Grid

APP_CONFIG = AppConfig(
    app_name="places",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Community, Grid],
    migration_dependencies=["coalition.tenancy.piccolo_app"],
)
