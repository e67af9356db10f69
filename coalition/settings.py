"""Settings read from the environment once. Every variable is listed in the README."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None
    migrate_database_url: str | None
    sqlite_path: Path
    redis_url: str | None
    app_role: str
    secret_key: str | None
    default_locale: str
    debug: bool
    secure_cookies: bool
    pool_max_size: int
    allow_privileged_db_role: bool = False


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load() -> Settings:
    var_dir = Path(os.environ.get("COALITION_VAR_DIR", ROOT / "var"))
    return Settings(
        database_url=os.environ.get("COALITION_DATABASE_URL") or None,
        migrate_database_url=os.environ.get("COALITION_MIGRATE_DATABASE_URL") or None,
        sqlite_path=Path(os.environ.get("COALITION_SQLITE_PATH", var_dir / "coalition.sqlite")),
        redis_url=os.environ.get("COALITION_REDIS_URL") or None,
        app_role=os.environ.get("COALITION_DB_APP_ROLE", "coalition_app"),
        secret_key=os.environ.get("COALITION_SECRET_KEY") or None,
        default_locale=os.environ.get("COALITION_DEFAULT_LOCALE", "zh-Hans"),
        debug=_flag("COALITION_DEBUG", False),
        secure_cookies=_flag("COALITION_SECURE_COOKIES", True),
        pool_max_size=int(os.environ.get("COALITION_DB_POOL_SIZE", "10")),
        allow_privileged_db_role=_flag("COALITION_ALLOW_PRIVILEGED_DB_ROLE", False),
    )
