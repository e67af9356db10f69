import os

from piccolo.conf.apps import AppConfig

from coalition.actors.tables import (
    Account,
    Consent,
    LivedExperience,
    Membership,
    Organisation,
    Person,
    SocialWorker,
    Unit,
    Volunteer,
)

APP_CONFIG = AppConfig(
    app_name="actors",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[
        Person,
        Account,
        Organisation,
        Unit,
        Membership,
        SocialWorker,
        Volunteer,
        Consent,
        LivedExperience,
    ],
    migration_dependencies=["coalition.places.piccolo_app"],
)
