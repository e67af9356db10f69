"""Notification settings (通知设置): the language of e-mails, e-mail on or off, the
channels of each kind of notification, the coordinators' daily summary; and delivery
honouring them end to end, what is wanted by e-mail coming to the inbox when e-mail
cannot reach the person."""

from __future__ import annotations

from coalition.notifications.schemas import PreferencesInput
from coalition.notifications.services import get_preferences, set_preferences
from coalition.shifts import services as shift_services
from coalition.testing.factories import OrganisationFactory
from tests.portal.conftest import HTMX, login, person_with_login, post_form, text_of
from tests.portal.inbox.helpers import (
    day_after_tomorrow,
    deliver_pending,
    give_address,
    remind_day_before,
)
from tests.portal.shifts.helpers import scope_of, shift, signed_up, volunteer

VOLUNTEER_KINDS = (
    "invitation.sent",
    "signup.confirmed",
    "signup.waitlisted",
    "signup.promoted",
    "shift.changed",
    "shift.cancelled",
    "reminder.24h",
    "reminder.2h",
    "hours.verified",
    "hours.rejected",
)
REQUIRED = ("signup.promoted", "shift.changed", "shift.cancelled")


def _form(
    *,
    muted: tuple[str, ...] = (),
    no_email: tuple[str, ...] = (),
    email_boxes: bool = True,
    **values: str,
) -> dict:
    """The volunteer's settings form as a browser sends it: every box ticked except the
    inbox of ``muted`` and the e-mail of ``no_email`` (required kinds send their hidden
    inbox field); no e-mail box at all when the page showed them disabled."""
    form: dict = {"locale": "", "email": "on", **values}
    form["inbox"] = [k for k in VOLUNTEER_KINDS if k not in muted or k in REQUIRED]
    if email_boxes:
        form["by_email"] = [k for k in VOLUNTEER_KINDS if k not in no_email]
    return form


def _disabled_email_box(kind: str, *, ticked: bool) -> str:
    checked = " checked" if ticked else ""
    return f'value="{kind}"{checked} disabled aria-describedby="pref-unreachable">'


