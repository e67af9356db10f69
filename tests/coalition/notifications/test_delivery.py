"""Delivering an outbox row: each person's inbox entry and e-mail, each exactly once."""

from datetime import timedelta

import pytest

from coalition.actors.tables import Membership
from coalition.errors import NotFound
from coalition.hours.services import reject_hours, verify_hours
from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.notifications import delivery, outbox
from coalition.notifications.schemas import PreferencesInput
from coalition.notifications.services import set_preferences
from coalition.shifts import invitations, services, signups
from coalition.shifts.schemas import InvitationInput, ShiftChange
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    HoursRecordFactory,
    NeedFactory,
    PersonFactory,
    TenantFactory,
)
from tests.coalition.notifications.helpers import (
    NOW,
    REFUSED,
    Crash,
    Mailer,
    World,
    deliver_all,
    deliveries,
    inbox,
    later,
    outbox_rows,
    world,
)

LEASE = delivery.DEFAULT_LEASE


async def _invited(w: World, email: str = "wangfang@example.cn"):
    shift = await w.shift(later(days=2), place="村委会")
    me, scope = await w.volunteer(email=email)
    await invitations.invite(
        w.staff,
        InvitationInput(shift_id=shift.id, volunteer_id=me.id, message="周六缺两个人"),
        now=NOW,
    )
    (row,) = await outbox_rows(w.tenant_id)
    return me, scope, row["id"]


async def test_delivered_twice_an_invitation_reaches_inbox_and_mailbox_once(w: World) -> None:
    me, _, outbox_id = await _invited(w)
    mailer = Mailer()

    first = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW)
    second = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW)

    assert (first.done, first.notified, first.emailed) == (True, 1, 1)
    assert (second.done, second.notified, second.emailed) == (True, 0, 0)
    (message,) = mailer.sent
    assert message["Subject"] == "志愿服务邀请：帮独居老人王奶奶买菜"
    assert "wangfang@example.cn" in message["To"]
    assert message["Message-ID"] == (
        f"<coalition.{w.tenant_id}.{outbox_id}.{me.person}.email@coalition.example.cn>"
    )
    body = message.get_content()
    assert "留言：周六缺两个人" in body and "地点：村委会" in body
    assert "请登录平台接受或谢绝邀请。" in body  # an e-mail's own line
    (note,) = await inbox(w.tenant_id, me.person)
    assert (note["kind"], note["read_at"]) == ("invitation.sent", None)
    assert note["params"]["need"] == "帮独居老人王奶奶买菜"
    assert [(d["channel"], d["status"]) for d in await deliveries(w.tenant_id)] == [
        ("portal", "sent"),
        ("email", "sent"),
    ]
    assert (await outbox_rows(w.tenant_id))[0]["status"] == "done"


async def test_a_send_cut_off_by_a_crash_is_sent_once_after_the_claim_expires(w: World) -> None:
    me, _, outbox_id = await _invited(w)
    mailer = Mailer(fail=[Crash()])

    with pytest.raises(Crash):
        await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW)
    # Another run while the dead sender's claim holds: nothing is sent, try again later.
    held = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=later(seconds=10))
    assert (held.done, held.retry_in, mailer.sent) == (False, LEASE.total_seconds() - 10, [])

    after = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW + LEASE)
    again = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW + 2 * LEASE)

    assert (after.done, after.emailed, again.emailed) == (True, 1, 0)
    assert len(mailer.sent) == 1
    email = [d for d in await deliveries(w.tenant_id) if d["channel"] == "email"]
    assert [(d["status"], d["attempts"]) for d in email] == [("sent", 2)]
    assert len(await inbox(w.tenant_id, me.person)) == 1


