"""Throw-away migrated databases for tests: a SQLite file, and a PostgreSQL database.

Migrations run in a subprocess through ``coalition migrate``, as they do in production;
on PostgreSQL they run as the owner, and the returned engine connects as the application
role, which neither owns the tables nor is a superuser, so row-level security applies.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from coalition.db import postgres_engine, sqlite_engine

APP_ROLE = "coalition_app"


def _migrate(env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coalition", "migrate"],
        env={**os.environ, "PICCOLO_CONF": "piccolo_conf", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"coalition migrate failed:\n{result.stdout}\n{result.stderr}")


def migrated_sqlite(path: Path, project_root: Path):
    _migrate({"COALITION_SQLITE_PATH": str(path), "COALITION_DATABASE_URL": ""}, project_root)
    return sqlite_engine(path)


def _with_database(url: str, database: str, user: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1]
        netloc = f"{user}@{host}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


@dataclass
class PostgresDatabase:
    admin_url: str
    name: str
    owner_url: str
    app_url: str

    def drop(self) -> None:
        async def drop() -> None:
            connection = await asyncpg.connect(self.admin_url)
            try:
                await connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            finally:
                await connection.close()

        asyncio.run(drop())


def create_postgres(admin_url: str, name: str, project_root: Path) -> PostgresDatabase:
    """Create database ``name`` (dropping a leftover), migrate it, grant the app role."""

    async def create() -> None:
        connection = await asyncpg.connect(admin_url, timeout=5)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(create())
    database = PostgresDatabase(
        admin_url=admin_url,
        name=name,
        owner_url=_with_database(admin_url, name),
        app_url=_with_database(admin_url, name, user=APP_ROLE),
    )
    _migrate(
        {"COALITION_MIGRATE_DATABASE_URL": database.owner_url, "COALITION_DB_APP_ROLE": APP_ROLE},
        project_root,
    )
    return database


def app_engine(database: PostgresDatabase):
    return postgres_engine(database.app_url)
