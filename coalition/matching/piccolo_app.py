import os

from piccolo.conf.apps import AppConfig

from coalition.matching.tables import MatchingChange, MatchingWeights, Proposal, ProposalLine

APP_CONFIG = AppConfig(
    app_name="matching",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[MatchingWeights, Proposal, ProposalLine, MatchingChange],
    migration_dependencies=["coalition.shifts.piccolo_app", "coalition.alliances.piccolo_app"],
)
