"""Workers for the job tests: arq workers in this process (burst) or in a subprocess."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import warnings
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from arq.worker import Worker, create_worker

from coalition.notifications.mail import SmtpMailer
from coalition.notifications.tables import Outbox
from coalition.settings import Settings
from coalition.tenancy import TenantScope
from tasks.dispatch import ArqHandoff, reconcile, redis_settings
from tasks.worker import WorkerSettings
from tests.conftest import ROOT
from tests.tasks.conftest import SmtpServer


def settings(tmp_path: Path, smtp: SmtpServer | None = None, **changes: Any) -> Settings:
    base = Settings(
        database_url=None,
        migrate_database_url=None,
        sqlite_path=tmp_path / "unused.sqlite",
        redis_url=None,
        app_role="coalition_app",
        secret_key="tasks-tests-" + "s" * 40,
        default_locale="zh-Hans",
        debug=False,
        secure_cookies=True,
        pool_max_size=2,
        smtp_host=smtp.host if smtp else None,
        smtp_port=smtp.port if smtp else 587,
        smtp_tls="none",
        smtp_from="通知 <notice@coalition.example.cn>",
        smtp_timeout=5.0,
    )
    return replace(base, **changes)


def mailer(smtp: SmtpServer) -> SmtpMailer:
    return SmtpMailer(
        host=smtp.host,
        port=smtp.port,
        sender="通知 <notice@coalition.example.cn>",
        tls="none",
        timeout=5.0,
    )


async def burst_worker(
    redis_url: str,
    smtp: SmtpServer,
    *,
    stale_after: timedelta = timedelta(minutes=5),
    lease: timedelta = timedelta(seconds=2),
) -> Worker:
    """A worker of this process that hands over what waits in the outbox (as a worker does
    at start-up), runs every queued job, and stops once the queue is empty. A copy of a job
    that finds another copy sending waits for the other's ``lease``."""

    async def startup(ctx: dict[str, Any]) -> None:
        handoff = ArqHandoff(ctx["redis"])
        ctx.update(
            mailer=mailer(smtp),
            lease=lease,
            stale_after=stale_after,
            digest_hour=8,
            handoff=handoff,
        )
        await reconcile(handoff, stale_after=stale_after)

    worker = create_worker(
        WorkerSettings,  # type: ignore[arg-type]
        redis_settings=redis_settings(redis_url),
        burst=True,
        handle_signals=False,
        on_startup=startup,
        on_shutdown=None,
        cron_jobs=[],
        poll_delay=0.05,
    )
    try:
        await worker.async_run()
    finally:
        with warnings.catch_warnings():  # arq 0.26 closes its pool with redis' deprecated close()
            warnings.simplefilter("ignore", DeprecationWarning)
            await worker.close()
    return worker


def start_worker(
    database: Path, redis_url: str, smtp: SmtpServer, log: Path, **env: str
) -> subprocess.Popen[bytes]:
    """``coalition worker`` in a process of its own, on the tests' database."""
    environment = {
        **os.environ,
        "PICCOLO_CONF": "piccolo_conf",
        "COALITION_DATABASE_URL": "",
        "COALITION_SQLITE_PATH": str(database),
        "COALITION_REDIS_URL": redis_url,
        **smtp.env(),
        **env,
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "coalition", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def outbox_status(tenant_id: int, outbox_id: int) -> str:
    async with TenantScope.system(tenant_id).read() as q:
        return (await q.get(Outbox, outbox_id)).status


async def wait_until_done(tenant_id: int, outbox_id: int, *, within: float = 20.0) -> str:
    deadline = time.monotonic() + within
    status = await outbox_status(tenant_id, outbox_id)
    while status == "pending" and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        status = await outbox_status(tenant_id, outbox_id)
    return status
