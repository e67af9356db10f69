"""What the portal (or any host process) starts next to its requests.

* With ``COALITION_REDIS_URL``: a dispatcher that hands the outbox rows of each committed
  transaction to arq, in the background; ``coalition worker`` processes run the jobs.
  While Redis is down requests still succeed; the workers' reconciler hands the rows over
  once it is back.
* Without it (the embedded default): :class:`~tasks.embedded.EmbeddedRunner` runs the
  jobs in this process. ``COALITION_EMBEDDED_JOBS=false`` turns it off (another process
  runs them).

Call :func:`start` once the database is bound (and its pool started), :func:`stop` before
the pool is closed::

    await tasks.runtime.start(settings)   # on start-up
    await tasks.runtime.stop()            # on shutdown
"""

from __future__ import annotations

from typing import Literal

from coalition import settings as settings_module
from coalition.notifications.mail import Mailer
from coalition.settings import Settings
from tasks.dispatch import ArqHandoff, Dispatcher
from tasks.embedded import EmbeddedRunner

Mode = Literal["redis", "embedded", "off"]

_runner: EmbeddedRunner | None = None
_dispatcher: Dispatcher | None = None
_handoff: ArqHandoff | None = None


async def start(settings: Settings | None = None, *, mailer: Mailer | None = None) -> Mode:
    """Start the background side of this process; returns which one it started."""
    global _runner, _dispatcher, _handoff
    await stop()
    settings = settings or settings_module.load()
    if settings.redis_url:
        _handoff = ArqHandoff(url=settings.redis_url)
        _dispatcher = Dispatcher(_handoff)
        _dispatcher.start()
        return "redis"
    if settings.embedded_jobs:
        _runner = EmbeddedRunner(settings, mailer=mailer)
        await _runner.start()
        return "embedded"
    return "off"


def runner() -> EmbeddedRunner | None:
    return _runner


def dispatcher() -> Dispatcher | None:
    return _runner.dispatcher if _runner is not None else _dispatcher


async def stop() -> None:
    global _runner, _dispatcher, _handoff
    if _runner is not None:
        await _runner.stop()
        _runner = None
    if _dispatcher is not None:
        await _dispatcher.stop()
        _dispatcher = None
    if _handoff is not None:
        await _handoff.close()
        _handoff = None
