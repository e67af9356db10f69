"""Engines: SQLite by default, PostgreSQL when a URL is given.

The library's tables bind no engine. A host either lists :data:`coalition.apps.APP_CONFIGS`
in its ``piccolo_conf`` (Piccolo then finds its ``DB``) or calls :func:`bind`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

#: Seconds a SQLite connection waits for a competing writer before giving up.
SQLITE_BUSY_TIMEOUT = 30.0


class CoalitionSQLiteEngine(SQLiteEngine):
    """SQLite with write-ahead logging and a busy timeout on every connection."""

    def __init__(self, path: str, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", SQLITE_BUSY_TIMEOUT)
        super().__init__(path=path, **kwargs)

    async def prep_database(self) -> None:
        # WAL is a property of the file: set it once, before any connection uses it.
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path, timeout=SQLITE_BUSY_TIMEOUT) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")


def sqlite_engine(path: str | Path) -> CoalitionSQLiteEngine:
    return CoalitionSQLiteEngine(path=str(path))


def postgres_engine(url: str) -> PostgresEngine:
    # No extensions: the portal's role may not create them, and none is needed.
    return PostgresEngine(config={"dsn": url}, extensions=())


def engine_from_settings(url: str | None, sqlite_path: str | Path) -> Engine:
    if url and url.startswith(("postgres://", "postgresql://")):
        return postgres_engine(url)
    if url and url.startswith("sqlite:///"):
        return sqlite_engine(url.removeprefix("sqlite:///"))
    if url:
        raise ValueError(f"Unsupported database URL {url!r}: use postgresql:// or sqlite:///")
    return sqlite_engine(sqlite_path)


def is_postgres(engine: Engine) -> bool:
    return engine.engine_type in {"postgres", "cockroach"}


def library_tables() -> list[type[Table]]:
    from coalition.apps import APP_CONFIGS

    return [table for app in APP_CONFIGS for table in app.table_classes]


def bind(engine: Engine) -> None:
    """Bind every table of the library to ``engine`` (tests and explicit hosts)."""
    for table in library_tables():
        table._meta._db = engine


def current_engine() -> Engine:
    from coalition.tenancy.tables import Tenant

    return Tenant._meta.db


def transaction(engine: Engine, *, write: bool) -> Any:
    """A transaction that writers can share safely: IMMEDIATE on SQLite (it takes the write
    lock at once, so concurrent writers wait instead of failing), plain on PostgreSQL."""
    if is_postgres(engine):
        return engine.transaction()
    kind = TransactionType.immediate if write else TransactionType.deferred
    return engine.transaction(transaction_type=kind)


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    """Split bulk writes: SQLite and PostgreSQL cap bind parameters near 32,766."""
    return [items[i : i + size] for i in range(0, len(items), size)]
