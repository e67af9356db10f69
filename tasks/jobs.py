"""The jobs: small functions that take ids, open the tenant scope themselves, and do one
thing. arq calls them with its ``ctx``; the embedded runner calls them the same way.

``ctx`` holds what the worker set up at start-up: ``mailer`` (or None without SMTP),
``lease`` (how long an e-mail claim holds), ``stale_after`` (when a handed-over outbox row
counts as lost), ``digest_hour`` and ``handoff`` (how outbox rows reach the queue).

Every job is idempotent: run twice, it does its work once (see coalition.notifications).
A delivery that must wait raises arq's ``Retry`` with the wait.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from arq import Retry

from coalition.imports.job import run_import as import_file
from coalition.notifications import delivery, digest, reminders
from coalition.notifications.outbox import IMPORT_REQUESTED, MATCHING_REQUESTED

log = logging.getLogger(__name__)

Ctx = dict[str, Any]


async def deliver_notification(ctx: Ctx, tenant_id: int, outbox_id: int) -> dict[str, int]:
    """Inbox entries and e-mails of one outbox row, each once."""
    outcome = await delivery.deliver(
        tenant_id,
        outbox_id,
        mailer=ctx.get("mailer"),
        lease=ctx.get("lease", delivery.DEFAULT_LEASE),
    )
    if not outcome.done:
        raise Retry(defer=outcome.retry_in or delivery.FIRST_BACKOFF)
    return {"notified": outcome.notified, "emailed": outcome.emailed}


async def run_import(ctx: Ctx, tenant_id: int, outbox_id: int) -> dict[str, Any] | None:
    """Validate and import a roster file (progress stored as it goes)."""
    result = await import_file(tenant_id, outbox_id)
    return None if result is None else {"import_id": result.id, "status": result.status}


async def run_matching(ctx: Ctx, tenant_id: int, outbox_id: int) -> dict[str, Any] | None:
    """A batch matching run: the proposal is stored with the run."""
    from coalition.notifications.runs import run_matching as propose

    result = await propose(tenant_id, outbox_id)
    return None if result is None else {"status": result.status, "proposal": result.proposal_id}


async def scan_reminders(ctx: Ctx) -> int:
    """Cron: write the reminders due now (24 h and 2 h before shifts)."""
    result = await reminders.scan_all()
    return result.written


async def send_digests(ctx: Ctx) -> int:
    """Cron: write today's coordinator digests where the tenant's digest hour has come."""
    written = 0
    for tenant_id in await reminders.tenant_ids():
        written += await digest.digest_tenant(
            tenant_id, hour=ctx.get("digest_hour", digest.DEFAULT_HOUR)
        )
    return written


async def reconcile_outbox(ctx: Ctx) -> int:
    """Cron: hand over outbox rows never handed over, and again those the queue lost."""
    from tasks.dispatch import reconcile

    stale_after = ctx.get("stale_after", timedelta(minutes=5))
    return (await reconcile(ctx["handoff"], stale_after=stale_after)).handed


Job = Callable[..., Awaitable[Any]]

#: The job of each kind of outbox row (notifications otherwise).
ROUTES: dict[str, str] = {IMPORT_REQUESTED: "run_import", MATCHING_REQUESTED: "run_matching"}
JOBS: dict[str, Job] = {
    "deliver_notification": deliver_notification,
    "run_import": run_import,
    "run_matching": run_matching,
}


def job_for(topic: str) -> str:
    return ROUTES.get(topic, "deliver_notification")
