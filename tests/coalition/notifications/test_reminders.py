"""Reminders 24 hours and 2 hours before each shift, each sent once."""

from datetime import timedelta

import pytest

from coalition.notifications.reminders import due_reminder, scan_all, scan_tenant
from coalition.shifts import services, signups
from coalition.shifts.schemas import ShiftChange
from tests.coalition.notifications.helpers import (
    NOW,
    Mailer,
    World,
    deliver_all,
    inbox,
    later,
    outbox_rows,
    world,
)

H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("hours_before", "confirmed_hours_before", "due"),
    [
        (30, 40, None),  # too early
        (24, 40, "reminder.24h"),
        (3, 40, "reminder.24h"),
        (2, 40, "reminder.2h"),
        (0.5, 40, "reminder.2h"),
        (20, 21, None),  # signed up after the 24-hour mark: no 24-hour reminder
        (1, 21, "reminder.2h"),
        (1, 1.5, None),  # signed up in the last two hours: no reminder at all
        (0, 40, None),  # started
    ],
)
def test_which_reminder_is_due(hours_before, confirmed_hours_before, due) -> None:
    starts = NOW + 100 * H
    now = starts - hours_before * H
    assert due_reminder(starts, starts - confirmed_hours_before * H, now) == due


async def test_each_reminder_is_written_once_however_often_the_scan_runs(w: World) -> None:
    shift = await w.shift(later(hours=30))
    me, scope = await w.volunteer(email="me@example.cn")
    await signups.sign_up(scope, shift.id, now=NOW)

    assert await scan_tenant(w.tenant_id, now=NOW) == 0
    assert await scan_tenant(w.tenant_id, now=later(hours=6, minutes=1)) == 1
    assert await scan_tenant(w.tenant_id, now=later(hours=6, minutes=6)) == 0
    assert await scan_tenant(w.tenant_id, now=later(hours=28, minutes=1)) == 1
    assert await scan_tenant(w.tenant_id, now=later(hours=29)) == 0
    assert await scan_tenant(w.tenant_id, now=later(hours=31)) == 0
    mailer = Mailer()
    await deliver_all(w.tenant_id, mailer, now=later(hours=29))

    kinds = [n["kind"] for n in await inbox(w.tenant_id, me.person)]
    assert kinds == ["signup.confirmed", "reminder.24h", "reminder.2h"]
    assert [m["Subject"] for m in mailer.sent][1:] == [
        "明天的志愿服务提醒：帮独居老人王奶奶买菜",
        "志愿服务两小时后开始：帮独居老人王奶奶买菜",
    ]
    assert "将于 2026-06-02 14:00 开始" in mailer.sent[2].get_content()  # Shanghai time


async def test_a_volunteer_who_signed_up_late_gets_only_the_two_hour_reminder(w: World) -> None:
    shift = await w.shift(later(hours=30))
    _, scope = await w.volunteer()
    await signups.sign_up(scope, shift.id, now=later(hours=10))

    assert await scan_tenant(w.tenant_id, now=later(hours=10, minutes=5)) == 0
    assert await scan_tenant(w.tenant_id, now=later(hours=28, minutes=5)) == 1
    assert [r["topic"] for r in await outbox_rows(w.tenant_id)][-1] == "reminder.2h"


async def test_a_moved_shift_is_reminded_of_at_its_new_time_and_not_the_old_one(
    w: World,
) -> None:
    shift = await w.shift(later(hours=30))
    me, scope = await w.volunteer()
    await signups.sign_up(scope, shift.id, now=NOW)
    await scan_tenant(w.tenant_id, now=later(hours=7))  # the 24-hour reminder, not sent yet

    await services.change_shift(
        w.staff,
        shift.id,
        ShiftChange(starts_at=later(hours=40), ends_at=later(hours=42)),
        now=later(hours=7, minutes=30),
    )
    assert await scan_tenant(w.tenant_id, now=later(hours=8)) == 0
    assert await scan_tenant(w.tenant_id, now=later(hours=16, minutes=1)) == 1
    await deliver_all(w.tenant_id, now=later(hours=16, minutes=2))

    reminders = [n for n in await inbox(w.tenant_id, me.person) if n["kind"] == "reminder.24h"]
    assert [n["params"]["starts"] for n in reminders] == ["2026-06-03 00:00"]  # Shanghai


async def test_no_reminder_reaches_a_volunteer_who_cancelled_or_a_cancelled_shift(
    w: World,
) -> None:
    shift = await w.shift(later(hours=30))
    other = await w.shift(later(hours=30, minutes=30))
    me, scope = await w.volunteer()
    signup = await signups.sign_up(scope, shift.id, now=NOW)
    them, their_scope = await w.volunteer()
    await signups.sign_up(their_scope, other.id, now=NOW)
    assert await scan_tenant(w.tenant_id, now=later(hours=7)) == 2

    await signups.cancel_signup(scope, signup.id, now=later(hours=8))
    await services.cancel_shift(w.staff, other.id, reason="", now=later(hours=8))
    await deliver_all(w.tenant_id, now=later(hours=9))

    assert [n["kind"] for n in await inbox(w.tenant_id, me.person)] == ["signup.confirmed"]
    assert [n["kind"] for n in await inbox(w.tenant_id, them.person)] == [
        "signup.confirmed",
        "shift.cancelled",
    ]
    assert await scan_tenant(w.tenant_id, now=later(hours=29)) == 0


async def test_the_scan_of_every_tenant_writes_each_tenants_reminders_in_its_own_outbox(
    w: World, other_tenant
) -> None:
    theirs = await world(other_tenant.id)
    for each in (w, theirs):
        _, scope = await each.volunteer()
        await signups.sign_up(scope, (await each.shift(later(hours=30))).id, now=NOW)

    alone = await scan_tenant(w.tenant_id, now=later(hours=7))
    assert (alone, await outbox_rows(other_tenant.id, "reminder.24h")) == (1, [])
    result = await scan_all(now=later(hours=7))

    assert result.written >= 1 and result.tenants >= 2
    (mine,) = await outbox_rows(w.tenant_id, "reminder.24h")
    (their,) = await outbox_rows(other_tenant.id, "reminder.24h")
    assert mine["data"]["person_id"] != their["data"]["person_id"]
