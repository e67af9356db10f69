"""Hours verification (待审核时长): who sees which pending hours, verify (通过), reject with
a reason (驳回), correct with a reason (更正), and a record's page with its corrections."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from coalition.testing.factories import CommunityFactory, HoursRecordFactory, OrganisationFactory
from tests.portal.conftest import HTMX, login, person_with_login, post_form, text_of
from tests.portal.shifts.helpers import places, today, volunteer


async def _pending(tenant: Any, who: Any, community: Any, **values: Any) -> Any:
    values.setdefault("served_on", today() - timedelta(days=1))
    return await HoursRecordFactory.create(
        tenant=tenant, volunteer=who.volunteer_id, community=community, **values
    )


async def _staff(tenant: Any, community: Any, username: str = "staff") -> int:
    return await person_with_login(
        tenant.id, username, {"role": "community_staff", "community_id": community.id}
    )


async def test_staff_see_only_the_pending_hours_of_their_community(client, workspace) -> None:
    tenant = workspace.tenant
    where = await places(tenant)
    xiaoli = await volunteer(tenant, "xiaoli", grid=where["grid"])
    await _pending(tenant, xiaoli, where["home"], note="帮王奶奶取药")
    await _pending(tenant, xiaoli, where["far"], note="东北村的时长")
    await _pending(tenant, xiaoli, where["home"], note="已经通过的", status="verified")
    await _staff(tenant, where["home"])
    await login(client, workspace.slug, "staff")

    response = await client.get(f"/t/{workspace.slug}/hours/pending")

    assert response.status_code == 200
    text = text_of(response.text)
    assert "帮王奶奶取药" in text and "xiaoli同志" in text and "2小时" in text
    assert "东北村的时长" not in text and "已经通过的" not in text
    assert "通过" in text and "驳回" in text and "更正" in text


async def test_an_organisation_coordinator_sees_their_organisations_hours(
    client, workspace
) -> None:
    tenant = workspace.tenant
    team = await OrganisationFactory.create(tenant=tenant, name="阳光社工服务中心")
    xiaoli = await volunteer(tenant, "xiaoli")
    await _pending(tenant, xiaoli, None, organisation=team.id, note="阳光团队的时长")
    await _pending(tenant, xiaoli, None, note="别的时长")
    await person_with_login(
        tenant.id, "coordinator", {"role": "org_coordinator", "organisation_id": team.id}
    )
    await login(client, workspace.slug, "coordinator")

    text = text_of((await client.get(f"/t/{workspace.slug}/hours/pending")).text)

    assert "阳光团队的时长" in text and "别的时长" not in text


async def test_volunteers_may_not_open_the_hours_to_verify(client, workspace) -> None:
    where = await places(workspace.tenant)
    colleague = await volunteer(workspace.tenant, "colleague")
    record = await _pending(workspace.tenant, colleague, where["home"])
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    page = await client.get(f"/t/{workspace.slug}/hours/pending")
    theirs = await client.get(f"/t/{workspace.slug}/hours/{record.id}")
    decisions = [
        await post_form(client, f"/t/{workspace.slug}/hours/{record.id}/{action}", data)
        for action, data in (
            ("verify", {}),
            ("reject", {"reason": "不对"}),
            ("correct", {"minutes": "60", "reason": "不对"}),
        )
    ]

    assert page.status_code == 403 and "无权操作" in text_of(page.text)
    assert theirs.status_code == 403  # another volunteer's hours
    assert [d.status_code for d in decisions] == [403, 403, 403]


async def test_htmx_verify_updates_the_row_in_place(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(workspace.tenant, xiaoli, where["home"])
    await _staff(workspace.tenant, where["home"])
    await login(client, workspace.slug, "staff")
    url = f"/t/{workspace.slug}/hours/{record.id}/verify"

    response = await post_form(client, url, {"from": "pending", "page": "1"}, headers=HTMX)
    again = await post_form(client, url, {"from": "pending", "page": "1"}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.strip().startswith(f'<li class="card hours-row" id="hours-{record.id}"')
    assert "已通过：xiaoli同志，2小时。" in text_of(response.text)
    assert f"/hours/{record.id}/verify" not in response.text  # decided: no second verify
    assert again.status_code == 422 and "该服务时长已审核。" in again.text
    pending = text_of((await client.get(f"/t/{workspace.slug}/hours/pending")).text)
    assert "没有待您审核的服务时长。" in pending


async def test_rejecting_needs_a_reason_next_to_its_field(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(workspace.tenant, xiaoli, where["home"])
    await _staff(workspace.tenant, where["home"])
    await login(client, workspace.slug, "staff")
    url = f"/t/{workspace.slug}/hours/{record.id}/reject"

    with_htmx = await post_form(client, url, {"reason": "  ", "from": "pending"}, headers=HTMX)
    without = await post_form(client, url, {"reason": "", "from": "pending", "page": "1"})
    rejected = await post_form(
        client, url, {"reason": "当天没有安排此项服务", "from": "pending", "page": "1"}
    )

    assert with_htmx.status_code == 422
    assert with_htmx.text.strip().startswith(f'<li class="card hours-row" id="hours-{record.id}"')
    assert f'id="reject-{record.id}-reason-error"' in with_htmx.text
    assert "此项为必填项。" in with_htmx.text
    assert '<details class="decision" open>' in with_htmx.text
    assert without.status_code == 422 and "<html" in without.text
    assert f'id="reject-{record.id}-reason-error"' in without.text
    assert rejected.status_code == 303
    assert rejected.headers["location"] == (
        f"/t/{workspace.slug}/hours/pending?page=1#hours-{record.id}"
    )
    await login(client, workspace.slug, "xiaoli")
    mine = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "已驳回" in mine and "原因：当天没有安排此项服务" in mine


async def test_a_correction_is_kept_with_who_when_and_why(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(workspace.tenant, xiaoli, where["home"], minutes=120)
    await _staff(workspace.tenant, where["home"])
    await login(client, workspace.slug, "staff")
    url = f"/t/{workspace.slug}/hours/{record.id}/correct"

    unreadable = await post_form(
        client, url, {"minutes": "一个半小时", "reason": "", "from": "record"}, headers=HTMX
    )
    unchanged = await post_form(
        client, url, {"minutes": "120", "reason": "核对", "from": "record"}, headers=HTMX
    )
    corrected = await post_form(
        client, url, {"minutes": "90", "reason": "签退时间登记有误", "from": "record"}
    )

    assert unreadable.status_code == 422
    assert unreadable.text.strip().startswith('<section id="record"')
    assert f'id="correct-{record.id}-minutes-error"' in unreadable.text
    assert "请输入整数分钟数。" in unreadable.text
    assert f'id="correct-{record.id}-reason-error"' in unreadable.text
    assert 'value="一个半小时"' in unreadable.text
    assert unchanged.status_code == 422 and "记录的时长已是这个数值。" in unchanged.text
    assert corrected.status_code == 303
    assert corrected.headers["location"] == f"/t/{workspace.slug}/hours/{record.id}"
    page = text_of((await client.get(corrected.headers["location"])).text)
    assert "2小时 → 1小时30分钟" in page
    assert "staff同志" in page and "原因：签退时间登记有误" in page
    assert "更正记录 1" in page
    await login(client, workspace.slug, "xiaoli")  # the volunteer reads their own record
    own = await client.get(f"/t/{workspace.slug}/hours/{record.id}")
    assert own.status_code == 200 and "2小时 → 1小时30分钟" in text_of(own.text)
    assert f"/hours/{record.id}/correct" not in own.text


async def test_htmx_correction_on_the_list_keeps_the_row_pending(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(workspace.tenant, xiaoli, where["home"], minutes=120)
    await _staff(workspace.tenant, where["home"])
    await login(client, workspace.slug, "staff")

    response = await post_form(
        client,
        f"/t/{workspace.slug}/hours/{record.id}/correct",
        {"minutes": "100", "reason": "扣除午休", "from": "pending", "page": "1"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response.text.strip().startswith(f'<li class="card hours-row" id="hours-{record.id}"')
    text = text_of(response.text)
    assert "已更正为 1小时40分钟。" in text and "已更正 1 次。" in text
    assert f"/hours/{record.id}/verify" in response.text  # still waits for a decision


async def test_rejected_hours_cannot_be_corrected(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(
        workspace.tenant, xiaoli, where["home"], status="rejected", rejection_reason="重复申报"
    )
    await _staff(workspace.tenant, where["home"])
    await login(client, workspace.slug, "staff")

    page = await client.get(f"/t/{workspace.slug}/hours/{record.id}")
    response = await post_form(
        client,
        f"/t/{workspace.slug}/hours/{record.id}/correct",
        {"minutes": "60", "reason": "试试", "from": "record"},
        headers=HTMX,
    )

    assert "重复申报" in page.text and f"/hours/{record.id}/correct" not in page.text
    assert response.status_code == 422
    assert "已驳回的服务时长不能更正，请重新申报。" in response.text


async def test_nobody_decides_on_their_own_hours(client, workspace) -> None:
    tenant = workspace.tenant
    where = await places(tenant)
    both = await volunteer(tenant, "both", grid=where["grid"])
    from coalition.actors.accounts import grant_role
    from coalition.actors.schemas import MembershipInput
    from coalition.tenancy import TenantScope

    await grant_role(
        TenantScope.system(tenant.id),
        MembershipInput(
            person_id=both.person_id, role="community_staff", community_id=where["home"].id
        ),
    )
    own = await _pending(tenant, both, where["home"])
    await login(client, workspace.slug, "both")

    pending = await client.get(f"/t/{workspace.slug}/hours/pending")
    refused = await post_form(client, f"/t/{workspace.slug}/hours/{own.id}/verify", {})

    assert "这是您本人的服务时长，需由其他审核人审核。" in pending.text
    assert f"/hours/{own.id}/verify" not in pending.text
    assert refused.status_code == 403


async def test_pending_hours_come_a_page_at_a_time(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    for n in range(22):
        await _pending(
            workspace.tenant,
            xiaoli,
            where["home"],
            note=f"第{n + 1:02d}条记录",
            served_on=today() - timedelta(days=30 - n),
        )
    await login(client, workspace.slug, workspace.admin)

    first = await client.get(f"/t/{workspace.slug}/hours/pending")
    second = await client.get(f"/t/{workspace.slug}/hours/pending?page=2", headers=HTMX)

    assert "第01条记录" in first.text and "第20条记录" in first.text
    assert "第21条记录" not in first.text
    assert second.status_code == 200
    assert second.text.strip().startswith('<section id="pending-list"')
    assert "第21条记录" in second.text and "第22条记录" in second.text
    assert second.headers["vary"] == "HX-Request"


async def test_hours_of_another_tenant_are_a_404(client, workspace, other_workspace) -> None:
    theirs_place = await CommunityFactory.create(tenant=other_workspace.tenant)
    faraway = await volunteer(other_workspace.tenant, "faraway")
    theirs = await _pending(other_workspace.tenant, faraway, theirs_place, note="别人的时长")
    await login(client, workspace.slug, workspace.admin)
    base = f"/t/{workspace.slug}/hours/{theirs.id}"

    page = await client.get(base)
    decisions = [
        await post_form(client, f"{base}/{action}", data)
        for action, data in (
            ("verify", {}),
            ("reject", {"reason": "越权"}),
            ("correct", {"minutes": "60", "reason": "越权"}),
        )
    ]

    assert page.status_code == 404 and "别人的时长" not in page.text
    assert [d.status_code for d in decisions] == [404, 404, 404]
    pending = text_of((await client.get(f"/t/{workspace.slug}/hours/pending")).text)
    assert "别人的时长" not in pending


async def test_a_decision_without_the_csrf_token_is_refused(client, workspace) -> None:
    where = await places(workspace.tenant)
    xiaoli = await volunteer(workspace.tenant, "xiaoli")
    record = await _pending(workspace.tenant, xiaoli, where["home"])
    await login(client, workspace.slug, workspace.admin)

    response = await client.post(f"/t/{workspace.slug}/hours/{record.id}/verify", data={})

    assert response.status_code == 403
    assert "表单已过期" in text_of(response.text)
    page = text_of((await client.get(f"/t/{workspace.slug}/hours/{record.id}")).text)
    assert "待审核" in page
