"""The outbox: the intent to notify (or to run an import) written with the change itself.

In-transaction subscribers of :mod:`coalition.events` write one outbox row per event that
someone should hear of, inside the service's own transaction: the row commits or rolls
back with the change. Other writers (the reminder scan, the digest, import requests) call
:func:`write` inside their own write block. Every write emits :data:`OUTBOX_WRITTEN`
(``{"outbox_ids": [...]}``), whose after-commit subscribers are the dispatchers in
``tasks/`` that hand the rows to a job queue.

A dispatcher and the jobs use :func:`pending`, :func:`mark_enqueued`, :func:`mark_done`;
the job id of a row is derived from its id and ``generation`` (:func:`job_id`), so handing
a row over twice is harmless, and a row handed over again after the queue lost it gets a
new generation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from coalition import events
from coalition.notifications.queries import in_chunks, one_of
from coalition.notifications.tables import Outbox
from coalition.tenancy.scope import TenantQueries

#: Emitted by every write to the outbox; data: {"outbox_ids": [ids]}. After-commit
#: subscribers (the dispatchers in tasks/) hand the rows to a job queue at once.
OUTBOX_WRITTEN = "outbox.written"

REMINDER_24H = "reminder.24h"
REMINDER_2H = "reminder.2h"
DIGEST = "digest.daily"
IMPORT_REQUESTED = "import.requested"
MATCHING_REQUESTED = "matching.requested"

#: Events whose people hear of them (coalition.notifications.recipients says who).
NOTIFIED_EVENTS = (
    events.INVITATION_SENT,
    events.SIGNUP_CONFIRMED,
    events.SIGNUP_WAITLISTED,
    events.SIGNUP_PROMOTED,
    events.SHIFT_CHANGED,
    events.SHIFT_CANCELLED,
    events.HOURS_VERIFIED,
    events.HOURS_REJECTED,
    events.NEED_DISPATCHED,
)
#: Every topic that ends in notifications (the rest are imports and matching runs).
NOTIFICATION_TOPICS = frozenset({*NOTIFIED_EVENTS, REMINDER_24H, REMINDER_2H, DIGEST})

PENDING, DONE, FAILED = "pending", "done", "failed"
#: Job runs after which a row is given up (status failed, kept for inspection).
MAX_ATTEMPTS = 25


@dataclass(frozen=True, slots=True)
class Entry:
    """An outbox row to write."""

    topic: str
    data: dict[str, Any]
    dedupe_key: str | None = None


@dataclass(frozen=True, slots=True)
class Ref:
    """What a dispatcher needs to hand a row to the queue."""

    tenant_id: int
    outbox_id: int
    topic: str
    generation: int = 0


def job_id(ref: Ref) -> str:
    """The queue's job id of a row: handing the same generation over twice is harmless."""
    return f"outbox:{ref.tenant_id}:{ref.outbox_id}:{ref.generation}"


def load_data(value: Any) -> dict[str, Any]:
    """A JSON column as a dict (Piccolo returns JSON as text)."""
    if isinstance(value, str):
        return json.loads(value or "{}")
    return dict(value or {})


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


async def write(
    q: TenantQueries, entries: Sequence[Entry], *, now: datetime | None = None
) -> list[int]:
    """Insert outbox rows in the caller's write block; returns their ids."""
    if not entries:
        return []
    at = now or datetime.now(UTC)
    rows = [
        q.new(Outbox, topic=e.topic, data=dumps(e.data), dedupe_key=e.dedupe_key, created_at=at)
        for e in entries
    ]
    await q.add(*rows)
    ids = [row.id for row in rows]
    await events.emit(q, OUTBOX_WRITTEN, {"outbox_ids": ids}, actor=None, at=at)
    return ids


