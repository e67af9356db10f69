import os

from piccolo.conf.apps import AppConfig

from coalition.needs.tables import Dispatch, Need, NeedCategory, NeedEvent, Review

APP_CONFIG = AppConfig(
    app_name="needs",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[NeedCategory, Need, NeedEvent, Dispatch, Review],
    migration_dependencies=["coalition.alliances.piccolo_app"],
)
