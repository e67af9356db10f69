"""Commitment items: listed per agreement with the overdue ones marked; progress reported
by those the library allows, with or without JavaScript, only inside one's own tenant."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coalition.testing.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentItemFactory,
    CommunityFactory,
    UnitFactory,
)
from tests.portal.conftest import HTMX, login, person_with_login, post_form, text_of


def item_html(html: str, item_id: int) -> str:
    begin = html.rfind("<li", 0, html.index(f'id="item-{item_id}"'))
    return html[begin : html.index("</li>", begin)]


@pytest.fixture
async def items(workspace) -> dict[str, Any]:
    tenant = workspace.tenant
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    town = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    power = await UnitFactory.create(tenant=tenant, name="烟台供电公司")
    agreement = await AgreementFactory.create(
        tenant=tenant,
        community=town,
        title="东北村社区共建协议",
        signed_on=today - timedelta(days=200),
        valid_until=today + timedelta(days=700),
    )
    party = await AgreementPartyFactory.create(tenant=tenant, agreement=agreement, unit=power)
    late = await CommitmentItemFactory.create(
        tenant=tenant,
        agreement=agreement,
        number=1,
        title="修缮村内道路",
        due_on=today - timedelta(days=1),
    )
    lights = await CommitmentItemFactory.create(
        tenant=tenant,
        agreement=agreement,
        number=2,
        title="更换路灯",
        owner_party=party,
        status="in_progress",
        due_on=today + timedelta(days=30),
    )
    done = await CommitmentItemFactory.create(
        tenant=tenant,
        agreement=agreement,
        number=3,
        title="建设文化广场",
        status="done",
        due_on=today - timedelta(days=30),
    )
    await person_with_login(tenant.id, "liaison", {"role": "unit_liaison", "unit_id": power.id})
    return {"agreement": agreement, "late": late, "lights": lights, "done": done}


async def test_items_are_listed_per_agreement_with_the_overdue_marked(
    client, workspace, items
) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    page = await client.get(f"/t/{workspace.slug}/reports/commitments")
    overdue = await client.get(f"/t/{workspace.slug}/reports/commitments?overdue=1")

    assert page.status_code == 200
    html = page.text
    assert f'id="agreement-{items["agreement"].id}"' in html
    assert "东北村社区共建协议" in html and "烟台供电公司" in html
    late = item_html(html, items["late"].id)
    assert "已逾期" in late and "is-overdue" in late and "未开始" in late
    lights = item_html(html, items["lights"].id)
    assert "已逾期" not in lights and "推进中" in lights and "烟台供电公司" in text_of(lights)
    assert "已逾期" not in item_html(html, items["done"].id)
    assert "<form" not in html.split("<main", 1)[1].split("</main>")[0]  # volunteers only read
    assert "修缮村内道路" in overdue.text
    assert "更换路灯" not in overdue.text and "建设文化广场" not in overdue.text
    assert "仅看逾期（1）" in text_of(overdue.text)


async def test_an_administrator_reports_progress_without_javascript(
    client, workspace, items
) -> None:
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/reports/commitments/{items['late'].id}"

    response = await post_form(
        client, url, {"status": "in_progress", "progress_note": "已完成路基施工，预计下月通车"}
    )

    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/reports/commitments#item-{items['late'].id}")
    page = await client.get(f"/t/{workspace.slug}/reports/commitments")
    late = item_html(page.text, items["late"].id)
    assert "推进中" in late and "已完成路基施工，预计下月通车" in late
    assert "已逾期" in late  # still late until it is done


async def test_htmx_reports_progress_and_gets_the_item_back(client, workspace, items) -> None:
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/reports/commitments/{items['lights'].id}"

    response = await post_form(
        client, url, {"status": "done", "progress_note": "32盏路灯已全部更换"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.text.strip().startswith('<li class="card item"')
    assert "第 2 项的进展已保存。" in response.text
    assert "已完成" in response.text and "32盏路灯已全部更换" in response.text
    assert "<form" not in response.text  # done is final
    assert response.headers["vary"] == "HX-Request"


async def test_the_owning_unit_reports_on_its_own_items_only(client, workspace, items) -> None:
    await login(client, workspace.slug, "liaison")
    base = f"/t/{workspace.slug}/reports/commitments"

    page = await client.get(base)
    own = await post_form(
        client, f"{base}/{items['lights'].id}", {"status": "in_progress", "progress_note": "过半"}
    )
    others = await post_form(
        client, f"{base}/{items['late'].id}", {"status": "in_progress", "progress_note": "越权"}
    )

    assert "<form" in item_html(page.text, items["lights"].id)
    assert "<form" not in item_html(page.text, items["late"].id)
    assert own.status_code == 303
    assert others.status_code == 403
    assert "无权操作" in text_of(others.text)
    after = await client.get(base)
    assert "越权" not in after.text and "过半" in after.text


async def test_a_volunteer_may_not_report_progress(client, workspace, items) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    response = await post_form(
        client,
        f"/t/{workspace.slug}/reports/commitments/{items['late'].id}",
        {"status": "in_progress", "progress_note": "志愿者不能改"},
    )

    assert response.status_code == 403
    page = await client.get(f"/t/{workspace.slug}/reports/commitments")
    assert "志愿者不能改" not in page.text


async def test_wrong_progress_comes_back_next_to_the_field(client, workspace, items) -> None:
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/reports/commitments/{items['late'].id}"

    unknown = await post_form(client, url, {"status": "finished", "progress_note": "写好的说明"})
    skipped = await post_form(
        client, url, {"status": "done", "progress_note": "跳过推进"}, headers=HTMX
    )

    assert unknown.status_code == 422
    assert "<html" in unknown.text
    late = item_html(unknown.text, items["late"].id)
    assert f'id="item-{items["late"].id}-status-error"' in late and "请从列表中选择。" in late
    assert "写好的说明</textarea>" in late
    assert skipped.status_code == 422
    assert skipped.text.strip().startswith(
        f'<li class="card item is-overdue" id="item-{items["late"].id}"'
    )
    assert "第 1 项目前不能改为该状态。" in skipped.text
    assert "跳过推进</textarea>" in skipped.text


async def test_an_item_of_another_tenant_is_a_404(
    client, workspace, other_workspace, items
) -> None:
    theirs = await CommitmentItemFactory.create(tenant=other_workspace.tenant, title="别人的承诺")
    await login(client, workspace.slug, workspace.admin)

    response = await post_form(
        client,
        f"/t/{workspace.slug}/reports/commitments/{theirs.id}",
        {"status": "in_progress", "progress_note": "越权"},
    )
    their_page = await client.get(f"/t/{other_workspace.slug}/reports/commitments")

    assert response.status_code == 404 == their_page.status_code
    assert "别人的承诺" not in response.text and "别人的承诺" not in their_page.text


async def test_progress_needs_the_csrf_token(client, workspace, items) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.post(
        f"/t/{workspace.slug}/reports/commitments/{items['late'].id}",
        data={"status": "in_progress", "progress_note": "伪造"},
    )

    assert response.status_code == 403
    page = await client.get(f"/t/{workspace.slug}/reports/commitments")
    assert "伪造" not in page.text
    assert re.search("未开始", item_html(page.text, items["late"].id))