async def existing_keys(q: TenantQueries, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` are the dedupe keys of outbox rows already."""
    found: set[str] = set()
    for chunk in in_chunks(keys):
        rows = await q.select(Outbox, Outbox.dedupe_key).where(one_of(Outbox.dedupe_key, chunk))
        found.update(row["dedupe_key"] for row in rows)
    return found


async def write_once(
    q: TenantQueries, entries: Sequence[Entry], *, now: datetime | None = None
) -> list[int]:
    """Write the entries whose dedupe key is not in the outbox yet (a racing writer of the
    same key makes the block fail with Conflict: the unique index keeps it once)."""
    known = await existing_keys(q, (e.dedupe_key for e in entries if e.dedupe_key))
    return await write(q, [e for e in entries if e.dedupe_key not in known], now=now)


async def _record_event(q: TenantQueries, event: events.Event) -> None:
    if event.name == events.NEED_DISPATCHED and event.data.get("kind") == "pool":
        return  # the volunteer pool hears of open needs by browsing, not by message
    data = {**event.data, "actor_person_id": event.actor_person_id, "at": event.at.isoformat()}
    await write(q, [Entry(event.name, data)], now=datetime.now(UTC))


_installed = False


def install() -> None:
    """Subscribe the outbox to the notified events (done once, when this package loads)."""
    global _installed
    if _installed:
        return
    for name in NOTIFIED_EVENTS:
        events.subscribe(name, _record_event, phase="in_transaction")
    _installed = True


# --- for dispatchers and jobs --------------------------------------------------------


async def pending(
    q: TenantQueries, *, now: datetime, stale_after: timedelta, limit: int = 1000
) -> tuple[list[Ref], list[Ref]]:
    """Rows never handed to the queue, and rows handed over before ``now - stale_after``
    that are still pending (the queue lost them, or a worker died)."""
    columns = (Outbox.id, Outbox.topic, Outbox.generation)
    fresh = await (
        q.select(Outbox, *columns)
        .where(Outbox.status == PENDING)
        .where(Outbox.enqueued_at.is_null())
        .order_by(Outbox.id)
        .limit(limit)
    )
    stale = await (
        q.select(Outbox, *columns)
        .where(Outbox.status == PENDING)
        .where(Outbox.enqueued_at < now - stale_after)
        .order_by(Outbox.id)
        .limit(limit)
    )
    tenant = q.tenant_id
    return (
        [Ref(tenant, r["id"], r["topic"], r["generation"]) for r in fresh],
        [Ref(tenant, r["id"], r["topic"], r["generation"] + 1) for r in stale],
    )


async def refs(q: TenantQueries, outbox_ids: Sequence[int]) -> list[Ref]:
    """The pending rows among ``outbox_ids`` that were never handed over (read as one
    range of the primary key: a write of 100,000 reminders is one query)."""
    wanted = set(outbox_ids)
    if not wanted:
        return []
    rows = await (
        q.select(Outbox, Outbox.id, Outbox.topic, Outbox.generation)
        .where(Outbox.id >= min(wanted))
        .where(Outbox.id <= max(wanted))
        .where(Outbox.status == PENDING)
        .where(Outbox.enqueued_at.is_null())
        .order_by(Outbox.id)
    )
    return [
        Ref(q.tenant_id, r["id"], r["topic"], r["generation"]) for r in rows if r["id"] in wanted
    ]


async def mark_enqueued(q: TenantQueries, handed: Sequence[Ref], *, now: datetime) -> None:
    """Record that these rows (at these generations) are in the queue."""
    by_generation: dict[int, list[int]] = {}
    for ref in handed:
        by_generation.setdefault(ref.generation, []).append(ref.outbox_id)
    for generation, ids in by_generation.items():
        for chunk in in_chunks(ids):
            await (
                q.update(Outbox, {Outbox.enqueued_at: now, Outbox.generation: generation})
                .where(one_of(Outbox.id, chunk))
                .where(Outbox.status == PENDING)
            )


async def start_attempt(q: TenantQueries, outbox_id: int, *, now: datetime) -> Outbox | None:
    """Lock a row for a job run: None when it is no longer pending (done, or given up)."""
    row = await q.get(Outbox, outbox_id, what="Outbox entry", lock=True)
    if row.status != PENDING:
        return None
    if row.attempts >= MAX_ATTEMPTS:
        await q.update(Outbox, {Outbox.status: FAILED, Outbox.done_at: now}).where(
            Outbox.id == outbox_id
        )
        return None
    values: dict[Any, Any] = {Outbox.attempts: row.attempts + 1, Outbox.enqueued_at: now}
    await q.update(Outbox, values).where(Outbox.id == outbox_id)
    row.attempts += 1
    return row


async def touch(q: TenantQueries, outbox_id: int, *, now: datetime) -> None:
    """A long job is alive: the reconciler leaves its row alone for a while longer."""
    await q.update(Outbox, {Outbox.enqueued_at: now}).where(Outbox.id == outbox_id)


async def mark_done(q: TenantQueries, outbox_id: int, *, now: datetime, error: str = "") -> None:
    await q.update(
        Outbox, {Outbox.status: DONE, Outbox.done_at: now, Outbox.last_error: error}
    ).where(Outbox.id == outbox_id)


async def defer(q: TenantQueries, outbox_id: int, *, until: datetime, error: str) -> None:
    """The job runs again at ``until`` (the queue holds it): the reconciler counts the row
    lost only ``stale_after`` past that."""
    await q.update(Outbox, {Outbox.last_error: error[:2000], Outbox.enqueued_at: until}).where(
        Outbox.id == outbox_id
    )
