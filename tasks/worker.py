"""arq workers: ``coalition worker`` (or ``arq tasks.worker.WorkerSettings``).

Any number of worker processes, on any number of machines, may serve one Redis and one
database: a job goes to one worker at a time, every job is idempotent in case arq runs
it twice, and each cron job runs once per tick however many workers there are (arq's
unique cron job ids).

At start-up a worker binds the database (as the application role: it refuses to run on
PostgreSQL as a role that row-level security would not bind), sets up the mailer, starts
a dispatcher for the outbox rows its own jobs write, and hands over whatever waits in the
outbox.
"""

from __future__ import annotations

import logging
import logging.config
import os
from datetime import timedelta
from typing import Any, ClassVar

from arq import cron, func
from arq.logs import default_log_config
from arq.worker import run_worker
from piccolo.engine.postgres import PostgresEngine

from coalition import settings as settings_module
from coalition.db import bind, engine_from_settings
from coalition.notifications.mail import SmtpMailer
from coalition.tenancy.rls import app_role_problems
from tasks import jobs
from tasks.dispatch import ArqHandoff, Dispatcher, reconcile, redis_settings

log = logging.getLogger(__name__)


async def startup(ctx: dict[str, Any]) -> None:
    settings = settings_module.load()
    engine = engine_from_settings(settings.database_url, settings.sqlite_path)
    bind(engine)
    if isinstance(engine, PostgresEngine):
        problems = await app_role_problems(engine)
        if problems and not settings.allow_privileged_db_role:
            raise RuntimeError(
                "Row-level security would not bind the worker's database role ("
                + "; ".join(problems)
                + "). Connect as the application role (COALITION_DB_APP_ROLE)."
            )
        await engine.start_connection_pool(min_size=1, max_size=settings.pool_max_size)
    else:
        await engine.prep_database()
    handoff = ArqHandoff(ctx["redis"])
    ctx.update(
        engine=engine,
        mailer=SmtpMailer.from_settings(settings),
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        stale_after=timedelta(minutes=settings.outbox_stale_minutes),
        digest_hour=settings.digest_hour,
        handoff=handoff,
        dispatcher=Dispatcher(handoff),
    )
    ctx["dispatcher"].start()
    try:
        handed = await reconcile(handoff, stale_after=ctx["stale_after"])
        log.info("Handed %d waiting outbox rows over at start-up", handed.handed)
    except Exception:
        log.exception("Reconciling the outbox at start-up failed; the cron job will retry")


async def shutdown(ctx: dict[str, Any]) -> None:
    if "dispatcher" in ctx:
        await ctx["dispatcher"].stop()
    engine = ctx.get("engine")
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


EVERY_FIVE_MINUTES = set(range(0, 60, 5))


class WorkerSettings:
    """The functions and cron jobs of a worker (arq reads these attributes)."""

    functions: ClassVar[list[Any]] = [
        func(jobs.deliver_notification, max_tries=10),
        func(jobs.run_import, timeout=1800, max_tries=3),
        func(jobs.run_matching, timeout=600, max_tries=3),
    ]
    cron_jobs: ClassVar[list[Any]] = [
        cron(jobs.reconcile_outbox, second={0}),
        cron(jobs.scan_reminders, minute=EVERY_FIVE_MINUTES, second={10}),
        cron(jobs.send_digests, minute={0, 30}, second={20}),
    ]
    on_startup = startup
    on_shutdown = shutdown
    keep_result = 3600
    if os.environ.get("COALITION_REDIS_URL"):
        redis_settings = redis_settings(os.environ["COALITION_REDIS_URL"], retries=5)


def run(*, burst: bool = False, max_jobs: int = 10) -> None:
    """Run one worker until stopped (SIGINT, SIGTERM), or until the queue is empty."""
    settings = settings_module.load()
    if not settings.redis_url:
        raise SystemExit(
            "COALITION_REDIS_URL is not set. Without Redis the portal runs the jobs itself; "
            "set it to run workers."
        )
    logging.config.dictConfig(default_log_config(verbose=settings.debug))
    run_worker(
        WorkerSettings,  # type: ignore[arg-type]
        redis_settings=redis_settings(settings.redis_url, retries=5),
        burst=burst,
        max_jobs=max_jobs,
    )
