"""Without Redis the portal process runs the jobs itself: `make run` needs nothing else."""

from __future__ import annotations

import asyncio
from pathlib import Path

from coalition.actors.tables import Membership
from coalition.imports.schemas import ImportRequest
from coalition.imports.services import get_import, request_import
from coalition.notifications.services import list_notifications
from coalition.shifts import signups
from coalition.tenancy import Role, TenantScope
from tasks import runtime
from tasks.worker import WorkerSettings
from tests.coalition.notifications.helpers import NOW, later, outbox_rows, person, world
from tests.tasks.conftest import SmtpServer
from tests.tasks.helpers import settings


async def test_without_redis_notices_reach_inbox_and_mailbox_from_the_portal_process(
    tenant, smtp: SmtpServer, tmp_path: Path
) -> None:
    w = await world(tenant.id)
    assert await runtime.start(settings(tmp_path, smtp)) == "embedded"
    try:
        runner = runtime.runner()
        assert runner is not None
        shift = await w.shift(later(days=30))
        _, scope = await w.volunteer(email="volunteer@example.cn")
        await signups.sign_up(scope, shift.id, now=NOW)
        await runner.idle()
    finally:
        await runtime.stop()

    (message,) = smtp.mailbox.messages
    assert "volunteer@example.cn" in message["To"]
    page = await list_notifications(scope)
    assert (page.unread, [n.kind for n in page.items]) == (1, ["signup.confirmed"])
    assert [r["status"] for r in await outbox_rows(tenant.id)] == ["done"]


async def test_the_embedded_runner_takes_over_what_was_left_pending_and_runs_imports(
    tenant, smtp: SmtpServer, tmp_path: Path
) -> None:
    w = await world(tenant.id)
    shift = await w.shift(later(days=30))
    _, scope = await w.volunteer()
    await signups.sign_up(scope, shift.id, now=NOW)  # no runner yet: the row waits
    admin = await person(tenant.id, Role.TENANT_ADMIN)
    async with TenantScope.system(tenant.id).write() as q:  # the job reloads the roles
        await q.create(Membership, person=admin.actor.person_id, role=Role.TENANT_ADMIN)
    content = "名称,类型\n邻里守望志愿队,社会团体\n".encode()

    assert await runtime.start(settings(tmp_path, smtp)) == "embedded"
    try:
        runner = runtime.runner()
        assert runner is not None
        requested = await request_import(
            admin, ImportRequest(kind="organisations", filename="组织.csv", content=content)
        )
        for _ in range(50):  # the start-up sweep runs beside the dispatcher
            await runner.idle()
            if {r["status"] for r in await outbox_rows(tenant.id)} == {"done"}:
                break
            await asyncio.sleep(0.05)
    finally:
        await runtime.stop()

    assert {r["status"] for r in await outbox_rows(tenant.id)} == {"done"}
    assert (await get_import(admin, requested.id)).status == "done"
    assert [n.kind for n in (await list_notifications(scope)).items] == ["signup.confirmed"]


async def test_with_embedded_jobs_off_nothing_runs_in_the_portal(tenant, tmp_path: Path) -> None:
    assert await runtime.start(settings(tmp_path, embedded_jobs=False)) == "off"
    assert runtime.runner() is None and runtime.dispatcher() is None
    await runtime.stop()


def test_workers_run_every_job_an_outbox_row_can_ask_for_and_the_cron_jobs() -> None:
    names = {f.name for f in WorkerSettings.functions}
    crons = {c.name: (c.minute, c.second) for c in WorkerSettings.cron_jobs}

    assert names == {"deliver_notification", "run_import", "run_matching"}
    assert crons["cron:reconcile_outbox"] == (None, {0})  # every minute
    assert crons["cron:scan_reminders"][0] == set(range(0, 60, 5))