async def test_a_failed_send_waits_and_is_retried_and_a_refused_one_is_not(w: World) -> None:
    _, _, outbox_id = await _invited(w)
    mailer = Mailer(fail=[OSError("connection refused")])

    failed = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW)
    assert (failed.done, failed.retry_in) == (False, delivery.FIRST_BACKOFF)
    (row,) = await outbox_rows(w.tenant_id)
    assert (row["status"], row["enqueued_at"]) == ("pending", later(seconds=30))
    # The reconciler leaves it to the queue until its retry is overdue.
    async with TenantScope.system(w.tenant_id).read() as q:
        soon = await outbox.pending(q, now=later(minutes=5), stale_after=timedelta(minutes=5))
        overdue = await outbox.pending(q, now=later(minutes=6), stale_after=timedelta(minutes=5))
    assert (soon, [r.outbox_id for r in overdue[1]]) == (([], []), [outbox_id])

    retried = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=later(minutes=1))
    assert (retried.done, retried.emailed) == (True, 1)

    shift = await w.shift(later(days=3))
    them, _ = await w.volunteer(email="nobody@example.cn")
    await invitations.invite(
        w.staff, InvitationInput(shift_id=shift.id, volunteer_id=them.id), now=NOW
    )
    refusing = Mailer(fail=[REFUSED])
    (outcome,) = await deliver_all(w.tenant_id, refusing)
    assert (outcome.done, refusing.sent) == (True, [])
    assert [d["status"] for d in await deliveries(w.tenant_id) if d["channel"] == "email"] == [
        "sent",
        "refused",
    ]


async def test_a_need_dispatched_to_an_organisation_reaches_its_coordinators_only(
    w: World,
) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.grid, state="open", title="清理楼道")
    bystander = await PersonFactory.create(tenant=w.tenant_id, email="other@example.cn")
    async with TenantScope.system(w.tenant_id).write() as q:
        await q.create(Membership, person=bystander.id, role=Role.VOLUNTEER)
    mailer = Mailer()

    await dispatch_need(
        w.staff, need.id, DispatchInput(kind="organisation", organisation_id=w.org), now=NOW
    )
    (outcome,) = await deliver_all(w.tenant_id, mailer)

    assert (outcome.notified, outcome.emailed) == (1, 1)
    (message,) = mailer.to("coordinator@example.cn")
    assert message["Subject"] == "新派单：清理楼道"
    assert "东村将需求“清理楼道”派给了阳光社工服务中心。" in message.get_content()
    assert await inbox(w.tenant_id, bystander.id) == []


async def test_texts_follow_the_tenants_language_and_a_persons_choice_overrides_it() -> None:
    w = await world((await TenantFactory.create(locale="en")).id)
    shift = await w.shift(later(days=2), headcount=1)
    _, english = await w.volunteer(email="en@example.cn")
    _, chinese = await w.volunteer(email="zh@example.cn")
    await set_preferences(chinese, PreferencesInput(locale="zh-Hans"))
    mailer = Mailer()

    await signups.sign_up(english, shift.id, now=NOW)
    await signups.sign_up(chinese, shift.id, now=NOW)
    await deliver_all(w.tenant_id, mailer)

    (confirmed,) = mailer.to("en@example.cn")
    assert confirmed["Subject"] == "You are signed up: 帮独居老人王奶奶买菜"
    assert confirmed.get_content().startswith("Dear ")
    (waiting,) = mailer.to("zh@example.cn")
    assert waiting["Subject"] == "已进入候补名单：帮独居老人王奶奶买菜"
    assert "您在候补名单第 1 位" in waiting.get_content()


async def test_no_email_without_an_address_or_for_a_person_who_turned_it_off(w: World) -> None:
    shift = await w.shift(later(days=2))
    me, scope = await w.volunteer(email="")
    quiet, quiet_scope = await w.volunteer(email="quiet@example.cn")
    await set_preferences(quiet_scope, PreferencesInput(email=False))
    mailer = Mailer()

    await signups.sign_up(scope, shift.id, now=NOW)
    await signups.sign_up(quiet_scope, shift.id, now=NOW)
    outcomes = await deliver_all(w.tenant_id, mailer)

    assert mailer.sent == []
    assert [o.notified for o in outcomes] == [1, 1]
    assert len(await inbox(w.tenant_id, me.person)) == len(await inbox(w.tenant_id, quiet.person))


async def test_without_a_mailer_the_inbox_still_receives_everything(w: World) -> None:
    _, _, outbox_id = await _invited(w)

    outcome = await delivery.deliver(w.tenant_id, outbox_id, mailer=None, now=NOW)

    assert (outcome.done, outcome.notified, outcome.emailed) == (True, 1, 0)
    assert [d["channel"] for d in await deliveries(w.tenant_id)] == ["portal"]


