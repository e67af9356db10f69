"""The per-tenant cache of volunteer features and confirmed bookings, kept correct.

Loading a large tenant's volunteers takes seconds; ranking them takes milliseconds. So
each process keeps, per (engine, tenant), a :class:`Snapshot` of arrays and refreshes only
what changed, inside the caller's own transaction:

* **In this process**, an after-commit subscriber marks the volunteers an event names
  (volunteer changed, hours reported/decided/corrected, sign-up confirmed/promoted/
  cancelled, shift changed/cancelled) as dirty.
* **In every process**, an in-transaction subscriber writes the same volunteer ids into
  the ``matching_change`` journal, committed (or rolled back) with the change itself.
  Each refresh reads the journal rows above a *safe mark* and reloads the volunteers of
  rows it has not applied yet. The mark only passes rows older than ``LAG``, so a
  transaction that took an id early but committed late is still seen.
* Volunteers added around the services (bulk imports, factories) are seen through the
  largest volunteer id; anything else written around the services needs
  :func:`invalidate`.
* Recent minutes and attendance depend on the date: on the tenant's first use of a new
  day (as ``now`` says) they, and the bookings, are loaded again whole.
* The tenant's weights are held too: changing them writes a journal row (event
  ``matching.weights``) and tells this process's caches directly.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Max

from coalition.actors.tables import Volunteer
from coalition.db import current_engine
from coalition.events import Event
from coalition.matching import loading
from coalition.matching.bookings import Bookings
from coalition.matching.features import Features
from coalition.matching.tables import MatchingChange
from coalition.matching.weights import load_weights
from coalition.shifts.placing import week_bounds
from coalition.tenancy import TenantQueries
from coalition.tenancy.clock import local_date, tenant_zone

#: The journal's safe mark passes only rows at least this old (longest transaction).
LAG = timedelta(seconds=60)
#: Journal rows older than this are pruned (a cache reloads whole every new day).
RETENTION = timedelta(days=2)
#: The journal's ``event`` of a change of the tenant's weights (``volunteer_id`` 0).
WEIGHTS_CHANGED = "matching.weights"
#: Tenants cached per process, least recently used dropped first.
MAX_TENANTS = 32


@dataclass(frozen=True, slots=True)
class Snapshot:
    features: Features
    bookings: Bookings
    zone: ZoneInfo
    today: date  # the tenant's date the statistics were computed for
    horizon: int  # bookings are held of shifts ending after this (epoch seconds)
    weights: dict[str, float]  # the tenant's matching weights


@dataclass(eq=False)
class _Entry:
    engine: Any
    tenant_id: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    snapshot: Snapshot | None = None
    safe_mark: int = 0
    applied: set[int] = field(default_factory=set)
    known_max: int = 0
    dirty: set[int] = field(default_factory=set)
    weights_dirty: bool = False
    full_loads: int = 0
    refreshes: int = 0


_entries: OrderedDict[tuple[int, int], _Entry] = OrderedDict()


def _entry(tenant_id: int) -> _Entry:
    engine = current_engine()
    key = (id(engine), tenant_id)
    entry = _entries.get(key)
    if entry is None or entry.engine is not engine:
        entry = _entries[key] = _Entry(engine=engine, tenant_id=tenant_id)
    _entries.move_to_end(key)
    while len(_entries) > MAX_TENANTS:
        _entries.popitem(last=False)
    return entry


def invalidate(tenant_id: int | None = None) -> None:
    """Forget the cached features of a tenant (of every tenant with None): for hosts that
    write volunteers, sign-ups or hours around the services."""
    for key in [k for k in _entries if tenant_id is None or k[1] == tenant_id]:
        del _entries[key]


def counters(tenant_id: int) -> dict[str, int]:
    """How often this process loaded the tenant whole (on the bound engine), and refreshed
    it: for tests and benchmarks."""
    entry = _entries.get((id(current_engine()), tenant_id))
    if entry is None:
        return {"full_loads": 0, "refreshes": 0}
    return {"full_loads": entry.full_loads, "refreshes": entry.refreshes}


def _named(event: Event) -> list[int]:
    data = event.data
    ids = list(data.get("volunteer_ids") or [])
    if data.get("volunteer_id") is not None:
        ids.append(data["volunteer_id"])
    return sorted({int(v) for v in ids})


async def journal(q: TenantQueries, event: Event) -> None:
    """In the changing transaction: note who changed, for every process's cache."""
    ids = _named(event)
    if not ids:
        return
    now = datetime.now(UTC)
    rows = await q.add(
        *(q.new(MatchingChange, volunteer_id=v, event=event.name[:32], created_at=now) for v in ids)
    )
    if any(row.id % 256 == 0 for row in rows):
        await q.delete(MatchingChange).where(MatchingChange.created_at < now - RETENTION)


async def note_weights(q: TenantQueries) -> None:
    """In the transaction that changes the tenant's weights: tell every process."""
    await q.create(
        MatchingChange, volunteer_id=0, event=WEIGHTS_CHANGED, created_at=datetime.now(UTC)
    )


