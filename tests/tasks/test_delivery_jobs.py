"""Notifications through Redis and a real SMTP server: at least once, never twice,
nothing lost."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

from arq.connections import create_pool

from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput, NeedInput
from coalition.needs.services import post_need
from coalition.notifications.mail import message_id
from coalition.shifts import invitations, signups
from coalition.shifts.schemas import InvitationInput
from coalition.tenancy import Role
from tasks import runtime
from tasks.dispatch import ArqHandoff, reconcile, redis_settings
from tasks.jobs import deliver_notification
from tests.coalition.notifications.helpers import NOW, World, later, outbox_rows, person, world
from tests.tasks.conftest import SmtpServer
from tests.tasks.helpers import (
    burst_worker,
    mailer,
    settings,
    start_worker,
    stop,
    wait_until_done,
)


async def _invitation(w: World, email: str = "wangfang@example.cn") -> tuple[int, int]:
    """An invitation to a volunteer with an e-mail address: (outbox row, their person)."""
    shift = await w.shift(later(days=30))
    me, _ = await w.volunteer(email=email)
    await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=me.id), now=NOW
    )
    (row,) = await outbox_rows(w.tenant_id)
    return row["id"], me.person


async def test_a_job_run_twice_sends_one_email(tenant, redis_url, smtp: SmtpServer) -> None:
    w = await world(tenant.id)
    outbox_id, person_id = await _invitation(w)
    pool = await create_pool(redis_settings(redis_url))
    # arq may run a job twice: here it is queued twice under two job ids.
    await pool.enqueue_job("deliver_notification", tenant.id, outbox_id, _job_id="first")
    await pool.enqueue_job("deliver_notification", tenant.id, outbox_id, _job_id="again")
    await pool.aclose()

    worker = await burst_worker(redis_url, smtp)

    assert worker.jobs_complete == 3  # both copies, and the reconciler's own hand-over
    expected = message_id(tenant.id, outbox_id, person_id, "notice@coalition.example.cn")
    assert smtp.mailbox.ids() == [expected]
    again = await deliver_notification({"mailer": mailer(smtp)}, tenant.id, outbox_id)
    assert again == {"notified": 0, "emailed": 0}
    assert len(smtp.mailbox.messages) == 1


async def test_a_worker_killed_mid_send_leads_to_one_email_after_a_new_worker_starts(
    tenant, redis_url, smtp: SmtpServer, database_path: Path, tmp_path: Path
) -> None:
    w = await world(tenant.id)
    outbox_id, person_id = await _invitation(w)
    smtp.mailbox.hold_first = True
    env = {"COALITION_DELIVERY_LEASE_SECONDS": "1", "COALITION_OUTBOX_STALE_MINUTES": "0"}
    log = tmp_path / "workers.log"

    first = start_worker(database_path, redis_url, smtp, log, **env)
    try:
        arrived = await asyncio.to_thread(smtp.mailbox.arrived.wait, 20)
        assert arrived, log.read_text()
        first.send_signal(signal.SIGKILL)  # in the middle of the send
        first.wait(timeout=10)
    finally:
        stop(first)
    smtp.mailbox.release.set()
    assert smtp.mailbox.messages == []

    second = start_worker(database_path, redis_url, smtp, log, **env)
    try:
        status = await wait_until_done(tenant.id, outbox_id)
    finally:
        stop(second)

    assert status == "done", log.read_text()
    expected = message_id(tenant.id, outbox_id, person_id, "notice@coalition.example.cn")
    assert smtp.mailbox.ids() == [expected]
    assert smtp.mailbox.attempts == 2


async def test_with_redis_down_requests_succeed_and_notices_arrive_once_it_is_back(
    tenant, redis_url, smtp: SmtpServer, tmp_path: Path
) -> None:
    w = await world(tenant.id)
    await person(tenant.id, Role.GRID_WORKER)
    down = settings(tmp_path, smtp, redis_url="redis://127.0.0.1:6390/0")  # nothing listens
    assert await runtime.start(down) == "redis"
    try:
        started = time.monotonic()
        need = await post_need(
            w.staff,
            NeedInput(title="清理楼道杂物", category="sanitation", grid_id=w.grid),
            now=NOW,
        )
        await dispatch_need(
            w.staff, need.id, DispatchInput(kind="organisation", organisation_id=w.org), now=NOW
        )
        shift = await w.shift(later(days=30))
        _, volunteer = await w.volunteer(email="volunteer@example.cn")
        await signups.sign_up(volunteer, shift.id, now=NOW)
        assert time.monotonic() - started < 3  # nobody waited for Redis
        dispatcher = runtime.dispatcher()
        assert dispatcher is not None
        await dispatcher.drain()  # the hand-overs failed and were left to the reconciler
    finally:
        await runtime.stop()
    rows = await outbox_rows(tenant.id)
    assert [(r["topic"], r["enqueued_at"]) for r in rows] == [
        ("need.dispatched", None),
        ("signup.confirmed", None),
    ]
    assert smtp.mailbox.messages == []

    await burst_worker(redis_url, smtp)  # Redis is back: a worker starts

    assert sorted(parseaddr(m["To"])[1] for m in smtp.mailbox.messages) == [
        "coordinator@example.cn",
        "volunteer@example.cn",
    ]
    assert {r["status"] for r in await outbox_rows(tenant.id)} == {"done"}


async def test_the_reconciler_hands_over_again_what_redis_lost(
    tenant, redis_url, smtp: SmtpServer
) -> None:
    w = await world(tenant.id)
    await _invitation(w)
    pool = await create_pool(redis_settings(redis_url))
    handoff = ArqHandoff(pool)
    await reconcile(handoff, stale_after=timedelta(minutes=5))
    await pool.flushdb()  # Redis lost its jobs (a restart without persistence)

    await reconcile(handoff, stale_after=timedelta(minutes=5))
    assert await pool.zcard("arq:queue") == 0  # handed over recently: not yet counted lost
    await reconcile(handoff, stale_after=timedelta(0))
    await pool.aclose()
    await burst_worker(redis_url, smtp)

    (row,) = await outbox_rows(w.tenant_id)
    assert (row["status"], row["generation"]) == ("done", 1)
    assert len(smtp.mailbox.messages) == 1


async def test_with_redis_up_the_portals_dispatcher_enqueues_at_once(
    tenant, redis_url, smtp: SmtpServer, tmp_path: Path
) -> None:
    w = await world(tenant.id)
    assert await runtime.start(settings(tmp_path, smtp, redis_url=redis_url)) == "redis"
    try:
        outbox_id, _ = await _invitation(w)
        dispatcher = runtime.dispatcher()
        assert dispatcher is not None
        await dispatcher.drain()
    finally:
        await runtime.stop()
    pool = await create_pool(redis_settings(redis_url))
    queued = [j.job_id for j in await pool.queued_jobs()]
    await pool.aclose()

    assert queued == [f"outbox:{tenant.id}:{outbox_id}:0"]
    (row,) = await outbox_rows(tenant.id)
    assert row["enqueued_at"] is not None
