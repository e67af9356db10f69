import os

from piccolo.conf.apps import AppConfig

from coalition.activities.tables import (
    Activity,
    ActivityNeed,
    ActivityOrganiser,
    ActivityParticipant,
)

APP_CONFIG = AppConfig(
    app_name="activities",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Activity, ActivityOrganiser, ActivityParticipant, ActivityNeed],
    migration_dependencies=["coalition.needs.piccolo_app"],
)
