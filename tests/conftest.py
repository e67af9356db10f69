"""Shared fixtures: one migrated SQLite file and one PostgreSQL database per test session.

Library tests run once per engine (``[sqlite]`` and ``[postgres]``). Without PostgreSQL
the PostgreSQL runs skip with a message, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from coalition.db import bind
from coalition.tenancy import TenantScope
from coalition.tenancy.tables import Tenant
from coalition.testing import databases
from coalition.testing.factories import TenantFactory

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get(
    "COALITION_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _postgres_missing(reason: str) -> None:
    message = f"PostgreSQL is needed at {POSTGRES_ADMIN_URL} ({reason})"
    if IN_CI:
        pytest.fail(message + "; CI requires it", pytrace=False)
    pytest.skip(message + "; set COALITION_TEST_POSTGRES_URL to run these tests")


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("sqlite") / "coalition.sqlite"
    return databases.migrated_sqlite(path, ROOT)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[databases.PostgresDatabase]:
    try:
        database = databases.create_postgres(
            POSTGRES_ADMIN_URL, f"coalition_test_{os.getpid()}", ROOT
        )
    except (OSError, asyncpg.PostgresError) as error:
        _postgres_missing(str(error))
    yield database
    database.drop()


@pytest.fixture(scope="session")
async def postgres_engine(postgres_database: databases.PostgresDatabase) -> AsyncIterator[Any]:
    """The portal's role, through a connection pool as in production."""
    engine = databases.app_engine(postgres_database)
    await engine.start_connection_pool(min_size=1, max_size=8)
    yield engine
    await engine.close_connection_pool()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Any:
    """Each library test runs against both engines."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
async def tenant(engine: Any) -> Tenant:
    bind(engine)
    return await TenantFactory.create()


@pytest.fixture
async def other_tenant(engine: Any) -> Tenant:
    bind(engine)
    return await TenantFactory.create()


@pytest.fixture
def scope(tenant: Tenant) -> TenantScope:
    return TenantScope.system(tenant.id)


@pytest.fixture
async def pg_admin(postgres_database: databases.PostgresDatabase) -> AsyncIterator[Any]:
    """A connection as the tables' owner, for checks of the schema itself."""
    connection = await asyncpg.connect(postgres_database.owner_url)
    yield connection
    await connection.close()