async def test_volunteers_hear_of_promotion_changes_and_cancellation(w: World) -> None:
    shift = await w.shift(later(days=2), headcount=1)
    first, first_scope = await w.volunteer()
    second, second_scope = await w.volunteer()
    await signups.sign_up(first_scope, shift.id, now=NOW)
    waiting = await signups.sign_up(second_scope, shift.id, now=NOW)
    await signups.cancel_signup(first_scope, waiting.id - 1, now=NOW)
    await services.change_shift(w.staff, shift.id, ShiftChange(place="党群服务中心"), now=NOW)
    await services.cancel_shift(w.staff, shift.id, reason="暴雨预警", now=NOW)

    await deliver_all(w.tenant_id)

    kinds = [n["kind"] for n in await inbox(w.tenant_id, second.person)]
    assert kinds == [
        "signup.waitlisted",
        "signup.promoted",
        "shift.changed",
        "shift.cancelled",
    ]
    cancelled = (await inbox(w.tenant_id, second.person))[-1]["params"]
    assert (cancelled["reason"], cancelled["place"]) == ("暴雨预警", "党群服务中心")
    assert [n["kind"] for n in await inbox(w.tenant_id, first.person)] == ["signup.confirmed"]


async def test_volunteers_hear_whether_their_hours_were_verified_or_rejected(w: World) -> None:
    me, _ = await w.volunteer(email="hours@example.cn")
    good = await HoursRecordFactory.create(
        tenant=w.tenant_id, volunteer=me, status="pending", minutes=150, community=w.village
    )
    bad = await HoursRecordFactory.create(
        tenant=w.tenant_id, volunteer=me, status="pending", minutes=60, community=w.village
    )
    mailer = Mailer()

    await verify_hours(w.staff, good.id, now=NOW)
    await reject_hours(w.staff, bad.id, reason="当天未签到", now=NOW)
    await deliver_all(w.tenant_id, mailer)

    assert [m["Subject"] for m in mailer.sent] == [
        "服务时长已确认：2.5 小时",
        "服务时长未通过：1.0 小时",
    ]
    assert "原因：当天未签到" in mailer.sent[1].get_content()


async def test_another_tenants_outbox_row_does_not_exist_here(w: World, other_tenant) -> None:
    _, _, outbox_id = await _invited(w)

    with pytest.raises(NotFound):
        await delivery.deliver(other_tenant.id, outbox_id, mailer=Mailer(), now=NOW)

    assert (await outbox_rows(w.tenant_id))[0]["attempts"] == 0


async def test_a_row_that_keeps_failing_is_given_up_after_its_attempts(w: World) -> None:
    _, _, outbox_id = await _invited(w)
    mailer = Mailer(fail=[OSError("down")] * (delivery.outbox.MAX_ATTEMPTS + 1))

    for n in range(delivery.outbox.MAX_ATTEMPTS + 1):
        await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=later(hours=2 * n))

    (row,) = await outbox_rows(w.tenant_id)
    assert (row["status"], row["attempts"]) == ("failed", delivery.outbox.MAX_ATTEMPTS)
    assert mailer.sent == []


def test_leases_outlast_the_smtp_timeout() -> None:
    assert timedelta(seconds=60) < delivery.DEFAULT_LEASE


