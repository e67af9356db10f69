"""The matching engine: rank volunteers for a shift, and propose assignments of many.

Importing the package subscribes the feature cache (:mod:`coalition.matching.cache`) to
the events that change what it holds: in the changing transaction (the journal every
process reads) and after commit (this process's own caches).
"""

from __future__ import annotations

from typing import Any

from coalition import events

#: Events whose volunteers' features or bookings change (their data name the volunteers).
WATCHED = (
    events.VOLUNTEER_CHANGED,
    events.HOURS_REPORTED,
    events.HOURS_VERIFIED,
    events.HOURS_REJECTED,
    events.HOURS_CORRECTED,
    events.SIGNUP_CONFIRMED,
    events.SIGNUP_PROMOTED,
    events.SIGNUP_CANCELLED,
    events.SHIFT_CHANGED,
    events.SHIFT_CANCELLED,
)


async def _journal(q: Any, event: events.Event) -> None:
    from coalition.matching.cache import journal

    await journal(q, event)


async def _mark(event: events.Event) -> None:
    from coalition.matching.cache import mark

    await mark(event)


for _name in WATCHED:
    events.subscribe(_name, _journal, phase="in_transaction")
    events.subscribe(_name, _mark)
