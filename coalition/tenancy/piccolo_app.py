import os

from piccolo.conf.apps import AppConfig

from coalition.tenancy.tables import Tenant

APP_CONFIG = AppConfig(
    app_name="tenancy",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Tenant],
    migration_dependencies=[],
)
