"""The volunteer's own page (我的服务): sign-ups with cancel, check-in and check-out,
invitations, reporting hours and the service record."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from coalition.testing.factories import InvitationFactory
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.shifts.helpers import places, shift, signed_up, today, volunteer


async def test_cancelling_a_place_promotes_the_next_on_the_waitlist(client, workspace) -> None:
    tenant = workspace.tenant
    full = await shift(tenant, title="周六助老服务", headcount=1)
    first = await volunteer(tenant, "first")
    second = await volunteer(tenant, "second")
    signup = await signed_up(tenant, first, full.id)
    await signed_up(tenant, second, full.id)
    await login(client, workspace.slug, "second")
    assert "候补第1位" in text_of((await client.get(f"/t/{workspace.slug}/me")).text)

    await login(client, workspace.slug, "first")
    response = await post_form(client, f"/t/{workspace.slug}/me/signups/{signup.id}/cancel", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/me?done=cancelled#my-shifts"
    mine = text_of((await client.get(response.headers["location"])).text)
    assert "已取消报名。" in mine and "周六助老服务" not in mine
    await login(client, workspace.slug, "second")
    theirs = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "周六助老服务" in theirs and "已报名" in theirs and "候补第1位" not in theirs


async def test_htmx_cancel_swaps_the_shifts_section(client, workspace) -> None:
    tenant = workspace.tenant
    open_shift = await shift(tenant, title="周日环境整治")
    me = await volunteer(tenant, "xiaoli")
    signup = await signed_up(tenant, me, open_shift.id)
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/me/signups/{signup.id}/cancel"

    response = await post_form(client, url, {}, headers=HTMX)
    again = await post_form(client, url, {}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.strip().startswith('<section id="my-shifts"')
    assert "已取消报名。" in response.text and "周日环境整治" not in response.text
    assert again.status_code == 422 and "此报名已取消。" in again.text


async def test_only_ones_own_sign_up_is_cancelled(client, workspace, other_workspace) -> None:
    tenant = workspace.tenant
    open_shift = await shift(tenant, title="周六助老服务")
    other = await volunteer(tenant, "other")
    theirs = await signed_up(tenant, other, open_shift.id)
    elsewhere = await volunteer(other_workspace.tenant, "faraway")
    far_shift = await shift(other_workspace.tenant, title="别处班次")
    far_signup = await signed_up(other_workspace.tenant, elsewhere, far_shift.id)
    await volunteer(tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    colleague = await post_form(client, f"/t/{workspace.slug}/me/signups/{theirs.id}/cancel", {})
    foreign = await post_form(client, f"/t/{workspace.slug}/me/signups/{far_signup.id}/cancel", {})

    assert colleague.status_code == 403
    assert foreign.status_code == 404 and "别处班次" not in foreign.text


async def test_an_invitation_is_accepted_or_declined(client, workspace) -> None:
    tenant = workspace.tenant
    me = await volunteer(tenant, "xiaoli")
    wanted = await shift(tenant, title="重阳节敬老活动")
    unwanted = await shift(tenant, title="深夜巡逻")
    accepted = await InvitationFactory.create(
        tenant=tenant, shift=wanted, volunteer=me.volunteer_id, message="王奶奶想请您陪她聊聊天"
    )
    declined = await InvitationFactory.create(
        tenant=tenant, shift=unwanted, volunteer=me.volunteer_id
    )
    await login(client, workspace.slug, "xiaoli")
    page = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "重阳节敬老活动" in page and "王奶奶想请您陪她聊聊天" in page and "深夜巡逻" in page

    yes = await post_form(
        client, f"/t/{workspace.slug}/me/invitations/{accepted.id}/accept", {}, headers=HTMX
    )
    no = await post_form(client, f"/t/{workspace.slug}/me/invitations/{declined.id}/decline", {})

    assert yes.status_code == 200 and yes.text.strip().startswith('<section id="my-shifts"')
    assert "已接受邀请，报名成功。" in yes.text
    assert re.search(r"重阳节敬老活动.*已报名", text_of(yes.text))
    assert "受邀" in yes.text
    assert no.status_code == 303
    after = text_of((await client.get(no.headers["location"])).text)
    assert "已谢绝邀请。" in after and "深夜巡逻" not in after
    again = await post_form(
        client, f"/t/{workspace.slug}/me/invitations/{declined.id}/accept", {}, headers=HTMX
    )
    assert again.status_code == 422 and "此邀请已回复或已撤回。" in again.text


async def test_invitations_of_others_are_refused(client, workspace, other_workspace) -> None:
    tenant = workspace.tenant
    colleague = await volunteer(tenant, "colleague")
    theirs = await InvitationFactory.create(
        tenant=tenant, shift=await shift(tenant), volunteer=colleague.volunteer_id
    )
    faraway = await volunteer(other_workspace.tenant, "faraway")
    foreign = await InvitationFactory.create(
        tenant=other_workspace.tenant,
        shift=await shift(other_workspace.tenant),
        volunteer=faraway.volunteer_id,
    )
    await volunteer(tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    for answer in ("accept", "decline"):
        own_tenant = await post_form(
            client, f"/t/{workspace.slug}/me/invitations/{theirs.id}/{answer}", {}
        )
        other_tenant = await post_form(
            client, f"/t/{workspace.slug}/me/invitations/{foreign.id}/{answer}", {}
        )
        assert own_tenant.status_code == 403, answer
        assert other_tenant.status_code == 404, answer


async def test_checking_in_and_out_of_a_shift_about_to_start(client, workspace) -> None:
    tenant = workspace.tenant
    soon = datetime.now(UTC) + timedelta(minutes=10)
    starting = await shift(tenant, title="社区义诊", starts_at=soon)
    later = await shift(tenant, title="下午环境整治", starts_at=soon + timedelta(hours=4))
    me = await volunteer(tenant, "xiaoli")
    await signed_up(tenant, me, starting.id)
    await signed_up(tenant, me, later.id)
    await login(client, workspace.slug, "xiaoli")
    page = await client.get(f"/t/{workspace.slug}/me")
    assert f"/shifts/{starting.id}/check-in" in page.text
    assert f"/shifts/{later.id}/check-in" not in page.text  # not yet
    assert "起可签到" in text_of(page.text)

    checked_in = await post_form(
        client, f"/t/{workspace.slug}/shifts/{starting.id}/check-in", {}, headers=HTMX
    )
    early = await post_form(
        client, f"/t/{workspace.slug}/shifts/{later.id}/check-in", {}, headers=HTMX
    )
    checked_out = await post_form(
        client, f"/t/{workspace.slug}/shifts/{starting.id}/check-out", {}, headers=HTMX
    )

    assert checked_in.status_code == 200
    assert checked_in.text.strip().startswith('<section id="my-shifts"')
    assert "签到。" in checked_in.text and f"/shifts/{starting.id}/check-out" in checked_in.text
    assert early.status_code == 422
    assert "尚未到签到时间：班次开始前 30 分钟起可签到。" in early.text
    assert checked_out.status_code == 200
    assert "已签退：0分钟，待审核。" in text_of(checked_out.text)
    assert checked_out.headers["HX-Trigger"] == "hoursChanged"
    record = await client.get(f"/t/{workspace.slug}/me?part=record", headers=HTMX)
    assert record.text.strip().startswith('<section id="record"')
    assert "社区义诊" in record.text and "待审核" in record.text


async def test_check_in_without_javascript_redirects_back(client, workspace) -> None:
    tenant = workspace.tenant
    starting = await shift(
        tenant, title="社区义诊", starts_at=datetime.now(UTC) + timedelta(minutes=5)
    )
    me = await volunteer(tenant, "xiaoli")
    await signed_up(tenant, me, starting.id)
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(client, f"/t/{workspace.slug}/shifts/{starting.id}/check-in", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/t/{workspace.slug}/me?done=checked_in#my-shifts"
    page = text_of((await client.get(response.headers["location"])).text)
    assert "签到成功。" in page and "签退" in page


async def test_reported_hours_wait_then_count_once_verified(client, workspace) -> None:
    tenant = workspace.tenant
    where = await places(tenant)
    await volunteer(tenant, "xiaoli", grid=where["grid"])
    await login(client, workspace.slug, "xiaoli")

    reported = await post_form(
        client,
        f"/t/{workspace.slug}/me/hours",
        {
            "served_on": today().isoformat(),
            "amount": "1.5",
            "unit": "hours",
            "note": "帮王奶奶取药",
        },
    )

    assert reported.status_code == 303
    assert reported.headers["location"] == f"/t/{workspace.slug}/me?done=reported#report"
    page = text_of((await client.get(reported.headers["location"])).text)
    assert "服务时长已申报，待审核。" in page
    assert "1小时30分钟 待审核" in page and "0分钟 已通过" in page

    from tests.portal.conftest import person_with_login

    await person_with_login(
        tenant.id, "staff", {"role": "community_staff", "community_id": where["home"].id}
    )
    await login(client, workspace.slug, "staff")
    pending = await client.get(f"/t/{workspace.slug}/hours/pending")
    assert "xiaoli同志" in pending.text and "帮王奶奶取药" in pending.text
    record_id = int(re.search(r'id="hours-(\d+)"', pending.text)[1])
    verified = await post_form(
        client, f"/t/{workspace.slug}/hours/{record_id}/verify", {"from": "pending", "page": "1"}
    )
    assert verified.status_code == 303

    await login(client, workspace.slug, "xiaoli")
    after = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "1小时30分钟 已通过" in after and "0分钟 待审核" in after
    assert re.search(r"\d{4}年\d+月 已通过 1小时30分钟", after)  # by month


async def test_hours_are_reported_in_minutes_with_htmx(client, workspace) -> None:
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(
        client,
        f"/t/{workspace.slug}/me/hours",
        {"served_on": today().isoformat(), "amount": "45", "unit": "minutes", "note": ""},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response.text.strip().startswith('<section id="report"')
    assert "服务时长已申报，待审核。" in response.text
    assert response.headers["HX-Trigger"] == "hoursChanged"
    record = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "45分钟 待审核" in record


async def test_a_wrong_report_shows_errors_next_to_fields_and_keeps_the_values(
    client, workspace
) -> None:
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    future = (today() + timedelta(days=3)).isoformat()
    url = f"/t/{workspace.slug}/me/hours"

    unreadable = await post_form(
        client,
        url,
        {"served_on": "昨天", "amount": "两小时", "unit": "hours", "note": "巡逻"},
        headers=HTMX,
    )
    refused = await post_form(
        client, url, {"served_on": future, "amount": "20", "unit": "hours", "note": "通宵值守"}
    )

    assert unreadable.status_code == 422
    assert unreadable.text.strip().startswith('<section id="report"')
    assert 'id="report-served_on-error"' in unreadable.text
    assert "请输入日期，例如 2026-05-04。" in unreadable.text
    assert 'id="report-amount-error"' in unreadable.text
    assert "请输入数字，例如 2 或 1.5。" in unreadable.text
    assert 'value="两小时"' in unreadable.text and ">巡逻</textarea>" in unreadable.text
    assert refused.status_code == 422 and "<html" in refused.text
    assert "不能申报未来日期的服务时长。" in refused.text
    assert "申报时长须在 1 分钟到 16 小时之间。" in refused.text
    assert f'value="{future}"' in refused.text and ">通宵值守</textarea>" in refused.text


async def test_report_errors_are_in_english_for_english_pages(client, workspace) -> None:
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    response = await post_form(
        client,
        f"/t/{workspace.slug}/me/hours",
        {"served_on": "", "amount": "0", "unit": "minutes", "note": ""},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert 'id="report-served_on-error"' in response.text
    assert "This field is required." in response.text


async def test_the_service_record_takes_a_date_range(client, workspace) -> None:
    from coalition.testing.factories import HoursRecordFactory

    me = await volunteer(workspace.tenant, "xiaoli")
    day = today() - timedelta(days=40)
    await HoursRecordFactory.create(
        tenant=workspace.tenant,
        volunteer=me.volunteer_id,
        served_on=day,
        minutes=120,
        status="verified",
    )
    await HoursRecordFactory.create(
        tenant=workspace.tenant,
        volunteer=me.volunteer_id,
        served_on=today(),
        minutes=30,
        status="verified",
    )
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/me"

    everything = text_of((await client.get(url)).text)
    recent = await client.get(
        f"{url}?part=record&start={(today() - timedelta(days=7)).isoformat()}&end=", headers=HTMX
    )
    backwards = await client.get(
        f"{url}?part=record&start={today().isoformat()}&end={day.isoformat()}", headers=HTMX
    )

    assert "2小时30分钟 已通过" in everything
    assert recent.text.strip().startswith('<section id="record"')
    assert "30分钟 已通过" in text_of(recent.text) and "2小时30分钟" not in recent.text
    assert 'id="record-end-error"' in backwards.text
    assert "结束日期不能早于开始日期。" in backwards.text


async def test_the_calendar_address_is_on_the_page(client, workspace) -> None:
    me = await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    page = await client.get(f"/t/{workspace.slug}/me")

    found = re.search(
        rf"https://testserver\.local/t/{workspace.slug}/calendar/{me.person_id}/[\w-]+\.ics",
        page.text,
    )
    assert found is not None
    assert "日历订阅" in page.text and "请勿外传" in page.text
