"""The intent to notify is written with the change that causes it, in one transaction."""

from datetime import timedelta

import pytest

from coalition import events
from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.notifications import outbox
from coalition.notifications.outbox import Entry, Ref
from coalition.shifts import invitations, signups
from coalition.shifts.schemas import InvitationInput
from coalition.tenancy import TenantScope
from coalition.testing.factories import NeedFactory
from tests.coalition.notifications.helpers import NOW, World, later, outbox_rows


async def test_an_invitation_writes_its_outbox_row_with_the_invitation(w: World) -> None:
    shift = await w.shift(later(days=2))
    me, _ = await w.volunteer()

    sent = await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=me.id), now=NOW
    )

    (row,) = await outbox_rows(w.tenant_id)
    assert (row["topic"], row["status"], row["enqueued_at"]) == ("invitation.sent", "pending", None)
    assert row["data"]["invitation_id"] == sent.id
    assert row["data"]["person_id"] == me.person
    assert row["data"]["actor_person_id"] == w.staff.actor.person_id


async def test_a_change_that_rolls_back_leaves_no_intent_to_notify(w: World) -> None:
    with pytest.raises(RuntimeError):
        async with TenantScope.system(w.tenant_id).write() as q:
            await events.emit(q, events.SIGNUP_PROMOTED, {"person_id": 1}, actor=None)
            raise RuntimeError("the change fails after the event")

    assert await outbox_rows(w.tenant_id) == []


async def test_a_sign_up_writes_one_row_and_a_refused_one_writes_none(w: World) -> None:
    shift = await w.shift(later(days=2), headcount=1)
    _, scope = await w.volunteer()
    await signups.sign_up(scope, shift.id, now=NOW)

    with pytest.raises(Exception, match="already"):
        await signups.sign_up(scope, shift.id, now=NOW)

    assert [r["topic"] for r in await outbox_rows(w.tenant_id)] == ["signup.confirmed"]


async def test_only_a_dispatch_to_a_member_writes_a_row_not_one_to_the_pool(w: World) -> None:
    to_pool = await NeedFactory.create(tenant=w.tenant_id, grid=w.grid, state="open")
    to_org = await NeedFactory.create(tenant=w.tenant_id, grid=w.grid, state="open")

    await dispatch_need(w.staff, to_pool.id, DispatchInput(kind="pool"), now=NOW)
    await dispatch_need(
        w.staff, to_org.id, DispatchInput(kind="organisation", organisation_id=w.org), now=NOW
    )

    (row,) = await outbox_rows(w.tenant_id)
    assert (row["topic"], row["data"]["need_id"]) == ("need.dispatched", to_org.id)


async def test_after_commit_the_dispatchers_hear_which_rows_were_written(w: World) -> None:
    heard: list[events.Event] = []

    async def listener(event: events.Event) -> None:
        heard.append(event)

    events.subscribe(outbox.OUTBOX_WRITTEN, listener)
    try:
        shift = await w.shift(later(days=2))
        _, scope = await w.volunteer()
        await signups.sign_up(scope, shift.id, now=NOW)
    finally:
        events.unsubscribe(outbox.OUTBOX_WRITTEN, listener)

    (row,) = await outbox_rows(w.tenant_id)
    assert [(e.tenant_id, e.data["outbox_ids"]) for e in heard] == [(w.tenant_id, [row["id"]])]


async def test_an_entry_with_a_known_dedupe_key_is_written_once(w: World) -> None:
    scope = TenantScope.system(w.tenant_id)
    entry = Entry("reminder.2h", {"signup_id": 1}, "reminder.2h:1:100")
    for _ in range(2):
        async with scope.write() as q:
            await outbox.write_once(q, [entry, Entry("digest.daily", {"person_id": 1})])

    assert [r["topic"] for r in await outbox_rows(w.tenant_id)] == [
        "reminder.2h",
        "digest.daily",
        "digest.daily",
    ]


async def test_rows_are_handed_over_once_and_again_with_a_new_job_id_when_stale(
    w: World, other_tenant
) -> None:
    scope = TenantScope.system(w.tenant_id)
    async with scope.write() as q:
        first, second = await outbox.write(q, [Entry("digest.daily", {}), Entry("x", {})])
    async with TenantScope.system(other_tenant.id).write() as q:
        await outbox.write(q, [Entry("digest.daily", {})])
    stale = timedelta(minutes=5)

    async with scope.read() as q:
        fresh, old = await outbox.pending(q, now=NOW, stale_after=stale)
    assert ([r.outbox_id for r in fresh], old) == ([first, second], [])
    assert outbox.job_id(fresh[0]) == f"outbox:{w.tenant_id}:{first}:0"

    async with scope.write() as q:
        await outbox.mark_enqueued(q, fresh, now=NOW)
        await outbox.mark_done(q, second, now=NOW)
    async with scope.read() as q:
        assert await outbox.pending(q, now=later(minutes=4), stale_after=stale) == ([], [])
        fresh, old = await outbox.pending(q, now=later(minutes=6), stale_after=stale)
    assert (fresh, old) == ([], [Ref(w.tenant_id, first, "digest.daily", 1)])
    assert outbox.job_id(old[0]).endswith(f":{first}:1")

    async with scope.write() as q:
        await outbox.mark_enqueued(q, old, now=later(minutes=6))
    (row, _) = await outbox_rows(w.tenant_id)
    assert (row["generation"], row["enqueued_at"]) == (1, later(minutes=6))
