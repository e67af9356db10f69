"""Domain events: the one hook through which other parts react to what services did.

A service emits an event inside its write block with :func:`emit`. Subscribers choose
when they hear of it:

``phase="in_transaction"``
    called at once, inside the same database transaction, with the block's
    :class:`~coalition.tenancy.scope.TenantQueries`; what they write commits or rolls back
    with the change itself (an outbox of notifications is written this way).
``phase="after_commit"`` (the default)
    called after the transaction has committed, never for a change that rolled back.

Embedding apps subscribe at start-up::

    from coalition import events

    async def log_opened(event: events.Event) -> None:
        print(event.name, event.tenant_id, event.data)

    events.subscribe(events.NEED_OPENED, log_opened)

Subscribe to ``"*"`` for every event. A failing after-commit subscriber is logged and
does not affect the others or the caller: the change is already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from coalition.tenancy.scope import TenantQueries

log = logging.getLogger(__name__)

NEED_OPENED = "need.opened"
NEED_DISPATCHED = "need.dispatched"
NEED_ACCEPTED = "need.accepted"
NEED_DECLINED = "need.declined"
NEED_ESCALATED = "need.escalated"
NEED_COMPLETED = "need.completed"
NEED_CANCELLED = "need.cancelled"
NEED_REVIEWED = "need.reviewed"
SHIFT_CHANGED = "shift.changed"
SHIFT_CANCELLED = "shift.cancelled"
SIGNUP_CONFIRMED = "signup.confirmed"
SIGNUP_WAITLISTED = "signup.waitlisted"
SIGNUP_PROMOTED = "signup.promoted"
SIGNUP_CANCELLED = "signup.cancelled"
INVITATION_SENT = "invitation.sent"
INVITATION_ANSWERED = "invitation.answered"
HOURS_REPORTED = "hours.reported"
HOURS_VERIFIED = "hours.verified"
HOURS_REJECTED = "hours.rejected"
HOURS_CORRECTED = "hours.corrected"
ACTIVITY_LOGGED = "activity.logged"
#: A volunteer was registered, changed, deactivated or reactivated (data: volunteer_id,
#: person_id, change = registered / updated / deactivated / reactivated).
VOLUNTEER_CHANGED = "volunteer.changed"

Phase = Literal["in_transaction", "after_commit"]
AfterCommit = Callable[["Event"], Awaitable[None]]
InTransaction = Callable[["TenantQueries", "Event"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Event:
    """What happened, in which tenant, caused by whom; ``data`` holds ids, not rows."""

    name: str
    tenant_id: int
    data: dict[str, Any]
    actor_person_id: int | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


_after_commit: dict[str, list[AfterCommit]] = {}
_in_transaction: dict[str, list[InTransaction]] = {}


def subscribe(name: str, handler: Any, *, phase: Phase = "after_commit") -> None:
    """Call ``handler`` for every event called ``name`` (or every event, with ``"*"``)."""
    registry: dict[str, list[Any]] = _in_transaction if phase == "in_transaction" else _after_commit
    registry.setdefault(name, []).append(handler)


def unsubscribe(name: str, handler: Any) -> None:
    registries: tuple[dict[str, list[Any]], ...] = (_after_commit, _in_transaction)
    for registry in registries:
        registry[name] = [h for h in registry.get(name, ()) if h is not handler]


def _handlers(registry: dict[str, list[Any]], name: str) -> list[Any]:
    return [*registry.get(name, ()), *registry.get("*", ())]


async def emit(
    q: TenantQueries,
    name: str,
    data: dict[str, Any],
    *,
    actor: int | None,
    at: datetime | None = None,
) -> Event:
    """Record that ``name`` happened in the current write block of ``q``'s tenant; ``at``
    is the service's clock (its ``now``), the real clock by default."""
    event = Event(
        name=name,
        tenant_id=q.tenant_id,
        data=data,
        actor_person_id=actor,
        at=at or datetime.now(UTC),
    )
    for handler in _handlers(_in_transaction, name):
        await handler(q, event)
    q.pending_events.append(event)
    return event


async def deliver_after_commit(events: list[Event]) -> None:
    """Called by the tenant scope once its transaction has committed."""
    for event in events:
        for handler in _handlers(_after_commit, event.name):
            try:
                await handler(event)
            except Exception:
                log.exception("Subscriber %r failed on %s", handler, event.name)