async def test_a_volunteer_chooses_channels_for_the_kinds_that_concern_them(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await give_address(workspace.tenant.id, xiaoli.person_id, "xiaoli@example.cn")
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox/preferences"

    page = await client.get(url)
    saved = await post_form(
        client, url, _form(muted=("reminder.24h",), no_email=("hours.verified",), locale="en")
    )
    after = await client.get(saved.headers["location"])

    text = text_of(page.text)
    assert page.status_code == 200
    assert "志愿服务邀请" in text and "班次前两小时提醒" in text and "服务时长未通过" in text
    assert text.count("始终发到站内消息（不可关闭）") == len(REQUIRED)
    assert "站内消息不可关闭，但可以关闭其电子邮件" in text
    assert "派单协调" not in text and "每日汇总" not in text  # not a coordinator
    assert "工作空间的语言（中文）" in text
    assert "邮件将发送到 xiaoli@example.cn" in text and "电子邮件无法送达您" not in text
    assert ' disabled aria-describedby="pref-unreachable"' not in page.text
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?saved=1"
    assert "通知设置已保存。" in text_of(after.text)
    assert 'name="inbox" value="reminder.24h">' in after.text  # unticked now
    assert '<option value="en" lang="en" selected>' in after.text
    prefs = await get_preferences(await scope_of(workspace.tenant.id, xiaoli.person_id))
    assert prefs.locale == "en" and prefs.email
    assert prefs.channels["reminder.24h"] == ["email"]
    assert prefs.channels["hours.verified"] == ["portal"]
    assert prefs.channels["need.dispatched"] == ["portal", "email"]  # not shown: kept


async def test_a_coordinator_also_chooses_dispatches_and_the_daily_summary(
    client, workspace
) -> None:
    team = await OrganisationFactory.create(tenant=workspace.tenant, name="阳光社工服务中心")
    person = await person_with_login(
        workspace.tenant.id, "coordinator", {"role": "org_coordinator", "organisation_id": team.id}
    )
    await give_address(workspace.tenant.id, person, "coordinator@example.cn")
    await login(client, workspace.slug, "coordinator")
    url = f"/t/{workspace.slug}/inbox/preferences"

    page = text_of((await client.get(url)).text)
    saved = await post_form(
        client, url, {"locale": "zh-Hans", "email": "on", "inbox": "need.dispatched"}
    )

    assert "派单协调" in page and "派给您所在社会组织或辖区单位的需求" in page
    assert "每日汇总" in page and "志愿服务邀请" not in page
    assert saved.status_code == 303
    prefs = await get_preferences(await scope_of(workspace.tenant.id, person))
    assert (prefs.locale, prefs.digest) == ("zh-Hans", False)
    assert prefs.channels["need.dispatched"] == ["portal"]
    assert prefs.channels["invitation.sent"] == ["portal", "email"]


async def test_saving_with_htmx_returns_the_form_with_a_notice_in_english(
    client, workspace
) -> None:
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    url = f"/t/{workspace.slug}/inbox/preferences"

    page = await client.get(url)
    response = await post_form(client, url, _form(), headers=HTMX)

    assert "Language of e-mails" in page.text and "Portal inbox" in page.text
    assert "always in your inbox" in text_of(page.text)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="preferences"')
    assert "Your notification settings are saved." in response.text


async def test_an_unknown_language_is_refused_in_chinese_and_nothing_is_saved(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox/preferences"

    response = await post_form(client, url, _form(muted=("reminder.2h",), locale="fr"))

    assert response.status_code == 422 and "<html" in response.text
    assert 'id="pref-locale-error">请从列表中选择。' in response.text
    assert '<option value="fr" selected>fr</option>' in response.text  # what was sent
    unticked = 'name="inbox" value="reminder.2h" aria-describedby="pref-unreachable">'
    assert unticked in response.text  # still unticked (no address: see the notice)
    prefs = await get_preferences(await scope_of(workspace.tenant.id, xiaoli.person_id))
    assert prefs.locale is None and prefs.channels["reminder.2h"] == ["portal", "email"]


async def test_an_unknown_kind_or_a_required_inbox_left_out_is_refused_and_nothing_saved(
    client, workspace
) -> None:
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox/preferences"
    unknown = _form(locale="en")
    unknown["inbox"] = [*unknown["inbox"], "party.joined"]
    required = _form(locale="en")
    required["inbox"] = [k for k in required["inbox"] if k != "shift.cancelled"]

    first = await post_form(client, url, unknown, headers=HTMX)
    second = await post_form(client, url, required)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    english = await post_form(client, url, unknown, headers=HTMX)

    assert first.status_code == 422 and first.text.lstrip().startswith('<section id="preferences"')
    assert "没有“party.joined”这类消息。" in first.text
    assert second.status_code == 422
    assert "这类消息始终发到站内消息（不可关闭），只能关闭其电子邮件。" in second.text
    assert english.status_code == 422
    assert "There is no kind of notification “party.joined”." in english.text
    prefs = await get_preferences(await scope_of(workspace.tenant.id, xiaoli.person_id))
    assert prefs.locale is None


async def test_a_muted_kind_makes_no_inbox_entry_when_it_happens_and_others_still_do(
    client, workspace
) -> None:
    tenant = workspace.tenant
    xiaoli = await volunteer(tenant, "xiaoli")
    others = await volunteer(tenant, "others")
    await login(client, workspace.slug, "xiaoli")
    await post_form(
        client, f"/t/{workspace.slug}/inbox/preferences", _form(muted=("signup.confirmed",))
    )
    planned = await shift(tenant, title="陪同独居老人就医")

    await signed_up(tenant, xiaoli, planned.id)
    await signed_up(tenant, others, planned.id)
    first = await deliver_pending(tenant.id)

    assert [o.notified for o in first] == [0, 1]
    inbox = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "暂无消息。" in inbox
    badge = await client.get(f"/t/{workspace.slug}/inbox/badge", headers=HTMX)
    assert badge.text.strip() == ""
    staff = await scope_of(tenant.id, await _staff(tenant))
    await shift_services.cancel_shift(staff, planned.id, reason="暴雨预警")
    await deliver_pending(tenant.id)
    inbox = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "服务时段已取消：陪同独居老人就医" in inbox and "报名成功" not in inbox
    await login(client, workspace.slug, "others")
    theirs = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "报名成功：陪同独居老人就医" in theirs and "服务时段已取消" in theirs


async def test_without_an_address_what_is_wanted_by_email_comes_to_the_inbox_and_the_page_says_so(
    client, workspace
) -> None:
    tenant = workspace.tenant
    xiaoli = await volunteer(tenant, "xiaoli")  # imported volunteers often have no address
    scope = await scope_of(tenant.id, xiaoli.person_id)
    # Saved when every e-mail box could still be ticked: the reminder by e-mail only.
    await set_preferences(scope, PreferencesInput(channels={"reminder.24h": ["email"]}))
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/inbox/preferences"

    page = await client.get(url)
    saved = await post_form(client, url, _form(muted=("signup.confirmed",), email_boxes=False))
    planned = await shift(tenant, title="陪同独居老人就医", starts_at=day_after_tomorrow())
    await signed_up(tenant, xiaoli, planned.id)
    await remind_day_before(tenant.id)

    text = text_of(page.text)
    assert "您还没有登记电子邮件地址，因此收不到邮件" in text
    assert (
        "电子邮件无法送达您：您还没有登记电子邮件地址。您选择通过电子邮件接收的通知会改发到"
        "站内消息；如要关闭某类通知，请取消勾选其站内消息。"
    ) in text
    assert _disabled_email_box("reminder.24h", ticked=True) in page.text
    assert 'name="inbox" value="reminder.24h" checked aria-describedby="pref-unreachable">' in (
        page.text
    )
    assert 'name="by_email"' not in page.text  # nothing a browser would send
    assert saved.status_code == 303
    prefs = await get_preferences(scope)
    assert prefs.channels["reminder.24h"] == ["email"]  # the disabled box's value is kept
    assert prefs.channels["hours.verified"] == ["portal", "email"]
    assert prefs.channels["signup.confirmed"] == []  # inbox unticked: off on both channels
    after = await client.get(url)
    assert _disabled_email_box("signup.confirmed", ticked=False) in after.text
    inbox = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "明天的志愿服务提醒：陪同独居老人就医" in inbox
    assert "报名成功" not in inbox


async def test_with_email_turned_off_what_is_wanted_by_email_comes_to_the_inbox_in_english(
    client, workspace
) -> None:
    tenant = workspace.tenant
    xiaoli = await volunteer(tenant, "xiaoli")
    await give_address(tenant.id, xiaoli.person_id, "xiaoli@example.cn")
    await login(client, workspace.slug, "xiaoli")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    url = f"/t/{workspace.slug}/inbox/preferences"

    by_email = await post_form(client, url, _form(muted=("reminder.24h",)))
    turned_off = await post_form(
        client, url, _form(muted=("reminder.24h",), email=""), headers=HTMX
    )
    planned = await shift(tenant, title="陪同独居老人就医", starts_at=day_after_tomorrow())
    await signed_up(tenant, xiaoli, planned.id)
    await remind_day_before(tenant.id)

    assert by_email.status_code == 303
    assert turned_off.status_code == 200
    assert turned_off.text.lstrip().startswith('<section id="preferences"')
    assert "Your notification settings are saved." in turned_off.text
    assert (
        "E-mail cannot reach you: you turned e-mail off. What you chose to get by e-mail comes "
        "to your inbox instead; untick the inbox to turn a kind of notice off."
    ) in text_of(turned_off.text)
    assert _disabled_email_box("reminder.24h", ticked=True) in turned_off.text
    prefs = await get_preferences(await scope_of(tenant.id, xiaoli.person_id))
    assert (prefs.email, prefs.channels["reminder.24h"]) == (False, ["email"])
    inbox = text_of((await client.get(f"/t/{workspace.slug}/inbox")).text)
    assert "Reminder: volunteering tomorrow: 陪同独居老人就医" in inbox


async def _staff(tenant) -> int:
    return await person_with_login(tenant.id, "manager", {"role": "tenant_admin"})
