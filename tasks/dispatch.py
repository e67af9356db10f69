"""Handing outbox rows to the queue: at once after commit, and again by reconciliation.

* :class:`Dispatcher` hears :data:`~coalition.notifications.outbox.OUTBOX_WRITTEN` after
  each commit and hands the new rows over in the background (a request never waits for
  Redis, and never fails because Redis is down);
* :func:`reconcile` (a cron job, and at worker start-up) sweeps every tenant for rows
  never handed over, and for rows handed over ``stale_after`` ago and still pending — the
  queue lost them, or a worker died — which it hands over again with a new generation.

A handoff is any ``async (refs) -> None``: :class:`ArqHandoff` enqueues arq jobs under
``job_id(ref)``, so two dispatchers handing the same row over enqueue one job; the
embedded runner's handoff puts them on its own in-process queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from arq.connections import ArqRedis, RedisSettings, create_pool

from coalition import events
from coalition.notifications import outbox
from coalition.notifications.outbox import OUTBOX_WRITTEN, Ref, job_id
from coalition.notifications.reminders import tenant_ids
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from tasks.jobs import job_for

log = logging.getLogger(__name__)

Handoff = Callable[[Sequence[Ref]], Awaitable[None]]


def redis_settings(url: str, *, retries: int = 0) -> RedisSettings:
    """arq's settings for ``url``; ``retries`` connection attempts before giving up."""
    settings = RedisSettings.from_dsn(url)
    settings.conn_retries = retries
    return settings


class ArqHandoff:
    """Enqueue arq jobs; the pool is made on first use (and again after a failure)."""

    def __init__(self, pool: ArqRedis | None = None, *, url: str | None = None) -> None:
        self._pool, self._url, self._own = pool, url, pool is None

    async def pool(self) -> ArqRedis:
        if self._pool is None:
            assert self._url is not None
            self._pool = await create_pool(redis_settings(self._url))
        return self._pool

    async def __call__(self, refs: Sequence[Ref]) -> None:
        pool = await self.pool()
        try:
            for ref in refs:
                await pool.enqueue_job(
                    job_for(ref.topic), ref.tenant_id, ref.outbox_id, _job_id=job_id(ref)
                )
        except Exception:
            if self._own:
                await self.close()  # a fresh connection next time
            raise

    async def close(self) -> None:
        if self._own and self._pool is not None:
            pool, self._pool = self._pool, None
            with contextlib.suppress(Exception):
                await pool.aclose()


async def hand_over(
    handoff: Handoff, tenant_id: int, refs: Sequence[Ref], *, now: datetime | None = None
) -> int:
    """Hand rows of one tenant over, then record it (a failed handoff records nothing)."""
    if not refs:
        return 0
    at = utc_now(now)
    await handoff(refs)
    async with TenantScope.system(tenant_id).write() as q:
        await outbox.mark_enqueued(q, refs, now=at)
    return len(refs)


@dataclass(frozen=True, slots=True)
class Reconciled:
    tenants: int
    handed: int


async def reconcile(
    handoff: Handoff, *, stale_after: timedelta, now: datetime | None = None
) -> Reconciled:
    """Hand over every pending row never handed over, or handed over before
    ``now - stale_after`` (with the next generation). Stops at the first failed handoff
    (Redis is down: the next run carries on)."""
    at = utc_now(now)
    ids = await tenant_ids()
    handed = 0
    for tenant_id in ids:
        async with TenantScope.system(tenant_id).read() as q:
            fresh, stale = await outbox.pending(q, now=at, stale_after=stale_after)
        if stale:
            log.info("Handing over again %d outbox rows of tenant %d", len(stale), tenant_id)
        handed += await hand_over(handoff, tenant_id, [*fresh, *stale], now=at)
    return Reconciled(tenants=len(ids), handed=handed)


class Dispatcher:
    """Hands the outbox rows of each committed transaction over, in the background."""

    def __init__(self, handoff: Handoff) -> None:
        self.handoff = handoff
        self.queue: asyncio.Queue[tuple[int, list[int]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def _heard(self, event: events.Event) -> None:
        self.queue.put_nowait((event.tenant_id, list(event.data.get("outbox_ids", []))))

    def start(self) -> None:
        events.subscribe(OUTBOX_WRITTEN, self._heard)
        self._task = asyncio.create_task(self._run(), name="coalition-outbox-dispatcher")

    async def _run(self) -> None:
        while True:
            tenant_id, ids = await self.queue.get()
            try:
                async with TenantScope.system(tenant_id).read() as q:
                    refs = await outbox.refs(q, ids)
                await hand_over(self.handoff, tenant_id, refs)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning(
                    "Could not hand outbox rows %s of tenant %d over (%s); the reconciler will.",
                    ids,
                    tenant_id,
                    error,
                )
            finally:
                self.queue.task_done()

    async def drain(self) -> None:
        """Wait until everything heard so far was handed over (or given up on)."""
        await self.queue.join()

    async def stop(self) -> None:
        events.unsubscribe(OUTBOX_WRITTEN, self._heard)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
