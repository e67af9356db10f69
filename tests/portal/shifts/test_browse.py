"""Open shifts (志愿服务): nearest first, in the tenant's time, signing up for a place or
for the waitlist, with or without JavaScript."""

from __future__ import annotations

from datetime import timedelta

from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.shifts.helpers import (
    local,
    next_week,
    places,
    shift,
    signed_up,
    volunteer,
)


async def test_open_shifts_come_nearest_first_and_say_how_near(client, workspace) -> None:
    tenant = workspace.tenant
    where = await places(tenant)
    day = next_week()
    # The far shift starts first and the one in the home grid last: nearness wins.
    await shift(
        tenant,
        title="村东环境整治",
        grid=where["far_grid"],
        starts_at=local(day, 8),
        category="sanitation",
    )
    await shift(
        tenant,
        title="第二网格治安巡逻",
        grid=where["next_grid"],
        starts_at=local(day, 10),
        category="patrol",
    )
    await shift(tenant, title="第一网格助老服务", grid=where["grid"], starts_at=local(day, 14))
    await volunteer(tenant, "xiaoli", grid=where["grid"])
    await login(client, workspace.slug, "xiaoli")

    response = await client.get(f"/t/{workspace.slug}/shifts")

    assert response.status_code == 200
    text = text_of(response.text)
    grid_at = text.index("第一网格助老服务")
    community_at = text.index("第二网格治安巡逻")
    far_at = text.index("村东环境整治")
    assert grid_at < community_at < far_at
    assert "本网格" in text and "本社区" in text and "其他社区" in text
    assert "助老服务" in text and "治安巡逻" in text and "环境卫生" in text  # categories
    assert "14:00–16:00" in text  # Shanghai time, not UTC (06:00)
    assert f"{day.month}月{day.day}日" in text
    assert "剩余 2 个名额（共 2 个）" in text
    assert "幸福里社区 · 第一网格" in text


async def test_a_volunteer_signs_up_without_javascript(client, workspace) -> None:
    tenant = workspace.tenant
    where = await places(tenant)
    open_shift = await shift(tenant, title="周六助老服务", grid=where["grid"])
    await volunteer(tenant, "xiaoli", grid=where["grid"])
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(
        client, f"/t/{workspace.slug}/shifts/{open_shift.id}/signup", {"page": "1"}
    )

    assert response.status_code == 303
    assert (
        response.headers["location"] == f"/t/{workspace.slug}/shifts?page=1#shift-{open_shift.id}"
    )
    page = text_of((await client.get(f"/t/{workspace.slug}/shifts")).text)
    assert "您已报名。" in page and "剩余 1 个名额（共 2 个）" in page
    me = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "周六助老服务" in me and "已报名" in me


