"""The inbox (消息): a person's notifications newest first, paging back, marking read,
opening the page a notification is about, and the unread badge in the menu."""

from __future__ import annotations

from coalition.testing.factories import HoursRecordFactory, NeedFactory
from tests.portal.conftest import (
    HTMX,
    SESSION_COOKIE,
    login,
    person_with_login,
    post_form,
    set_cookie_headers,
    text_of,
)
from tests.portal.inbox.helpers import notes
from tests.portal.shifts.helpers import volunteer


async def test_the_inbox_lists_my_notifications_newest_first_and_nobody_elses(
    client, workspace, other_workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    neighbour = await volunteer(workspace.tenant, "neighbour")
    await notes(workspace.tenant.id, xiaoli.person_id, 2)
    await notes(workspace.tenant.id, neighbour.person_id, params={"need": "邻居的消息"})
    faraway = await volunteer(other_workspace.tenant, "faraway")
    await notes(other_workspace.tenant.id, faraway.person_id, params={"need": "别处的消息"})
    await login(client, workspace.slug, "xiaoli")

    response = await client.get(f"/t/{workspace.slug}/inbox")

    assert response.status_code == 200
    text = text_of(response.text)
    assert text.index("服务时段已取消：巡逻1") < text.index("服务时段已取消：巡逻0")
    assert "您报名的“巡逻1”（2026-06-02 09:00）服务时段已取消。" in text
    assert "2 条未读" in text and text.count("未读") >= 3  # two marks and the count
    assert "邻居的消息" not in text and "别处的消息" not in text
    assert "标为已读" in text and "全部标为已读" in text
    assert f'href="/t/{workspace.slug}/inbox/preferences"' in response.text


async def test_the_inbox_follows_the_language_of_the_page(client, workspace) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id)
    await login(client, workspace.slug, "xiaoli")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    text = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)

    assert "Your shift is cancelled: 巡逻0" in text
    assert "1 unread" in text and "Mark all as read" in text and "Notification settings" in text


