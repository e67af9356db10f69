"""Piccolo configuration of this repository's portal and jobs.

SQLite under var/ unless COALITION_DATABASE_URL names a PostgreSQL database. Embedding
apps write their own piccolo_conf and list coalition.apps.APP_MODULES in theirs.
"""

from piccolo.conf.apps import AppRegistry

from coalition import settings
from coalition.apps import APP_MODULES
from coalition.db import engine_from_settings

_settings = settings.load()

DB = engine_from_settings(
    _settings.migrate_database_url or _settings.database_url, _settings.sqlite_path
)

APP_REGISTRY = AppRegistry(apps=APP_MODULES)
