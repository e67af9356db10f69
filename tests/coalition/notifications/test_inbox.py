"""Each person's inbox in the portal: newest first, an unread count, read flags."""

import pytest

from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.notifications.schemas import PreferencesInput
from coalition.notifications.services import (
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
    me = await person(tenant.id)

    before = await get_preferences(me)
    after = await set_preferences(me, PreferencesInput(locale="zh-Hans", email=False))
    back = await set_preferences(me, PreferencesInput(locale=None, digest=False))

    assert (before.locale, before.effective_locale, before.email, before.digest) == (
        None,
        "en",
        True,
        True,
    )
    assert (after.locale, after.effective_locale, after.email) == ("zh-Hans", "zh-Hans", False)
    assert (back.locale, back.effective_locale, back.email, back.digest) == (
        None,
        "en",
        True,
        False,
    )
    with pytest.raises(InvalidInput) as error:
        await set_preferences(me, PreferencesInput(locale="fr"))
    assert error.value.fields["locale"].code == "invalid_choice"
