"""The reports page: exact figures of a small data set for March 2026 (in Asia/Shanghai),
the period picker, htmx swaps of the reports, and zeros for an empty period."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from coalition.testing.factories import (
    AgreementFactory,
    AllianceFactory,
    CommitmentItemFactory,
    CommunityFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    VolunteerFactory,
)
from coalition.testing.reports import (
    ActivityFactory,
    ActivityParticipantFactory,
    HoursRecordFactory,
    NeedFactory,
)
from tests.portal.conftest import HTMX, login, post_form, text_of

MARCH = "start=2026-03-01&end=2026-03-31"


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


def section(html: str, id_: str) -> str:
    """The visible text of the report section (or table) with this id."""
    begin = html.index(f'id="{id_}"')
    end_tag = "</table>" if html[html.rfind("<", 0, begin) :].startswith("<table") else "</section>"
    return text_of(html[begin : html.index(end_tag, begin)])


async def volunteer(tenant: Any, name: str) -> Any:
    person = await PersonFactory.create(tenant=tenant, name=name)
    return await VolunteerFactory.create(tenant=tenant, person=person)


@pytest.fixture
async def march(workspace) -> dict[str, Any]:
    """Hours, needs, activities and commitments of March 2026, and some outside it."""
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    town = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    org = await OrganisationFactory.create(tenant=tenant, name="阳光社工服务中心")
    unit = await UnitFactory.create(tenant=tenant, name="烟台供电公司")
    alliance = await AllianceFactory.create(tenant=tenant, name="狮子山片区党建联盟")
    li = await volunteer(tenant, "李秀兰")
    zhao = await volunteer(tenant, "赵建国")
    wang = await volunteer(tenant, "王芳")

    async def hours(who: Any, minutes: int, status: str = "verified", **where: Any) -> None:
        where.setdefault("served_on", date(2026, 3, 10))
        await HoursRecordFactory.create(
            tenant=tenant, volunteer=who, minutes=minutes, status=status, **where
        )

    await hours(li, 120, organisation=org, community=village, alliance=alliance)
    await hours(li, 60, unit=unit, community=village)
    await hours(li, 30, "pending", organisation=org)
    await hours(zhao, 90, organisation=org, served_on=date(2026, 3, 31))
    await hours(zhao, 45, "rejected", organisation=org)
    await hours(wang, 30, "pending", community=town, served_on=date(2026, 3, 1))
    await hours(li, 600, served_on=date(2026, 4, 1))  # April: not counted

    async def need(**values: Any) -> None:
        await NeedFactory.create(tenant=tenant, community=village, **values)

    filled_need = {"state": "completed", "settled_level": "grid"}
    await need(  # filled in 24 hours, settled in the grid
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        filled_at=at("2026-03-03 00:00"),
        completed_at=at("2026-03-10 00:00"),
        **filled_need,
    )
    await need(  # filled in 48 hours, settled in the grid
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        filled_at=at("2026-03-04 00:00"),
        completed_at=at("2026-03-12 00:00"),
        **filled_need,
    )
    await need(  # filled in 6 hours, settled at the community
        created_at=at("2026-03-05 00:00"),
        opened_at=at("2026-03-05 00:00"),
        filled_at=at("2026-03-05 06:00"),
        completed_at=at("2026-03-20 00:00"),
        state="completed",
        settled_level="community",
    )
    await need(created_at=at("2026-03-06 00:00"), opened_at=at("2026-03-06 00:00"), state="open")
    await need(created_at=at("2026-03-07 00:00"))  # a draft, never opened
    await need(  # posted and filled in February, settled at the township in March
        created_at=at("2026-02-10 00:00"),
        opened_at=at("2026-02-10 00:00"),
        filled_at=at("2026-02-11 00:00"),
        completed_at=at("2026-03-15 00:00"),
        state="completed",
        settled_level="township",
    )
    await need(  # completed with no level recorded
        created_at=at("2026-03-01 00:00"),
        opened_at=at("2026-03-01 00:00"),
        completed_at=at("2026-03-25 00:00"),
        state="completed",
    )
    mediation = {"category": "dispute_mediation"}
    await need(  # a dispute resolved in the grid
        created_at=at("2026-03-08 00:00"),
        opened_at=at("2026-03-08 00:00"),
        completed_at=at("2026-03-09 00:00"),
        **mediation,
        **filled_need,
    )
    await need(  # a dispute given up
        created_at=at("2026-03-08 00:00"),
        opened_at=at("2026-03-08 00:00"),
        closed_at=at("2026-03-09 00:00"),
        state="cancelled",
        **mediation,
    )
    await need(  # a dispute still open
        created_at=at("2026-03-20 00:00"),
        opened_at=at("2026-03-20 00:00"),
        state="open",
        **mediation,
    )

    cleanup = await ActivityFactory.create(
        tenant=tenant, area="sanitation", held_on=date(2026, 3, 5)
    )
    await ActivityParticipantFactory.create(tenant=tenant, activity=cleanup, minutes=120)
    await ActivityParticipantFactory.create(tenant=tenant, activity=cleanup, minutes=60)
    river = await ActivityFactory.create(
        tenant=tenant, area="sanitation", held_on=date(2026, 3, 12)
    )
    await ActivityParticipantFactory.create(tenant=tenant, activity=river, minutes=30)
    await ActivityFactory.create(tenant=tenant, area="culture", held_on=date(2026, 3, 20))
    await ActivityFactory.create(tenant=tenant, area="culture", held_on=date(2026, 4, 1))

    agreement = await AgreementFactory.create(
        tenant=tenant, community=town, title="东北村社区共建协议"
    )
    for number, (status, due) in enumerate(
        [
            ("done", date(2026, 3, 10)),
            ("open", date(2026, 3, 15)),
            ("in_progress", date(2026, 3, 31)),
            ("cancelled", date(2026, 3, 20)),
            ("open", date(2026, 5, 1)),  # due after March
        ],
        start=1,
    ):
        await CommitmentItemFactory.create(
            tenant=tenant, agreement=agreement, number=number, status=status, due_on=due
        )
    return {"agreement": agreement}


async def test_the_reports_of_march_show_exact_figures(client, workspace, march) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    response = await client.get(f"/t/{workspace.slug}/reports?{MARCH}")

    assert response.status_code == 200
    html = response.text
    assert "2026-03-01 至 2026-03-31" in text_of(html)
    hours = section(html, "report-hours")
    assert "4.5 已审核时长（小时） 1 待审核时长（小时） 3 参与服务的志愿者" in hours
    assert section(html, "hours-by-volunteer").endswith("李秀兰 3 0.5 赵建国 1.5 0 王芳 0 0.5 ")
    assert "阳光社工服务中心 3.5 0.5" in section(html, "hours-by-organisation")
    assert "烟台供电公司 1 0" in section(html, "hours-by-unit")
    assert "狮子山村 3 0 东北村社区 0 0.5" in section(html, "hours-by-community")
    assert "狮子山片区党建联盟 2 0" in section(html, "hours-by-alliance")

    needs = section(html, "report-needs")
    assert "9 新增需求 3 已满员 6 已完成 1 已取消 37.5% 满员率 24 小时 满员用时（中位数）" in needs
    assert "新增并发布的 8 个需求中，3 个的班次已全部满员" in needs

    levels = section(html, "report-levels")
    assert "本时段内办结需求 6 个。" in levels
    assert "网格 3 60% 社区 1 20% 镇街 1 20% 县级及以上 0 0%" in levels
    assert "另有 1 个已办结需求未记录办结层级" in levels

    activities = section(html, "activities-by-area")
    assert "环境卫生连抓 2 3 3.5 文化活动连搞 1 0 0" in activities

    mediation = section(html, "report-mediation")
    assert "3 受理 1 调解成功 2 未调解成功 50% 调解成功率" in mediation
    assert "撤销 1 件，时段结束时仍在办理 1 件" in mediation

    commitments = section(html, "report-commitments")
    assert "1 已完成 2 未完成 2 已逾期" in commitments
    assert "东北村社区共建协议 东北村社区 1 2 2" in commitments


async def test_an_empty_period_shows_zeros_and_dashes(client, workspace, march) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/reports?start=2020-01-01&end=2020-01-31")

    assert response.status_code == 200
    html = response.text
    assert "0 已审核时长（小时） 0 待审核时长（小时） 0 参与服务的志愿者" in section(
        html, "report-hours"
    )
    assert "0 新增需求 0 已满员 0 已完成 0 已取消 — 满员率 — 满员用时（中位数）" in section(
        html, "report-needs"
    )
    assert "网格 0 — 社区 0 — 镇街 0 — 县级及以上 0 —" in section(html, "report-levels")
    assert "0 受理 0 调解成功 0 未调解成功 — 调解成功率" in section(html, "report-mediation")
    assert "本时段内没有数据。" in section(html, "report-activities")
    assert "0 已完成 0 未完成 0 已逾期" in section(html, "report-commitments")


async def test_the_period_defaults_to_this_month_with_quick_links(client, workspace) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/reports")

    html = response.text
    assert f'value="{first.isoformat()}"' in html and f'value="{last.isoformat()}"' in html
    assert f"{first.isoformat()} 至 {last.isoformat()}" in text_of(html)
    month_link = re.search(r'<a class="tap" href="([^"]+)"[^>]*aria-current="true">本月</a>', html)
    assert month_link is not None
    assert f"start={quarter.isoformat()}" in html  # this quarter
    assert f"start={today.year}-01-01&amp;end={today.year}-12-31" in html  # this year


async def test_htmx_swaps_the_reports_for_another_period(client, workspace, march) -> None:
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/reports?{MARCH}"

    fragment = await client.get(url, headers=HTMX)
    page = await client.get(url)

    assert fragment.status_code == 200
    assert fragment.text.strip().startswith('<div id="reports">')
    assert "<html" not in fragment.text and "李秀兰" in fragment.text
    assert fragment.headers["vary"] == "HX-Request" == page.headers["vary"]
    assert "<html" in page.text


async def test_a_wrong_period_is_shown_next_to_its_dates(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)
    base = f"/t/{workspace.slug}/reports"

    backwards = await client.get(f"{base}?start=2026-03-31&end=2026-03-01", headers=HTMX)
    not_a_date = await client.get(f"{base}?start=上个月&end=2026-03-01")
    too_long = await client.get(f"{base}?start=2000-01-01&end=2026-03-01")

    assert backwards.status_code == not_a_date.status_code == too_long.status_code == 422
    assert 'id="period-end-error"' in backwards.text
    assert "截止日期早于起始日期。" in backwards.text
    assert 'id="period-start-error"' in not_a_date.text and 'value="上个月"' in not_a_date.text
    assert "报表时段最长 3660 天。" in too_long.text
    assert "请选择有效的时段后查看报表。" in backwards.text


async def test_reports_need_a_member_of_the_tenant(client, workspace, other_workspace) -> None:
    anonymous = await client.get(f"/t/{workspace.slug}/reports")
    await login(client, workspace.slug, workspace.admin)
    theirs = await client.get(f"/t/{other_workspace.slug}/reports")

    assert anonymous.status_code == 303
    assert theirs.status_code == 404


async def test_the_reports_speak_english_too(client, workspace, march) -> None:
    await login(client, workspace.slug, workspace.admin)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    response = await client.get(f"/t/{workspace.slug}/reports?{MARCH}")

    assert response.status_code == 200
    text = text_of(response.text)
    assert "2026-03-01 to 2026-03-31" in text
    assert "Grid level 3 60% Community level 1 20%" in section(response.text, "report-levels")
    assert "37.5% Fill rate 24 h Median time to fill" in section(response.text, "report-needs")
    assert "Environment and sanitation 2 3 3.5" in section(response.text, "activities-by-area")
