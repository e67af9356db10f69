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
    # Background jobs and notifications (coalition.notifications, tasks/).
    smtp_host: str | None = None  # unset: no e-mail, notifications go to the portal inbox only
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "coalition@localhost"
    smtp_tls: str = "starttls"  # starttls / ssl / none
    smtp_timeout: float = 30.0
    delivery_lease_seconds: float = 300.0
    outbox_stale_minutes: float = 5.0
    digest_hour: int = 8
    embedded_jobs: bool = True


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
        smtp_host=os.environ.get("COALITION_SMTP_HOST") or None,
        smtp_port=int(os.environ.get("COALITION_SMTP_PORT") or "587"),
        smtp_user=os.environ.get("COALITION_SMTP_USER") or None,
        smtp_password=os.environ.get("COALITION_SMTP_PASSWORD") or None,
        smtp_from=os.environ.get("COALITION_SMTP_FROM") or "coalition@localhost",
        smtp_tls=(os.environ.get("COALITION_SMTP_TLS") or "starttls").strip().lower(),
        smtp_timeout=float(os.environ.get("COALITION_SMTP_TIMEOUT") or "30"),
        delivery_lease_seconds=float(os.environ.get("COALITION_DELIVERY_LEASE_SECONDS") or "300"),
        outbox_stale_minutes=float(os.environ.get("COALITION_OUTBOX_STALE_MINUTES") or "5"),
        digest_hour=int(os.environ.get("COALITION_DIGEST_HOUR") or "8"),
        embedded_jobs=_flag("COALITION_EMBEDDED_JOBS", True),
    )