async def test_a_channel_a_person_turned_off_stays_off_when_a_failed_email_is_retried(
    w: World,
) -> None:
    shift = await w.shift(later(days=2), headcount=4)
    muted, muted_scope = await w.volunteer(email="muted@example.cn")
    inbox_only, inbox_only_scope = await w.volunteer(email="inbox@example.cn")
    email_only, email_only_scope = await w.volunteer(email="mail@example.cn")
    both, both_scope = await w.volunteer(email="both@example.cn")
    for scope, channels in (
        (muted_scope, []),
        (inbox_only_scope, ["portal"]),
        (email_only_scope, ["email"]),
    ):
        await set_preferences(scope, PreferencesInput(channels={"signup.confirmed": channels}))
    for scope in (muted_scope, inbox_only_scope, email_only_scope, both_scope):
        await signups.sign_up(scope, shift.id, now=NOW)
    mailer = Mailer(fail=[OSError("down"), OSError("down")])  # the first two sends fail

    first = await deliver_all(w.tenant_id, mailer)
    after_first = await deliveries(w.tenant_id)
    retried = await deliver_all(w.tenant_id, mailer, now=later(minutes=1))  # still pending

    assert [(o.done, o.notified, o.emailed) for o in first] == [
        (True, 0, 0),
        (True, 1, 0),
        (False, 0, 0),
        (False, 1, 0),
    ]
    assert [(o.done, o.notified, o.emailed) for o in retried] == [(True, 0, 1), (True, 0, 1)]
    assert await inbox(w.tenant_id, muted.person) == []
    assert await inbox(w.tenant_id, email_only.person) == []
    for who in (inbox_only, both):
        assert [n["kind"] for n in await inbox(w.tenant_id, who.person)] == ["signup.confirmed"]
    assert len(mailer.sent) == 2
    assert len(mailer.to("mail@example.cn")) == 1
    assert len(mailer.to("both@example.cn")) == 1
    rows = [(d["person"], d["channel"]) for d in after_first]
    assert rows == [
        (inbox_only.person, "portal"),
        (email_only.person, "email"),
        (both.person, "portal"),
        (both.person, "email"),
    ]
    assert [(d["person"], d["channel"]) for d in await deliveries(w.tenant_id)] == rows
    assert [(d["status"], d["attempts"]) for d in await deliveries(w.tenant_id)] == [
        ("sent", 1),
        ("sent", 2),
        ("sent", 1),
        ("sent", 2),
    ]
    assert all(r["status"] == "done" for r in await outbox_rows(w.tenant_id))


async def test_a_cancelled_shift_reaches_the_inbox_even_of_a_person_who_wants_no_email(
    w: World,
) -> None:
    shift = await w.shift(later(days=2))
    quiet, quiet_scope = await w.volunteer(email="quiet@example.cn")
    inbox_only, inbox_only_scope = await w.volunteer(email="inbox@example.cn")
    by_inbox = {"shift.cancelled": ["portal"]}
    await signups.sign_up(quiet_scope, shift.id, now=NOW)
    await signups.sign_up(inbox_only_scope, shift.id, now=NOW)
    saved = await set_preferences(quiet_scope, PreferencesInput(email=False, channels=by_inbox))
    await set_preferences(inbox_only_scope, PreferencesInput(channels=by_inbox))
    mailer = Mailer()

    await services.cancel_shift(w.staff, shift.id, reason="暴雨预警", now=NOW)
    await deliver_all(w.tenant_id, mailer)

    assert (saved.email, saved.channels["shift.cancelled"]) == (False, ["portal"])
    for who in (quiet, inbox_only):
        assert [n["kind"] for n in await inbox(w.tenant_id, who.person)] == [
            "signup.confirmed",
            "shift.cancelled",
        ]
    assert mailer.to("quiet@example.cn") == []  # the master switch is off: no e-mail at all
    (confirmed,) = mailer.to("inbox@example.cn")  # the cancellation only in the inbox
    assert confirmed["Subject"] == "报名成功：帮独居老人王奶奶买菜"
    assert len(mailer.sent) == 1


async def test_a_coordinator_may_take_dispatches_by_inbox_only(w: World) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.grid, state="open", title="清理楼道")
    await set_preferences(w.coordinator, PreferencesInput(channels={"need.dispatched": ["portal"]}))
    mailer = Mailer()

    await dispatch_need(
        w.staff, need.id, DispatchInput(kind="organisation", organisation_id=w.org), now=NOW
    )
    (outcome,) = await deliver_all(w.tenant_id, mailer)

    assert (outcome.notified, outcome.emailed, mailer.sent) == (1, 0, [])
    coordinator = w.coordinator.actor.person_id
    assert coordinator is not None
    (note,) = await inbox(w.tenant_id, coordinator)
    assert note["kind"] == "need.dispatched"


