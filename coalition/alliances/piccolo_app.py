import os

from piccolo.conf.apps import AppConfig

from coalition.alliances.tables import (
    Agreement,
    AgreementParty,
    Alliance,
    AllianceMember,
    AllianceResource,
    CommitmentItem,
)

APP_CONFIG = AppConfig(
    app_name="alliances",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Alliance,
        AllianceMember,
        AllianceResource,
        Agreement,
        AgreementParty,
        CommitmentItem,
    ],
    migration_dependencies=["coalition.actors.piccolo_app"],
)
