"""Each person's inbox in the portal: newest first, an unread count, read flags."""

import pytest

from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.notifications.messages import TEMPLATES
from coalition.notifications.schemas import (
    ALWAYS_IN_INBOX,
    KINDS,
    PreferencesInput,
    channels_for,
    reached,
)
from coalition.notifications.services import (
    get_notification,
    get_preferences,
    list_notifications,
    mark_all_read,
    mark_read,
    set_preferences,
    unread_count,
)
from coalition.notifications.services import (
    unread_count as count,
)
from coalition.tenancy import TenantScope
from coalition.tenancy.scope import MAX_ID
from coalition.testing.factories import NotificationFactory, TenantFactory
from tests.coalition.notifications.helpers import NOW, World, person


async def _notes(scope: TenantScope, n: int) -> list[int]:
    ids = []
    for i in range(n):
        row = await NotificationFactory.create(
            tenant=scope.tenant_id,
            person=scope.actor.person_id,
            kind="shift.cancelled",
            params=f'{{"need": "巡逻{i}", "starts": "2026-06-0{i + 1} 09:00", "reason": ""}}',
        )
        ids.append(row.id)
    return ids


async def test_the_inbox_lists_newest_first_in_the_readers_language_with_unread_count(
    w: World,
) -> None:
    me = await person(w.tenant_id)
    first, second = await _notes(me, 2)

    page = await list_notifications(me)

    assert [n.id for n in page.items] == [second, first]
    assert page.unread == 2 and page.next_before_id is None
    newest = page.items[0]
    assert (newest.title, newest.read) == ("服务时段已取消：巡逻1", False)
    assert newest.body == "您报名的“巡逻1”（2026-06-02 09:00）服务时段已取消。"
    english = await list_notifications(me, locale="en")
    assert english.items[0].title == "Your shift is cancelled: 巡逻1"


async def test_reading_a_notice_lowers_the_unread_count_once(w: World) -> None:
    me = await person(w.tenant_id)
    first, second, third = await _notes(me, 3)

    await mark_read(me, second, now=NOW)
    await mark_read(me, second, now=NOW)

    assert await unread_count(me) == 2
    unread = await list_notifications(me, unread_only=True)
    assert [n.id for n in unread.items] == [third, first]
    assert await mark_all_read(me, now=NOW) == 2
    assert await count(me) == 0
    assert all(n.read for n in (await list_notifications(me)).items)


async def test_pages_go_back_in_time(w: World) -> None:
    me = await person(w.tenant_id)
    ids = await _notes(me, 5)

    first = await list_notifications(me, limit=2)
    second = await list_notifications(me, limit=2, before_id=first.next_before_id)
    last = await list_notifications(me, limit=2, before_id=second.next_before_id)

    assert [n.id for p in (first, second, last) for n in p.items] == ids[::-1]
    assert last.next_before_id is None
    with pytest.raises(InvalidInput):
        await list_notifications(me, limit=500)


@pytest.mark.parametrize("before_id", [10**30, 2**63, MAX_ID + 1, 0, -1])
async def test_a_page_before_an_id_no_notice_can_have_is_refused(w: World, before_id: int) -> None:
    me = await person(w.tenant_id)
    ids = await _notes(me, 2)

    with pytest.raises(InvalidInput) as error:
        await list_notifications(me, before_id=before_id)

    assert error.value.fields["before_id"].code == "out_of_range"
    newest = await list_notifications(me, before_id=MAX_ID)  # the largest id there can be
    assert [n.id for n in newest.items] == ids[::-1]


async def test_an_id_no_notice_can_have_is_not_found_when_opened_or_read(w: World) -> None:
    me = await person(w.tenant_id)
    await _notes(me, 1)

    for wanted in (10**30, 2**63, MAX_ID + 1, -1):
        with pytest.raises(NotFound):
            await get_notification(me, wanted)
        with pytest.raises(NotFound):
            await mark_read(me, wanted, now=NOW)

    assert await unread_count(me) == 1


async def test_nobody_sees_or_marks_anothers_notices_not_even_in_another_tenant(
    w: World, other_tenant
) -> None:
    me, neighbour = await person(w.tenant_id), await person(w.tenant_id)
    (mine,) = await _notes(me, 1)
    elsewhere = await person(other_tenant.id)
    (theirs,) = await _notes(elsewhere, 1)

    with pytest.raises(NotFound):
        await mark_read(neighbour, mine, now=NOW)
    with pytest.raises(NotFound):
        await mark_read(me, theirs, now=NOW)
    assert (await list_notifications(neighbour)).items == []
    assert await unread_count(me) == 1
    assert await mark_all_read(neighbour, now=NOW) == 0
    assert await unread_count(me) == 1
    with pytest.raises(PermissionDenied):
        await unread_count(TenantScope.system(w.tenant_id))