async def test_what_a_person_without_an_address_wants_by_email_comes_to_their_inbox(
    w: World,
) -> None:
    shift = await w.shift(later(days=2), headcount=4)
    by_email, by_email_scope = await w.volunteer(email="")
    muted, muted_scope = await w.volunteer(email="")
    await set_preferences(
        by_email_scope, PreferencesInput(channels={"signup.confirmed": ["email"]})
    )
    await set_preferences(muted_scope, PreferencesInput(channels={"signup.confirmed": []}))
    mailer = Mailer()

    await signups.sign_up(by_email_scope, shift.id, now=NOW)
    await signups.sign_up(muted_scope, shift.id, now=NOW)
    outcomes = await deliver_all(w.tenant_id, mailer)

    assert [(o.done, o.notified, o.emailed) for o in outcomes] == [(True, 1, 0), (True, 0, 0)]
    assert [n["kind"] for n in await inbox(w.tenant_id, by_email.person)] == ["signup.confirmed"]
    assert await inbox(w.tenant_id, muted.person) == []  # off on both channels: stays off
    assert mailer.sent == []
    assert [(d["person"], d["channel"]) for d in await deliveries(w.tenant_id)] == [
        (by_email.person, "portal")
    ]


async def test_what_a_person_who_turned_email_off_wants_by_email_comes_to_their_inbox(
    w: World,
) -> None:
    me, scope, outbox_id = await _invited(w, email="quiet@example.cn")
    await set_preferences(
        scope, PreferencesInput(email=False, channels={"invitation.sent": ["email"]})
    )
    mailer = Mailer()

    outcome = await delivery.deliver(w.tenant_id, outbox_id, mailer=mailer, now=NOW)

    assert (outcome.done, outcome.notified, outcome.emailed) == (True, 1, 0)
    (note,) = await inbox(w.tenant_id, me.person)
    assert note["kind"] == "invitation.sent"
    assert mailer.sent == []
    assert [d["channel"] for d in await deliveries(w.tenant_id)] == ["portal"]


async def test_delivery_follows_the_choices_of_the_moment_of_delivery_not_of_the_change(
    w: World,
) -> None:
    me, scope, first = await _invited(w, email="wangfang@example.cn")
    # Chosen after the invitation was sent, before it was delivered: e-mail only.
    await set_preferences(scope, PreferencesInput(channels={"invitation.sent": ["email"]}))
    mailer = Mailer()
    by_email = await delivery.deliver(w.tenant_id, first, mailer=mailer, now=NOW)
    later_shift = await w.shift(later(days=3))
    await invitations.invite(
        w.staff, InvitationInput(shift_id=later_shift.id, volunteer_id=me.id), now=NOW
    )
    (second,) = [r["id"] for r in await outbox_rows(w.tenant_id) if r["status"] == "pending"]
    # Then e-mail turned off before the second invitation is delivered.
    await set_preferences(
        scope, PreferencesInput(email=False, channels={"invitation.sent": ["email"]})
    )

    in_inbox = await delivery.deliver(w.tenant_id, second, mailer=mailer, now=NOW)

    assert (by_email.notified, by_email.emailed) == (0, 1)
    assert (in_inbox.notified, in_inbox.emailed) == (1, 0)
    assert len(mailer.to("wangfang@example.cn")) == 1
    assert [n["outbox"] for n in await inbox(w.tenant_id, me.person)] == [second]
    assert [(d["outbox"], d["channel"]) for d in await deliveries(w.tenant_id)] == [
        (first, "email"),
        (second, "portal"),
    ]


async def test_a_person_who_never_chose_anything_gets_the_inbox_and_email_if_they_can(
    w: World,
) -> None:
    shift = await w.shift(later(days=2), headcount=4)
    without, without_scope = await w.volunteer(email="")
    with_address, with_address_scope = await w.volunteer(email="li@example.cn")
    mailer = Mailer()

    await signups.sign_up(without_scope, shift.id, now=NOW)
    await signups.sign_up(with_address_scope, shift.id, now=NOW)
    outcomes = await deliver_all(w.tenant_id, mailer)

    assert [(o.notified, o.emailed) for o in outcomes] == [(1, 0), (1, 1)]
    assert len(await inbox(w.tenant_id, without.person)) == 1
    assert len(await inbox(w.tenant_id, with_address.person)) == 1
    (message,) = mailer.sent
    assert "li@example.cn" in message["To"]
    assert [(d["person"], d["channel"]) for d in await deliveries(w.tenant_id)] == [
        (without.person, "portal"),
        (with_address.person, "portal"),
        (with_address.person, "email"),
    ]