async def test_an_empty_inbox_says_so(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/inbox")

    text = text_of(response.text)
    assert response.status_code == 200
    assert "暂无消息。" in text and "全部已读" in text
    assert "全部标为已读" not in text and "较早" not in text


async def test_older_notifications_come_a_page_at_a_time(client, workspace) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    ids = await notes(workspace.tenant.id, xiaoli.person_id, 23)
    await login(client, workspace.slug, "xiaoli")

    first = await client.get(f"/t/{workspace.slug}/inbox")
    older_url = f"/t/{workspace.slug}/inbox?before={ids[3]}"
    older = await client.get(older_url, headers=HTMX)
    oldest = await client.get(f"/t/{workspace.slug}/inbox?before={ids[0]}")

    assert f'href="{older_url}"' in first.text and "较早" in text_of(first.text)
    assert "巡逻22" in first.text and "巡逻3<" in first.text and "巡逻2<" not in first.text
    assert older.status_code == 200 and older.headers["vary"] == "HX-Request"
    assert older.text.lstrip().startswith('<section id="inbox-list"')
    assert [t for t in ("巡逻2<", "巡逻1<", "巡逻0<") if t in older.text] == [
        "巡逻2<",
        "巡逻1<",
        "巡逻0<",
    ]
    assert "?before=" not in older.text and "最新" in text_of(older.text)
    assert 'id="inbox-badge" hx-swap-oob="innerHTML"' in older.text
    assert "没有更早的消息。" in text_of(oldest.text)


async def test_a_before_no_notification_can_have_shows_the_newest_instead_of_failing(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id, 2)
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox?before="

    answers = [
        await client.get(url + before, headers=headers)
        for before in ("9" * 30, "18446744073709551616", "2147483648", "0", "-5", "abc")
        for headers in ({}, HTMX)
    ]

    assert [a.status_code for a in answers] == [200] * 12
    for answer in answers:
        text = text_of(answer.text)
        assert "巡逻1" in text and "巡逻0" in text and "2 条未读" in text
        assert "最新" not in text  # the first page: nothing newer to go back to


async def test_a_notification_id_beyond_any_there_can_be_is_a_404(client, workspace) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    (mine,) = await notes(workspace.tenant.id, xiaoli.person_id)
    await login(client, workspace.slug, "xiaoli")
    inbox = f"/t/{workspace.slug}/inbox"

    answers = [
        await post_form(client, f"{inbox}/{note}/{action}", {}, headers=headers)
        for note in ("9" * 30, "18446744073709551616", "2147483648")
        for action in ("read", "open")
        for headers in ({}, HTMX)
    ]
    read = await post_form(client, f"{inbox}/{mine}/read", {"before": "9" * 30})

    assert [a.status_code for a in answers] == [404] * 12
    assert "该页面不存在，或不属于您的工作空间。" in text_of(answers[0].text)
    assert read.status_code == 303 and read.headers["location"] == f"{inbox}#note-{mine}"


async def test_inbox_pages_and_their_fragments_tell_caches_they_differ_for_htmx(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id)
    await login(client, workspace.slug, "xiaoli")

    answers = [
        await client.get(f"/t/{workspace.slug}/inbox{path}", headers=headers)
        for path in ("", "/preferences")
        for headers in ({}, HTMX)
    ]

    assert [a.status_code for a in answers] == [200] * 4
    assert [a.headers.get("vary") for a in answers] == ["HX-Request"] * 4
    assert ["<html" in a.text for a in answers] == [True, False, True, False]


async def test_marking_one_read_with_htmx_swaps_it_and_updates_the_counts(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    first, second = await notes(workspace.tenant.id, xiaoli.person_id, 2)
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(
        client, f"/t/{workspace.slug}/inbox/{first}/read", {"before": ""}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="card inbox-item" id="note-{first}"')
    assert "已标为已读。" in response.text and f"/inbox/{first}/read" not in response.text
    bar = _oob_bar(response.text)
    assert "1 条未读" in text_of(bar) and "全部标为已读" in text_of(bar)
    badge = response.text.split('id="inbox-badge" hx-swap-oob="innerHTML">')[1]
    assert "，1 条未读" in badge
    assert '<span class="inbox-count" aria-hidden="true">1</span>' in badge
    page = await client.get(f"/t/{workspace.slug}/inbox")
    assert f'id="note-{second}"' in page.text and "1 条未读" in text_of(page.text)


async def test_marking_the_last_unread_one_read_takes_mark_all_as_read_away(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    first, second = await notes(workspace.tenant.id, xiaoli.person_id, 2)
    await login(client, workspace.slug, "xiaoli")
    page = await client.get(f"/t/{workspace.slug}/inbox")

    await post_form(client, f"/t/{workspace.slug}/inbox/{first}/read", {}, headers=HTMX)
    last = await post_form(client, f"/t/{workspace.slug}/inbox/{second}/read", {}, headers=HTMX)

    assert '<div id="inbox-bar" class="inbox-bar">' in page.text  # what the swap replaces
    bar = _oob_bar(last.text)
    assert "全部已读" in text_of(bar)
    assert "全部标为已读" not in bar and "/inbox/read-all" not in bar
    assert 'id="inbox-list-title"' in bar  # the heading stays
    badge = last.text.split('id="inbox-badge" hx-swap-oob="innerHTML">')[1]
    assert "inbox-count" not in badge


def _oob_bar(html: str) -> str:
    """The list's bar a response swaps out of band."""
    opening = '<div id="inbox-bar" class="inbox-bar" hx-swap-oob="outerHTML">'
    assert html.count(opening) == 1
    return html.split(opening)[1].split("</div>")[0]


async def test_without_javascript_marking_read_goes_back_to_the_same_page(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    (only,) = await notes(workspace.tenant.id, xiaoli.person_id)
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(client, f"/t/{workspace.slug}/inbox/{only}/read", {"before": "900"})
    again = await post_form(client, f"/t/{workspace.slug}/inbox/{only}/read", {"before": ""})

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/inbox?before=900#note-{only}"
    assert again.status_code == 303  # reading it twice changes nothing
    text = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "全部已读" in text and "标为已读" not in text


async def test_mark_all_as_read_with_and_without_javascript(client, workspace) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id, 3)
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox/read-all"

    with_htmx = await post_form(client, url, {}, headers=HTMX)
    await notes(workspace.tenant.id, xiaoli.person_id, 1)
    without = await post_form(client, url, {})

    assert with_htmx.status_code == 200
    assert with_htmx.text.lstrip().startswith('<section id="inbox-list"')
    assert "已将 3 条消息标为已读。" in text_of(with_htmx.text)
    assert '<span id="inbox-badge" hx-swap-oob="innerHTML"></span>' in with_htmx.text
    assert without.status_code == 303 and without.headers["location"] == (
        f"/t/{workspace.slug}/inbox"
    )
    badge = await client.get(f"/t/{workspace.slug}/inbox/badge", headers=HTMX)
    assert "inbox-count" not in badge.text


async def test_opening_a_notification_marks_it_read_and_leads_to_its_page(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await HoursRecordFactory.create(tenant=workspace.tenant, volunteer=xiaoli.volunteer_id)
    need = await NeedFactory.create(tenant=workspace.tenant, title="清理楼道")
    tenant_id, person = workspace.tenant.id, xiaoli.person_id
    (hours,) = await notes(
        tenant_id, person, kind="hours.verified", params={"record_id": record.id, "hours": "2.0"}
    )
    (invited,) = await notes(tenant_id, person, kind="invitation.sent", params={"need": "买菜"})
    (shift,) = await notes(tenant_id, person, kind="shift.changed", params={"need": "买菜"})
    (dispatched,) = await notes(
        tenant_id, person, kind="need.dispatched", params={"need_id": need.id}
    )
    (digest,) = await notes(tenant_id, person, kind="digest.daily", params={"day": "2026-06-01"})
    await login(client, workspace.slug, "xiaoli")
    page = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)

    opened = {
        note: await post_form(client, f"/t/{workspace.slug}/inbox/{note}/open", {})
        for note in (hours, invited, shift, dispatched, digest)
    }

    assert "查看该服务时长" in page and "查看我的邀请" in page and "查看我的班次" in page
    assert "请登录平台接受或谢绝邀请" not in page  # the e-mail's line: a button instead
    assert "查看需求" not in page  # a volunteer has no dispatches to answer
    slug = workspace.slug
    assert {note: r.headers["location"] for note, r in opened.items()} == {
        hours: f"/t/{slug}/hours/{record.id}",
        invited: f"/t/{slug}/me#invitations",
        shift: f"/t/{slug}/me#my-shifts",
        dispatched: f"/t/{slug}/inbox#note-{dispatched}",
        digest: f"/t/{slug}/inbox#note-{digest}",
    }
    assert all(r.status_code == 303 for r in opened.values())
    assert "全部已读" in text_of((await client.get(f"/t/{slug}/inbox")).text)


async def test_a_coordinators_dispatch_leads_to_the_need(client, workspace) -> None:
    need = await NeedFactory.create(tenant=workspace.tenant, title="清理楼道")
    person = await person_with_login(workspace.tenant.id, "coordinator", {"role": "tenant_admin"})
    (note,) = await notes(
        workspace.tenant.id, person, kind="need.dispatched", params={"need_id": need.id}
    )
    await login(client, workspace.slug, "coordinator")

    page = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    opened = await post_form(client, f"/t/{workspace.slug}/inbox/{note}/open", {})

    assert "新派单" in page and "查看需求" in page
    assert opened.headers["location"] == f"/t/{workspace.slug}/needs/{need.id}"


async def test_another_persons_or_another_tenants_notification_is_a_404(
    client, workspace, other_workspace
) -> None:
    neighbour = await volunteer(workspace.tenant, "neighbour")
    (theirs,) = await notes(workspace.tenant.id, neighbour.person_id)
    faraway = await volunteer(other_workspace.tenant, "faraway")
    (elsewhere,) = await notes(other_workspace.tenant.id, faraway.person_id)
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    answers = [
        await post_form(client, f"/t/{workspace.slug}/inbox/{note}/{action}", {}, headers=headers)
        for note in (theirs, elsewhere)
        for action in ("read", "open")
        for headers in ({}, HTMX)
    ]

    assert [a.status_code for a in answers] == [404] * 8
    assert "该页面不存在，或不属于您的工作空间。" in text_of(answers[0].text)
    await login(client, workspace.slug, "neighbour")
    assert "1 条未读" in text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)


async def test_the_badge_counts_my_unread_notifications_up_to_99_plus(
    client, workspace, other_workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    neighbour = await volunteer(workspace.tenant, "neighbour")
    faraway = await volunteer(other_workspace.tenant, "faraway")
    await notes(workspace.tenant.id, xiaoli.person_id, 3)
    await notes(workspace.tenant.id, neighbour.person_id, 101)
    await notes(other_workspace.tenant.id, faraway.person_id, 2)
    url = f"/t/{workspace.slug}/inbox/badge"

    await login(client, workspace.slug, "xiaoli")
    mine = await client.get(url, headers=HTMX)
    await login(client, workspace.slug, "neighbour")
    many = await client.get(url, headers=HTMX)
    await login(client, workspace.slug, workspace.admin)
    none = await client.get(url, headers=HTMX)

    assert mine.status_code == 200 and "no-store" in mine.headers["cache-control"]
    assert text_of(mine.text).strip() == "，3 条未读 3"
    assert text_of(many.text).strip() == "，超过 99 条未读 99+"
    assert none.status_code == 200 and none.text.strip() == ""


async def test_the_badge_answers_nothing_to_swap_when_nobody_is_signed_in_here(
    client, workspace, other_workspace
) -> None:
    anonymous = await client.get(f"/t/{workspace.slug}/inbox/badge", headers=HTMX)
    await login(client, other_workspace.slug, other_workspace.volunteer)
    elsewhere = await client.get(f"/t/{workspace.slug}/inbox/badge", headers=HTMX)

    assert (anonymous.status_code, anonymous.text) == (204, "")
    assert (elsewhere.status_code, elsewhere.text) == (204, "")
    inbox = await client.get(f"/t/{workspace.slug}/inbox")
    assert inbox.status_code == 404  # the inbox itself is not another tenant's to open


async def test_every_page_menu_links_to_the_inbox_and_its_badge_loads_itself(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id, 2)
    await login(client, workspace.slug, "xiaoli")

    overview = await client.get(f"/t/{workspace.slug}/")
    inbox = await client.get(f"/t/{workspace.slug}/inbox")

    link = overview.text.split('class="inbox-link"')[1].split("</a>")[0]
    assert f'href="/t/{workspace.slug}/inbox"' in link and "消息" in link
    assert 'aria-live="polite"' in link
    assert f'hx-get="/t/{workspace.slug}/inbox/badge"' in link
    assert 'hx-trigger="load, every 45s"' in link
    assert "inbox-count" not in link  # no query while the page renders
    here = inbox.text.split('class="inbox-link"')[1].split("</a>")[0]
    assert 'aria-current="page"' in here
    assert 'hx-trigger="every 45s"' in here
    assert "，2 条未读" in here


async def test_the_inbox_asks_a_visitor_to_sign_in(client, workspace) -> None:
    response = await client.get(f"/t/{workspace.slug}/inbox")

    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/t/{workspace.slug}/login")


async def test_the_badge_poll_does_not_keep_a_person_signed_in(client, workspace, store) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await notes(workspace.tenant.id, xiaoli.person_id, 1)
    await login(client, workspace.slug, "xiaoli")
    session_key = client.cookies[SESSION_COOKIE]
    stored = await store.get(session_key)
    await store.delete(session_key)  # what a poll writes again would show up here
    await store.set(session_key, stored or b"", expires_in=60)

    polled = await client.get(f"/t/{workspace.slug}/inbox/badge", headers=HTMX)
    after_poll = await store.expires_in(session_key)
    page = await client.get(f"/t/{workspace.slug}/")
    after_page = await store.expires_in(session_key)

    assert text_of(polled.text).strip() == "，1 条未读 1"  # the poll still knows who asks
    assert not set_cookie_headers(polled, SESSION_COOKIE)
    assert after_poll is not None and after_poll <= 60  # the poll left the session's age
    assert set_cookie_headers(page, SESSION_COOKIE)  # what the person does prolongs it
    assert after_page is not None and after_page > 60 * 60
