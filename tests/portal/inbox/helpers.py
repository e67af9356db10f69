"""Notifications for the inbox pages: written as rows, or caused through the library's
services and delivered by the delivery job's body."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from coalition.notifications import delivery
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
