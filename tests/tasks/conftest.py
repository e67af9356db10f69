"""Fixtures of the job tests: their own SQLite database, a Redis database, an SMTP server.

Redis is looked for at ``COALITION_TEST_REDIS_URL`` (default redis://127.0.0.1:6379/13, a
database of its own that the tests flush). Without Redis those tests are skipped with a
message saying so, except in CI (``CI=true``), where they fail. The SMTP server is
aiosmtpd, started by the tests on a free port.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from coalition.db import bind
from coalition.notifications.outbox import PENDING
from coalition.notifications.reminders import tenant_ids
from coalition.notifications.tables import Outbox
from coalition.tenancy import TenantScope
from coalition.testing import databases
from tests.conftest import IN_CI, ROOT

REDIS_URL = os.environ.get("COALITION_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A database of the job tests alone: workers sweep every tenant of their database."""
    path = tmp_path_factory.mktemp("tasks") / "coalition.sqlite"
    return databases.migrated_sqlite(path, ROOT)


@pytest.fixture(autouse=True)
async def _bound(engine: Any) -> AsyncIterator[None]:
    """Each test starts with no pending work left by another."""
    bind(engine)
    yield
    bind(engine)
    for tenant_id in await tenant_ids():
        async with TenantScope.system(tenant_id).write() as q:
            await q.update(Outbox, {Outbox.status: "done"}).where(Outbox.status == PENDING)


@pytest.fixture
def database_path(engine: Any) -> Path:
    return Path(engine.path)


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except (RedisConnectionError, OSError) as error:
        await client.aclose()
        message = f"Redis is needed at {REDIS_URL} ({error})"
        if IN_CI:
            pytest.fail(message + "; CI requires it", pytrace=False)
        pytest.skip(message + "; set COALITION_TEST_REDIS_URL to run these tests")
    await client.flushdb()
    yield REDIS_URL
    await client.flushdb()
    await client.aclose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """What the SMTP server accepted. With ``hold_first`` the first message is held (the
    sender waits) until ``release`` is set, then refused with a temporary error."""

    hold_first: bool = False
    messages: list[Message] = field(default_factory=list)
    attempts: int = 0
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.hold_first and self.attempts == 1:
            self.arrived.set()
            await asyncio.to_thread(self.release.wait, 30)
            return "451 4.3.0 Try again later"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


@dataclass
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox

    def env(self) -> dict[str, str]:
        return {
            "COALITION_SMTP_HOST": self.host,
            "COALITION_SMTP_PORT": str(self.port),
            "COALITION_SMTP_TLS": "none",
            "COALITION_SMTP_FROM": "通知 <notice@coalition.example.cn>",
        }


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield SmtpServer("127.0.0.1", port, mailbox)
    mailbox.release.set()
    controller.stop()
