"""The embedded default: jobs run inside the portal process, with no Redis.

The same outbox, dispatcher and jobs as with arq; the queue is an asyncio queue in the
process. Rows written by committed transactions are handed to it at once; a sweep at
start-up takes over whatever a previous process left pending, and the scheduler runs the
reconciler, the reminder scan and the digest on a timer. A job that asks to wait
(``Retry``) is put back on the queue after its wait; one that fails stays pending for the
reconciler.

The portal starts and stops it through :mod:`tasks.runtime`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from arq import Retry

from coalition.notifications.mail import Mailer, SmtpMailer
from coalition.notifications.outbox import Ref
from coalition.settings import Settings
from tasks import jobs
from tasks.dispatch import Dispatcher, reconcile

log = logging.getLogger(__name__)


class EmbeddedRunner:
    def __init__(
        self,
        settings: Settings,
        *,
        mailer: Mailer | None = None,
        workers: int = 2,
        reconcile_every: float = 60.0,
        reminders_every: float = 300.0,
        digests_every: float = 900.0,
    ) -> None:
        self.stale_after = timedelta(minutes=settings.outbox_stale_minutes)
        self.ctx: dict[str, Any] = {
            "mailer": mailer if mailer is not None else SmtpMailer.from_settings(settings),
            "lease": timedelta(seconds=settings.delivery_lease_seconds),
            "stale_after": self.stale_after,
            "digest_hour": settings.digest_hour,
            "handoff": self.handoff,
        }
        self.workers = workers
        self.every = {
            "reconcile": reconcile_every,
            "reminders": reminders_every,
            "digests": digests_every,
        }
        self.dispatcher = Dispatcher(self.handoff)
        self._jobs: asyncio.Queue[Ref] = asyncio.Queue()
        self._queued: set[tuple[int, int]] = set()
        self._later: set[asyncio.TimerHandle] = set()
        self._tasks: list[asyncio.Task[None]] = []

    async def handoff(self, refs: Sequence[Ref]) -> None:
        for ref in refs:
            self._put(ref)

    def _put(self, ref: Ref) -> None:
        key = (ref.tenant_id, ref.outbox_id)
        if key not in self._queued:
            self._queued.add(key)
            self._jobs.put_nowait(ref)

    async def start(self) -> None:
        self.dispatcher.start()
        self._tasks = [
            asyncio.create_task(self._work(), name=f"coalition-jobs-{n}")
            for n in range(self.workers)
        ]
        self._tasks.append(asyncio.create_task(self._schedule(), name="coalition-jobs-timer"))

    async def _run(self, ref: Ref) -> None:
        try:
            await jobs.JOBS[jobs.job_for(ref.topic)](self.ctx, ref.tenant_id, ref.outbox_id)
        except Retry as retry:
            wait = (retry.defer_score or 30_000) / 1000
            handle = asyncio.get_running_loop().call_later(wait, self._retry, ref)
            self._later.add(handle)
        except Exception:
            log.exception("Job for outbox row %d of tenant %d failed", ref.outbox_id, ref.tenant_id)

    def _retry(self, ref: Ref) -> None:
        self._later = {h for h in self._later if not h.cancelled() and h.when() > time.monotonic()}
        self._put(ref)

    async def _work(self) -> None:
        while True:
            ref = await self._jobs.get()
            try:
                await self._run(ref)
            finally:
                self._queued.discard((ref.tenant_id, ref.outbox_id))
                self._jobs.task_done()

    async def _sweep(self, stale_after: timedelta) -> None:
        try:
            await reconcile(self.handoff, stale_after=stale_after)
        except Exception:
            log.exception("Reconciling the outbox failed")

    async def _schedule(self) -> None:
        # Rows a previous process handed over but did not finish are taken over at once.
        await self._sweep(timedelta(0))
        tasks = {
            "reconcile": lambda: self._sweep(self.stale_after),
            "reminders": lambda: jobs.scan_reminders(self.ctx),
            "digests": lambda: jobs.send_digests(self.ctx),
        }
        due = {
            name: time.monotonic() + (0 if name != "reconcile" else self.every[name])
            for name in tasks
        }
        while True:
            now = time.monotonic()
            for name, run in tasks.items():
                if now >= due[name]:
                    due[name] = now + self.every[name]
                    try:
                        await run()
                    except Exception:
                        log.exception("Scheduled %s failed", name)
            await asyncio.sleep(max(0.05, min(due.values()) - time.monotonic()))

    async def idle(self) -> None:
        """Wait until every row heard of so far was handled (tests)."""
        await self.dispatcher.drain()
        await self._jobs.join()

    async def stop(self) -> None:
        await self.dispatcher.stop()
        for handle in self._later:
            handle.cancel()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