def weights_changed(tenant_id: int) -> None:
    """After that transaction commits: this process's caches read the weights again."""
    for (_, tenant), entry in _entries.items():
        if tenant == tenant_id:
            entry.weights_dirty = True


async def mark(event: Event) -> None:
    """After commit: this process's caches of the tenant reload those volunteers."""
    ids = _named(event)
    for (_, tenant_id), entry in _entries.items():
        if tenant_id == event.tenant_id:
            entry.dirty.update(ids)


# --- the snapshot --------------------------------------------------------------------------


def _horizon(now: datetime, zone: ZoneInfo) -> int:
    """Bookings from the day before this ISO week on: every week a coming shift can be in."""
    start, _ = week_bounds(now, zone)
    return int(start.timestamp()) - 86400


async def snapshot(q: TenantQueries, now: datetime) -> Snapshot:
    """The tenant's features and bookings as of this transaction, refreshed as needed."""
    entry = _entry(q.tenant_id)
    async with entry.lock:
        if entry.snapshot is None:
            zone = await tenant_zone(q.tenant_id)
            await _load(q, entry, zone, local_date(now, zone), _horizon(now, zone))
        else:
            zone = entry.snapshot.zone
            await _refresh(q, entry, local_date(now, zone), _horizon(now, zone))
        assert entry.snapshot is not None
        return entry.snapshot


async def _load(q: TenantQueries, entry: _Entry, zone: ZoneInfo, today: date, horizon: int) -> None:
    # The journal first: whatever commits after this is in the journal above the mark.
    entry.dirty.clear()
    real = datetime.now(UTC)
    (old,) = await q.select(MatchingChange, Max(MatchingChange.id, alias="top")).where(
        MatchingChange.created_at < real - LAG
    )
    entry.safe_mark = old["top"] or 0
    recent = await q.select(MatchingChange, MatchingChange.id).where(
        MatchingChange.id > entry.safe_mark
    )
    entry.applied = {row["id"] for row in recent}
    features = Features.empty().with_volunteers(await loading.profiles(q))
    features = features.with_stats(await loading.stats(q, today, zone), rows=None)
    bookings = Bookings.build(features, await loading.bookings(q, horizon))
    entry.known_max = int(features.ids.max()) if features.size else 0
    entry.weights_dirty = False
    weights = (await load_weights(q)).values()
    entry.snapshot = Snapshot(features, bookings, zone, today, horizon, weights)
    entry.full_loads += 1


async def _journal_changes(q: TenantQueries, entry: _Entry) -> set[int]:
    """Volunteers named by journal rows not applied yet; moves the safe mark on."""
    real = datetime.now(UTC)
    rows = await (
        q.select(
            MatchingChange,
            MatchingChange.id,
            MatchingChange.volunteer_id,
            MatchingChange.event,
            MatchingChange.created_at,
        )
        .where(MatchingChange.id > entry.safe_mark)
        .order_by(MatchingChange.id)
    )
    new = [row for row in rows if row["id"] not in entry.applied]
    changed = {row["volunteer_id"] for row in new if row["event"] != WEIGHTS_CHANGED}
    if any(row["event"] == WEIGHTS_CHANGED for row in new):
        entry.weights_dirty = True
    entry.applied.update(row["id"] for row in rows)
    settled = [row["id"] for row in rows if row["created_at"] < real - LAG]
    entry.safe_mark = max(settled, default=entry.safe_mark)
    entry.applied = {i for i in entry.applied if i > entry.safe_mark}
    return changed


async def _refresh(q: TenantQueries, entry: _Entry, today: date, horizon: int) -> None:
    snap = entry.snapshot
    assert snap is not None
    changed = set(entry.dirty)
    entry.dirty.clear()
    changed |= await _journal_changes(q, entry)
    (top,) = await q.select(Volunteer, Max(Volunteer.id, alias="top"))
    top_id = top["top"] or 0
    added = await loading.profiles(q, above=entry.known_max) if top_id > entry.known_max else []
    new_day = today != snap.today
    weights = snap.weights
    if entry.weights_dirty:
        entry.weights_dirty = False
        weights = (await load_weights(q)).values()
    if not changed and not added and not new_day:
        if weights is not snap.weights:
            entry.snapshot = replace(snap, weights=weights)
        return
    features, bookings = snap.features, snap.bookings
    profiles = added + await loading.profiles(q, ids=changed - {v.id for v in added})
    features = features.with_volunteers(profiles)
    entry.known_max = max(entry.known_max, top_id)
    ids = sorted(changed | {v.id for v in added})
    rows = features.rows(ids)
    if new_day:
        features = features.with_stats(await loading.stats(q, today, snap.zone), rows=None)
        bookings = Bookings.build(features, await loading.bookings(q, horizon))
    else:
        horizon = snap.horizon
        if ids:
            features = features.with_stats(await loading.stats(q, today, snap.zone, ids), rows=rows)
            bookings = bookings.replaced(features, rows, await loading.bookings(q, horizon, ids))
    entry.snapshot = Snapshot(features, bookings, snap.zone, today, horizon, weights)
    entry.refreshes += 1
