"""Pages that poll a background job (an import, a matching run) until it has finished.

A job that has not moved for :data:`STALLED_AFTER` is no longer polled: say no worker
runs. Its page then says that it goes on in the background and offers to check again,
so an open tab does not ask the server every second for ever.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from coalition.tenancy.clock import utc_now

STALLED_AFTER = timedelta(minutes=3)


def quiet_too_long(last_moved: datetime, now: datetime | None = None) -> bool:
    """Whether a job that last moved at ``last_moved`` has been still for too long."""
    return utc_now(now) - last_moved >= STALLED_AFTER