async def test_htmx_sign_up_swaps_the_card_in_place(client, workspace) -> None:
    tenant = workspace.tenant
    open_shift = await shift(tenant, title="周六助老服务")
    await volunteer(tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    response = await post_form(
        client, f"/t/{workspace.slug}/shifts/{open_shift.id}/signup", {"page": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.text.strip().startswith(
        f'<article class="card shift" id="shift-{open_shift.id}"'
    )
    assert "<html" not in response.text
    assert "报名成功，届时见！" in response.text
    assert response.headers["vary"] == "HX-Request"


async def test_a_full_shift_offers_the_waitlist_and_tells_the_position(client, workspace) -> None:
    tenant = workspace.tenant
    full = await shift(tenant, title="夜间治安巡逻", headcount=1)
    first = await volunteer(tenant, "first")
    await signed_up(tenant, first, full.id)
    second = await volunteer(tenant, "second")
    await signed_up(tenant, second, full.id)  # waits first
    await volunteer(tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    page = text_of((await client.get(f"/t/{workspace.slug}/shifts")).text)
    assert "已满——可报名候补" in page and "候补 1 人" in page and "报名候补" in page

    response = await post_form(
        client, f"/t/{workspace.slug}/shifts/{full.id}/signup", {"page": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    text = text_of(response.text)
    assert "班次已满：您是候补第2位。" in text
    assert "候补第2位" in text
    me = text_of((await client.get(f"/t/{workspace.slug}/me")).text)
    assert "候补第2位" in me


async def test_a_refused_sign_up_says_why_on_the_card_and_on_the_page(client, workspace) -> None:
    tenant = workspace.tenant
    starts = local(next_week(), 9)
    mine = await shift(tenant, title="上午助老服务", starts_at=starts)
    clash = await shift(tenant, title="同时段环境整治", starts_at=starts + timedelta(hours=1))
    me = await volunteer(tenant, "xiaoli")
    await signed_up(tenant, me, mine.id)
    await login(client, workspace.slug, "xiaoli")
    url = f"/t/{workspace.slug}/shifts/{clash.id}/signup"

    with_htmx = await post_form(client, url, {"page": "1"}, headers=HTMX)
    without = await post_form(client, url, {"page": "1"})

    assert with_htmx.status_code == without.status_code == 422
    assert with_htmx.text.strip().startswith(f'<article class="card shift" id="shift-{clash.id}"')
    assert "您在同一时间已有确认的班次。" in with_htmx.text
    assert "<html" in without.text and "您在同一时间已有确认的班次。" in without.text


async def test_open_shifts_come_a_page_at_a_time(client, workspace) -> None:
    tenant = workspace.tenant
    day = next_week()
    for n in range(12):
        await shift(
            tenant, title=f"第{n + 1:02d}班助老服务", starts_at=local(day, 6) + timedelta(hours=n)
        )
    await volunteer(tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    first = await client.get(f"/t/{workspace.slug}/shifts")
    second = await client.get(f"/t/{workspace.slug}/shifts?page=2", headers=HTMX)

    assert "第01班助老服务" in first.text and "第10班助老服务" in first.text
    assert "第11班助老服务" not in first.text
    assert f'href="/t/{workspace.slug}/shifts?page=2"' in first.text
    assert second.status_code == 200
    assert second.text.strip().startswith('<section id="shift-list"')
    assert "第11班助老服务" in second.text and "第12班助老服务" in second.text
    assert "第01班助老服务" not in second.text
    assert second.headers["vary"] == "HX-Request"


async def test_a_person_without_a_volunteer_profile_is_told_so(client, workspace) -> None:
    await login(client, workspace.slug, workspace.volunteer)  # the role, but no profile

    shifts = await client.get(f"/t/{workspace.slug}/shifts")
    me = await client.get(f"/t/{workspace.slug}/me")

    assert shifts.status_code == me.status_code == 200
    assert "您还未登记为志愿者" in shifts.text and "您还未登记为志愿者" in me.text


async def test_only_volunteers_open_the_volunteer_pages(client, workspace) -> None:
    open_shift = await shift(workspace.tenant)
    await login(client, workspace.slug, workspace.admin)

    shifts = await client.get(f"/t/{workspace.slug}/shifts")
    me = await client.get(f"/t/{workspace.slug}/me")
    signup = await post_form(client, f"/t/{workspace.slug}/shifts/{open_shift.id}/signup", {})

    assert shifts.status_code == me.status_code == signup.status_code == 403
    assert "无权操作" in text_of(shifts.text)


async def test_a_sign_up_without_the_csrf_token_is_refused(client, workspace) -> None:
    open_shift = await shift(workspace.tenant)
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")

    response = await client.post(f"/t/{workspace.slug}/shifts/{open_shift.id}/signup", data={})

    assert response.status_code == 403
    assert "表单已过期" in text_of(response.text)
    page = text_of((await client.get(f"/t/{workspace.slug}/shifts")).text)
    assert "您已报名。" not in page


async def test_a_shift_of_another_tenant_is_a_404(client, workspace, other_workspace) -> None:
    theirs = await shift(other_workspace.tenant, title="别人的班次")
    await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    base = f"/t/{workspace.slug}/shifts/{theirs.id}"

    for action in ("signup", "check-in", "check-out"):
        response = await post_form(client, f"{base}/{action}", {})
        assert response.status_code == 404, action
        assert "别人的班次" not in response.text
    page = text_of((await client.get(f"/t/{workspace.slug}/shifts")).text)
    assert "别人的班次" not in page
