"""Notifications for the inbox pages: written as rows, or caused through the library's
services and delivered by the delivery job's body."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from coalition.actors.tables import Person
from coalition.notifications import delivery, reminders
from coalition.tenancy import TenantScope
from coalition.testing.factories import NotificationFactory
from tests.coalition.notifications.helpers import outbox_rows


async def notes(
    tenant_id: int,
    person_id: int,
    count: int = 1,
    *,
    kind: str = "shift.cancelled",
    params: dict[str, Any] | None = None,
) -> list[int]:
    """``count`` unread notices, oldest first: by default cancelled shifts of 巡逻0,
    巡逻1, ..."""
    ids = []
    for i in range(count):
        values = params or {"need": f"巡逻{i}", "starts": "2026-06-02 09:00", "reason": ""}
        row = await NotificationFactory.create(
            tenant=tenant_id,
            person=person_id,
            kind=kind,
            params=json.dumps(values, ensure_ascii=False),
        )
        ids.append(row.id)
    return ids


async def deliver_pending(tenant_id: int) -> list[delivery.Outcome]:
    """Run the delivery job's body once for every pending outbox row of the tenant."""
    now = datetime.now(UTC)
    return [
        await delivery.deliver(tenant_id, row["id"], now=now)
        for row in await outbox_rows(tenant_id)
        if row["status"] == "pending"
    ]


async def give_address(tenant_id: int, person_id: int, address: str) -> None:
    """Put an e-mail address on record for the person."""
    async with TenantScope.system(tenant_id).write() as q:
        await q.update(Person, {Person.email: address}).where(Person.id == person_id)


def day_after_tomorrow() -> datetime:
    """A shift's start 30 hours from now: a sign-up made now gets its day-before reminder
    from the scan of :func:`remind_day_before`."""
    return datetime.now(UTC) + timedelta(hours=30)


async def remind_day_before(tenant_id: int) -> list[delivery.Outcome]:
    """The reminder scan seven hours from now (the day-before reminders of shifts starting
    30 hours from now are due), then every pending row delivered."""
    await reminders.scan_tenant(tenant_id, now=datetime.now(UTC) + timedelta(hours=7))
    return await deliver_pending(tenant_id)