async def test_a_person_chooses_the_language_and_what_reaches_them_by_email() -> None:
    tenant = await TenantFactory.create(locale="en")
    me = await person(tenant.id, email=" me@example.cn ")

    before = await get_preferences(me)
    after = await set_preferences(me, PreferencesInput(locale="zh-Hans", email=False))
    back = await set_preferences(me, PreferencesInput(locale=None, digest=False))

    assert (before.locale, before.effective_locale, before.email, before.digest) == (
        None,
        "en",
        True,
        True,
    )
    assert (before.address, before.email_reaches) == ("me@example.cn", True)
    assert before.channels == {kind: ["portal", "email"] for kind in KINDS}
    assert (after.locale, after.effective_locale, after.email) == ("zh-Hans", "zh-Hans", False)
    assert not after.email_reaches
    assert (back.locale, back.effective_locale, back.email, back.digest) == (
        None,
        "en",
        True,
        False,
    )
    with pytest.raises(InvalidInput) as error:
        await set_preferences(me, PreferencesInput(locale="fr"))
    assert error.value.fields["locale"].code == "invalid_choice"


async def test_a_person_chooses_the_channels_of_each_kind_of_notice(w: World) -> None:
    me = await person(w.tenant_id)

    chosen = await set_preferences(
        me,
        PreferencesInput(
            channels={
                "reminder.24h": [],
                "hours.verified": ["email", "portal"],
                "signup.confirmed": ["portal"],
                "shift.cancelled": ["portal"],
            }
        ),
    )

    assert chosen.channels["reminder.24h"] == []
    assert chosen.channels["hours.verified"] == ["portal", "email"]
    assert chosen.channels["signup.confirmed"] == ["portal"]
    assert chosen.channels["shift.cancelled"] == ["portal"]
    assert chosen.channels["reminder.2h"] == ["portal", "email"]  # left out: both
    assert (await get_preferences(me)).channels == chosen.channels
    reset = await set_preferences(me, PreferencesInput())
    assert reset.channels == {kind: ["portal", "email"] for kind in KINDS}


@pytest.mark.parametrize(
    ("channels", "code"),
    [
        ({"party.joined": ["portal"]}, "notifications.unknown_kind"),
        ({"hours.verified": ["sms"]}, "notifications.unknown_channel"),
        ({"shift.cancelled": ["email"]}, "notifications.inbox_required"),
        ({"need.dispatched": []}, "notifications.inbox_required"),
    ],
)
async def test_unknown_kinds_and_channels_or_a_required_inbox_turned_off_save_nothing(
    w: World, channels: dict[str, list[str]], code: str
) -> None:
    me = await person(w.tenant_id)
    await set_preferences(me, PreferencesInput(locale="en", channels={"reminder.2h": []}))

    with pytest.raises(InvalidInput) as error:
        await set_preferences(me, PreferencesInput(locale="zh-Hans", channels=channels))

    assert error.value.fields["channels"].code == code
    kept = await get_preferences(me)
    assert (kept.locale, kept.channels["reminder.2h"]) == ("en", [])


def test_every_kind_of_notice_has_its_texts_and_only_the_digest_is_not_chosen_per_kind() -> None:
    for texts in TEMPLATES.values():
        assert set(texts) == {*KINDS, "digest.daily"}
    assert set(KINDS) >= ALWAYS_IN_INBOX
    assert channels_for({"shift.changed": []}, "shift.changed") == ("portal",)
    assert channels_for({"shift.changed": []}, "digest.daily") == ("portal", "email")


def test_what_is_wanted_by_email_comes_to_the_inbox_when_email_cannot_reach() -> None:
    chosen = {"invitation.sent": ["email"], "reminder.24h": [], "hours.verified": ["portal"]}

    assert reached(chosen, "invitation.sent", email_reaches=True) == ("email",)
    assert reached(chosen, "invitation.sent", email_reaches=False) == ("portal",)
    assert reached(chosen, "reminder.2h", email_reaches=False) == ("portal",)  # not chosen
    assert reached(chosen, "reminder.24h", email_reaches=False) == ()  # off on both stays off
    assert reached(chosen, "hours.verified", email_reaches=False) == ("portal",)
    assert reached(chosen, "digest.daily", email_reaches=False) == ("portal",)


async def test_a_person_without_an_address_is_told_email_cannot_reach_them(w: World) -> None:
    me = await person(w.tenant_id, email="  ")

    prefs = await get_preferences(me)

    assert (prefs.address, prefs.email, prefs.email_reaches) == ("", True, False)


async def test_the_badge_count_stops_at_its_cap(w: World) -> None:
    me = await person(w.tenant_id)
    await _notes(me, 4)

    assert await unread_count(me, cap=3) == 3
    assert await unread_count(me, cap=10) == 4
    with pytest.raises(InvalidInput):
        await unread_count(me, cap=0)


async def test_a_person_opens_one_of_their_notices_and_nobody_elses(w: World, other_tenant) -> None:
    me, neighbour = await person(w.tenant_id), await person(w.tenant_id)
    (mine,) = await _notes(me, 1)
    (theirs,) = await _notes(await person(other_tenant.id), 1)

    note = await get_notification(me, mine, locale="en")

    assert (note.id, note.title, note.read) == (mine, "Your shift is cancelled: 巡逻0", False)
    for scope, wanted in ((neighbour, mine), (me, theirs), (me, 0)):
        with pytest.raises(NotFound):
            await get_notification(scope, wanted)
