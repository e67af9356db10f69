"""The joint activity log: log an activity with or without JavaScript, see it in the log and
on its own page, browse the log with filters and pages, only inside one's own tenant."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition.testing.factories import (
    ActivityFactory,
    ActivityOrganiserFactory,
    AllianceFactory,
    CommunityFactory,
    NeedFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    VolunteerFactory,
)
from tests.portal.activities.posting import client_post
from tests.portal.conftest import HTMX, login, person_with_login, post_form, text_of


def today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


async def volunteer(tenant: Any, name: str) -> Any:
    person = await PersonFactory.create(tenant=tenant, name=name)
    await VolunteerFactory.create(tenant=tenant, person=person)
    return person


def between(html: str, start: str, end: str) -> str:
    """The text of the part of ``html`` from ``start`` to the next ``end``."""
    begin = html.index(start)
    return text_of(html[begin : html.index(end, begin)])


async def test_an_activity_is_logged_with_organisers_participants_and_a_need(
    client, workspace
) -> None:
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    org = await OrganisationFactory.create(tenant=tenant, name="阳光社工服务中心")
    unit = await UnitFactory.create(tenant=tenant, name="烟台供电公司")
    li = await volunteer(tenant, "李秀兰")
    zhao = await volunteer(tenant, "赵建国")
    need = await NeedFactory.create(tenant=tenant, community=village, title="帮独居老人打扫卫生")
    await login(client, workspace.slug, workspace.admin)
    page = await client.get(f"/t/{workspace.slug}/activities/new")
    assert page.status_code == 200
    assert "李秀兰" in page.text and "帮独居老人打扫卫生" in page.text
    assert 'name="participants.4.minutes"' in page.text  # five blank rows without JS

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "环境卫生整治日"),
            ("area", "sanitation"),
            ("held_on", today().isoformat()),
            ("place", "村委会广场"),
            ("community_ids", str(village.id)),
            ("organisation_ids", str(org.id)),
            ("unit_ids", str(unit.id)),
            ("participants.0.person", str(li.id)),
            ("participants.0.role", "volunteer"),
            ("participants.0.minutes", "150"),
            ("participants.1.person", ""),
            ("participants.1.role", "volunteer"),
            ("participants.1.minutes", ""),
            ("participants.2.person", str(zhao.id)),
            ("participants.2.role", "volunteer"),
            ("participants.2.minutes", "90"),
            ("need_ids", str(need.id)),
            ("outcome", "清理垃圾3吨\n修补道路两处"),
        ],
    )

    assert response.status_code == 303
    url = response.headers["location"]
    assert re.fullmatch(rf"/t/{workspace.slug}/activities/\d+", url)
    shown = await client.get(url)
    text = text_of(shown.text)
    assert "环境卫生整治日" in text and "环境卫生连抓" in text  # the joint area, in Chinese
    assert "狮子山村" in text and "阳光社工服务中心" in text and "烟台供电公司" in text
    assert "李秀兰 志愿者 2.5 小时" in text and "赵建国 志愿者 1.5 小时" in text
    assert "志愿服务时长：4 小时" in text
    assert f'href="/t/{workspace.slug}/needs/{need.id}"' in shown.text
    assert "清理垃圾3吨\n修补道路两处" in shown.text

    log = await client.get(f"/t/{workspace.slug}/activities")
    assert "环境卫生整治日" in log.text
    assert "参与 2 人次 · 志愿服务时长 4 小时" in text_of(log.text)

    report = await client.get(f"/t/{workspace.slug}/reports")  # this month by default
    volunteers = between(report.text, 'id="hours-by-volunteer"', "</table>")
    assert "李秀兰 2.5 0" in volunteers and "赵建国 1.5 0" in volunteers
    by_org = between(report.text, 'id="hours-by-organisation"', "</table>")
    assert "阳光社工服务中心 4 0" in by_org


async def test_a_volunteer_logs_an_activity_and_the_hours_wait_for_verification(
    client, workspace
) -> None:
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    wang = await volunteer(tenant, "王大妈")
    await login(client, workspace.slug, workspace.volunteer)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "重阳节敬老文艺汇演"),
            ("area", "culture"),
            ("held_on", today().isoformat()),
            ("community_ids", str(village.id)),
            ("participants.0.person", str(wang.id)),
            ("participants.0.role", "volunteer"),
            ("participants.0.minutes", "60"),
        ],
    )

    assert response.status_code == 303
    report = await client.get(f"/t/{workspace.slug}/reports")
    assert "王大妈 0 1" in between(report.text, 'id="hours-by-volunteer"', "</table>")


async def test_errors_stand_next_to_their_rows_and_every_typed_value_is_kept(
    client, workspace
) -> None:
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    li = await volunteer(tenant, "李秀兰")
    await login(client, workspace.slug, workspace.admin)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "治安巡逻"),
            ("area", "security_patrol"),
            ("held_on", "2026-13-40"),
            ("place", "山前路"),
            ("community_ids", str(village.id)),
            ("participants.0.person", str(li.id)),
            ("participants.0.minutes", "120"),
            ("participants.2.person", str(li.id)),
            ("participants.2.role", "volunteer"),
            ("participants.2.minutes", "两小时"),
            ("participants.3.person", ""),
            ("participants.3.minutes", "30"),
            ("outcome", "巡逻两圈"),
        ],
    )

    assert response.status_code == 422
    html = response.text
    assert "<html" in html  # without htmx: the whole page again
    assert 'id="activity-held_on-error"' in html and "请按 年-月-日 格式填写日期" in html
    assert 'id="participant-2-minutes-error"' in html and "请填写整数。" in html
    assert 'id="participant-3-person-error"' in html and "此项为必填项。" in html
    assert 'id="participant-0-minutes-error"' not in html
    assert 'value="两小时"' in html and 'value="山前路"' in html and 'value="2026-13-40"' in html
    assert 'value="120"' in html and "巡逻两圈</textarea>" in html
    assert f'value="{village.id}" checked' in html
    assert re.search(rf'<option value="{li.id}" selected>李秀兰', html)


async def test_the_library_errors_of_a_row_come_back_on_the_row_that_was_typed(
    client, workspace
) -> None:
    tenant = workspace.tenant
    village = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    li = await volunteer(tenant, "李秀兰")
    clerk = await PersonFactory.create(tenant=tenant, name="村委会文书")  # not a volunteer
    await login(client, workspace.slug, workspace.admin)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "治安巡逻"),
            ("area", "security_patrol"),
            ("held_on", (today() + timedelta(days=2)).isoformat()),
            ("community_ids", str(village.id)),
            # row 0 left blank: the library numbers the rows it gets from 0
            ("participants.1.person", str(clerk.id)),
            ("participants.1.role", "volunteer"),
            ("participants.1.minutes", "60"),
            ("participants.2.person", str(li.id)),
            ("participants.2.role", "volunteer"),
            ("participants.2.minutes", "2000"),
        ],
        headers=HTMX,
    )

    assert response.status_code == 422
    html = response.text
    assert html.strip().startswith('<form id="activity-form"')  # htmx: just the form
    assert response.headers["vary"] == "HX-Request"
    assert 'id="participant-1-person-error"' in html
    assert "此人尚未登记为志愿者，请将参与身份选为工作人员。" in html
    assert 'id="participant-2-minutes-error"' in html and "必须介于 0 和 1440 之间。" in html
    assert 'id="activity-held_on-error"' in html and "日期不能晚于今天。" in html


async def test_an_activity_needs_a_co_organiser(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [("title", ""), ("area", "culture"), ("held_on", today().isoformat())],
    )

    assert response.status_code == 422
    assert 'id="activity-organisers-error"' in response.text
    assert "请至少选择一个联办单位。" in response.text
    assert 'id="activity-title-error"' in response.text


async def test_htmx_logs_an_activity_and_opens_its_page(client, workspace) -> None:
    unit = await UnitFactory.create(tenant=workspace.tenant, name="烟台供电公司")
    await login(client, workspace.slug, workspace.admin)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "安全用电进社区"),
            ("area", "public_welfare"),
            ("held_on", today().isoformat()),
            ("unit_ids", str(unit.id)),
        ],
        headers=HTMX,
    )

    assert response.status_code == 200
    assert re.fullmatch(rf"/t/{workspace.slug}/activities/\d+", response.headers["HX-Redirect"])


async def test_a_row_is_added_with_htmx_or_by_posting_the_form_back(client, workspace) -> None:
    await volunteer(workspace.tenant, "李秀兰")
    await login(client, workspace.slug, workspace.admin)

    row = await client.get(
        f"/t/{workspace.slug}/activities/new/participant-row?index=5", headers=HTMX
    )
    posted = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "还没写完"),
            ("participants.4.minutes", "45"),
            ("add_row", "1"),
        ],
    )

    assert row.status_code == 200
    assert row.text.strip().startswith('<fieldset class="participant" id="participant-5"')
    assert 'name="participants.5.person"' in row.text and "李秀兰" in row.text
    assert 'hx-swap-oob="true"' in row.text and "participant-row?index=6" in row.text
    assert posted.status_code == 200  # nothing saved, no error shown
    assert 'name="participants.5.minutes"' in posted.text
    assert 'name="participants.6.minutes"' not in posted.text
    assert 'value="还没写完"' in posted.text and 'value="45"' in posted.text
    assert "field-error" not in posted.text
    log = await client.get(f"/t/{workspace.slug}/activities")
    assert "还没写完" not in log.text


async def seed_log(tenant: Any) -> dict[str, Any]:
    """25 activities of one village on consecutive days, and three others."""
    village = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    other = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    org = await OrganisationFactory.create(tenant=tenant, name="阳光社工服务中心")
    alliance = await AllianceFactory.create(tenant=tenant, name="狮子山片区党建联盟")
    for n in range(25):
        activity = await ActivityFactory.create(
            tenant=tenant, title=f"文艺汇演第{n:02d}场", held_on=date(2026, 3, 1) + timedelta(n)
        )
        await ActivityOrganiserFactory.create(tenant=tenant, activity=activity, community=village)
    patrol = await ActivityFactory.create(
        tenant=tenant, title="夜间治安巡逻", area="security_patrol", held_on=date(2026, 2, 10)
    )
    await ActivityOrganiserFactory.create(tenant=tenant, activity=patrol, community=other)
    clean = await ActivityFactory.create(
        tenant=tenant,
        title="河道清理",
        area="sanitation",
        held_on=date(2026, 2, 12),
        alliance=alliance,
    )
    await ActivityOrganiserFactory.create(
        tenant=tenant, activity=clean, community=None, organisation=org
    )
    return {"village": village, "other": other, "org": org, "alliance": alliance}


async def test_the_log_is_newest_first_filtered_and_paged(client, workspace) -> None:
    seeded = await seed_log(workspace.tenant)
    await login(client, workspace.slug, workspace.volunteer)
    base = f"/t/{workspace.slug}/activities"

    first = await client.get(base)
    second = await client.get(f"{base}?page=2")
    village = await client.get(f"{base}?organiser=community:{seeded['village'].id}&page=2")
    patrols = await client.get(f"{base}?area=security_patrol")
    february = await client.get(f"{base}?start=2026-02-01&end=2026-02-28")
    alliance = await client.get(f"{base}?alliance={seeded['alliance'].id}")
    by_org = await client.get(f"{base}?organiser=organisation:{seeded['org'].id}")

    assert "共 27 场活动" in text_of(first.text) and "第 1 / 2 页" in text_of(first.text)
    titles = re.findall(r"文艺汇演第(\d\d)场", first.text)
    assert titles[:3] == ["24", "23", "22"] and len(titles) == 20
    assert "夜间治安巡逻" not in first.text and "河道清理" not in first.text
    assert re.findall(r"文艺汇演第(\d\d)场", second.text) == ["04", "03", "02", "01", "00"]
    assert "夜间治安巡逻" in second.text and "河道清理" in second.text
    assert f'href="{base}?page=1"' not in second.text  # the first page has no page number
    assert f'href="{base}"' in second.text
    assert "共 25 场活动" in text_of(village.text) and "夜间治安巡逻" not in village.text
    assert "夜间治安巡逻" in patrols.text and "河道清理" not in patrols.text
    assert "共 1 场活动" in text_of(patrols.text)
    assert "共 2 场活动" in text_of(february.text) and "文艺汇演" not in february.text
    assert "河道清理" in alliance.text and "共 1 场活动" in text_of(alliance.text)
    assert "河道清理" in by_org.text and "共 1 场活动" in text_of(by_org.text)
    assert 'value="security_patrol" selected' in patrols.text  # the filter stays chosen


async def test_htmx_gets_the_log_fragment_with_vary(client, workspace) -> None:
    seeded = await seed_log(workspace.tenant)
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/activities?organiser=community:{seeded['other'].id}"

    fragment = await client.get(url, headers=HTMX)
    page = await client.get(url)

    assert fragment.status_code == 200
    assert fragment.text.strip().startswith('<div id="activity-log">')
    assert "<html" not in fragment.text and "夜间治安巡逻" in fragment.text
    assert fragment.headers["vary"] == "HX-Request" == page.headers["vary"]
    assert "<html" in page.text


async def test_bad_filters_are_shown_next_to_their_fields(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)
    base = f"/t/{workspace.slug}/activities"

    bad_date = await client.get(f"{base}?start=三月")
    backwards = await client.get(f"{base}?start=2026-03-10&end=2026-03-01", headers=HTMX)
    odd = await client.get(f"{base}?page=abc&organiser=nobody&alliance=x")

    assert bad_date.status_code == 422
    assert 'id="filter-start-error"' in bad_date.text and 'value="三月"' in bad_date.text
    assert backwards.status_code == 422
    assert 'id="filter-end-error"' in backwards.text
    assert "截止日期早于起始日期。" in backwards.text
    assert odd.status_code == 200  # meaningless values are ignored


async def test_an_activity_of_another_tenant_is_a_404(client, workspace, other_workspace) -> None:
    theirs = await ActivityFactory.create(tenant=other_workspace.tenant, title="别人的活动")
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/activities/{theirs.id}")
    their_log = await client.get(f"/t/{other_workspace.slug}/activities")

    assert response.status_code == 404 == their_log.status_code
    assert "别人的活动" not in response.text and "别人的活动" not in their_log.text
    assert "页面不存在" in text_of(response.text)


async def test_ids_of_another_tenant_in_the_form_are_refused(
    client, workspace, other_workspace
) -> None:
    theirs = await CommunityFactory.create(tenant=other_workspace.tenant, name="别人的社区")
    await login(client, workspace.slug, workspace.admin)

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "越权活动"),
            ("area", "culture"),
            ("held_on", today().isoformat()),
            ("community_ids", str(theirs.id)),
        ],
    )

    assert response.status_code == 422
    assert "您的工作空间中没有该社区。" in response.text
    assert "别人的社区" not in response.text
    log = await client.get(f"/t/{workspace.slug}/activities")
    assert "越权活动" not in log.text


async def test_pages_need_a_sign_in_and_posts_need_the_csrf_token(client, workspace) -> None:
    village = await CommunityFactory.create(tenant=workspace.tenant)

    anonymous = await client.get(f"/t/{workspace.slug}/activities")
    await login(client, workspace.slug, workspace.admin)
    forged = await client.post(
        f"/t/{workspace.slug}/activities/new",
        data={
            "title": "伪造",
            "area": "culture",
            "held_on": today().isoformat(),
            "community_ids": str(village.id),
        },
    )

    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith(f"/t/{workspace.slug}/login")
    assert forged.status_code == 403
    assert "表单已过期" in text_of(forged.text)


async def test_every_role_may_log_and_read(client, workspace) -> None:
    unit = await UnitFactory.create(tenant=workspace.tenant)
    await person_with_login(
        workspace.tenant.id, "liaison", {"role": "unit_liaison", "unit_id": unit.id}
    )
    await login(client, workspace.slug, "liaison")

    log = await client.get(f"/t/{workspace.slug}/activities")
    form = await client.get(f"/t/{workspace.slug}/activities/new")

    assert log.status_code == form.status_code == 200


async def test_the_form_speaks_english_too(client, workspace) -> None:
    village = await CommunityFactory.create(tenant=workspace.tenant, name="狮子山村")
    li = await volunteer(workspace.tenant, "李秀兰")
    await login(client, workspace.slug, workspace.admin)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    response = await client_post(
        client,
        f"/t/{workspace.slug}/activities/new",
        [
            ("title", "Patrol"),
            ("area", "security_patrol"),
            ("held_on", today().isoformat()),
            ("community_ids", str(village.id)),
            ("participants.0.person", str(li.id)),
            ("participants.0.minutes", "1.5h"),
        ],
    )

    assert response.status_code == 422
    assert "Joint public-security patrols" in response.text
    assert 'id="participant-0-minutes-error"' in response.text
    assert "Give a whole number of minutes." in response.text
