"""Reminders before each shift, 24 hours and 2 hours ahead, each sent once.

A scan (a cron job, every few minutes) finds the confirmed sign-ups of shifts starting in
the next 24 hours and writes an outbox row for each reminder that is due and not written
yet; the row's dedupe key (reminder, sign-up, start time) is unique in the tenant, so scans
that overlap, run twice or run late never remind twice. A shift moved to another time gets
fresh reminders for its new time.

Which reminder is due: the 2-hour one in the last two hours before the start, the 24-hour
one between 24 and 2 hours before it; a volunteer who signed up after a mark (a sign-up 20
hours ahead) gets no reminder for that mark, and nobody gets the 24-hour one once the
2-hour one is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from coalition.errors import Conflict
from coalition.notifications import outbox
from coalition.notifications.outbox import REMINDER_2H, REMINDER_24H, Entry
from coalition.notifications.tables import Outbox
from coalition.shifts.schemas import ShiftStatus, SignUpStatus
from coalition.shifts.tables import SignUp
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import TenantQueries
from coalition.tenancy.tables import Tenant

LEADS = {REMINDER_24H: timedelta(hours=24), REMINDER_2H: timedelta(hours=2)}
WINDOW = LEADS[REMINDER_24H]


def due_reminder(starts_at: datetime, confirmed_at: datetime | None, now: datetime) -> str | None:
    """The reminder due now for a place confirmed at ``confirmed_at``, if any."""
    if now >= starts_at:
        return None
    for topic in (REMINDER_2H, REMINDER_24H):
        mark = starts_at - LEADS[topic]
        if now >= mark:
            return topic if confirmed_at is None or confirmed_at < mark else None
    return None


def reminder_key(topic: str, signup_id: int, starts_at: datetime) -> str:
    return f"{topic}:{signup_id}:{int(starts_at.timestamp())}"


async def due_entries(q: TenantQueries, now: datetime) -> list[Entry]:
    """The reminders due now in this tenant, written or not: one query over the confirmed
    sign-ups of the scheduled shifts starting in the next 24 hours."""
    rows = await (
        q.select(
            SignUp,
            SignUp.id,
            SignUp.shift,
            SignUp.confirmed_at,
            SignUp.volunteer.person,
            SignUp.shift.starts_at,
        )
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .where(SignUp.shift.status == ShiftStatus.SCHEDULED)
        .where(SignUp.shift.starts_at > now)
        .where(SignUp.shift.starts_at <= now + WINDOW)
    )
    entries = []
    for row in rows:
        starts_at = row["shift.starts_at"]
        topic = due_reminder(starts_at, row["confirmed_at"], now)
        if topic is None:
            continue
        data = {
            "signup_id": row["id"],
            "shift_id": row["shift"],
            "person_id": row["volunteer.person"],
            "starts_at": int(starts_at.timestamp()),
        }
        entries.append(Entry(topic, data, reminder_key(topic, row["id"], starts_at)))
    return entries


async def written_keys(q: TenantQueries, now: datetime) -> set[str]:
    """The dedupe keys of the reminders written in the last 25 hours: every reminder
    that can be due now was written then, if at all (a range of one index, however many
    shifts there are)."""
    rows = await (
        q.select(Outbox, Outbox.dedupe_key)
        .where(Outbox.topic.is_in([REMINDER_24H, REMINDER_2H]))
        .where(Outbox.created_at >= now - WINDOW - timedelta(hours=1))
    )
    return {row["dedupe_key"] for row in rows}


async def scan_tenant(tenant_id: int, *, now: datetime | None = None) -> int:
    """Write the reminders due in one tenant; returns how many were new."""
    at = utc_now(now)
    scope = TenantScope.system(tenant_id)
    async with scope.read() as q:
        entries = await due_entries(q, at)
        if entries:
            known = await written_keys(q, at)
            entries = [e for e in entries if e.dedupe_key not in known]
    if not entries:
        return 0
    try:
        async with scope.write() as q:
            known = await written_keys(q, at)  # a scan may have run since
            return len(
                await outbox.write(q, [e for e in entries if e.dedupe_key not in known], now=at)
            )
    except Conflict:
        pass  # a key written outside the window (a clock that went back): look each one up
    try:
        async with scope.write() as q:
            return len(await outbox.write_once(q, entries, now=at))
    except Conflict:
        return 0  # a scan running at the same moment wrote them


@dataclass(frozen=True, slots=True)
class ScanResult:
    tenants: int
    written: int


async def tenant_ids() -> list[int]:
    """Every tenant (jobs that sweep all tenants open each one's scope in turn)."""
    return [row["id"] for row in await Tenant.select(Tenant.id).order_by(Tenant.id)]


async def scan_all(*, now: datetime | None = None) -> ScanResult:
    at = utc_now(now)
    ids = await tenant_ids()
    written = 0
    for tenant_id in ids:
        written += await scan_tenant(tenant_id, now=at)
    return ScanResult(tenants=len(ids), written=written)
