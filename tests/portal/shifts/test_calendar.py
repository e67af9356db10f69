"""The calendar feed: calendar apps fetch it without cookies, at a secret address."""

from __future__ import annotations

import re

from litestar.testing import AsyncTestClient

from coalition.actors.accounts import set_login_active
from coalition.tenancy import TenantScope
from tests.portal.conftest import BASE_URL, login
from tests.portal.shifts.helpers import local, next_week, shift, signed_up, volunteer


async def _feed_path(client, slug: str) -> str:
    page = await client.get(f"/t/{slug}/me")
    found = re.search(r'href="https://testserver\.local(/t/[^"]+\.ics)"', page.text)
    assert found is not None
    return found[1]


async def test_the_feed_lists_confirmed_shifts_without_cookies(app, client, workspace) -> None:
    tenant = workspace.tenant
    me = await volunteer(tenant, "xiaoli")
    confirmed = await shift(tenant, title="重阳节敬老活动", place="社区党群服务中心")
    full = await shift(tenant, title="满员的巡逻", headcount=1, starts_at=local(next_week(), 19))
    await signed_up(tenant, await volunteer(tenant, "first"), full.id)
    await signed_up(tenant, me, confirmed.id)
    await signed_up(tenant, me, full.id)  # waitlisted: not in the calendar
    await login(client, workspace.slug, "xiaoli")
    path = await _feed_path(client, workspace.slug)

    async with AsyncTestClient(app, base_url=BASE_URL) as calendar_app:  # no cookies
        response = await calendar_app.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.rstrip().endswith("END:VCALENDAR")
    assert f"UID:shift-{confirmed.id}@coalition" in body
    assert "SUMMARY:重阳节敬老活动" in body and "LOCATION:社区党群服务中心" in body
    assert "满员的巡逻" not in body
    assert "set-cookie" not in response.headers


async def test_a_tampered_or_foreign_address_is_a_404(
    app, client, workspace, other_workspace
) -> None:
    me = await volunteer(workspace.tenant, "xiaoli")
    other = await volunteer(workspace.tenant, "other")
    await signed_up(workspace.tenant, me, (await shift(workspace.tenant, title="我的班次")).id)
    await login(client, workspace.slug, "xiaoli")
    path = await _feed_path(client, workspace.slug)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    tampered = ("A" if token[0] != "A" else "B") + token[1:]

    async with AsyncTestClient(app, base_url=BASE_URL) as calendar_app:
        wrong_token = await calendar_app.get(path.replace(token, tampered))
        other_person = await calendar_app.get(
            path.replace(f"/{me.person_id}/", f"/{other.person_id}/")
        )
        other_tenant = await calendar_app.get(path.replace(workspace.slug, other_workspace.slug))
        no_suffix = await calendar_app.get(path.removesuffix(".ics"))

    for response in (wrong_token, other_person, other_tenant, no_suffix):
        assert response.status_code == 404
        assert "我的班次" not in response.text


async def test_the_feed_stops_when_the_login_is_disabled(app, client, workspace) -> None:
    me = await volunteer(workspace.tenant, "xiaoli")
    await login(client, workspace.slug, "xiaoli")
    path = await _feed_path(client, workspace.slug)
    await set_login_active(TenantScope.system(workspace.tenant.id), me.person_id, active=False)

    async with AsyncTestClient(app, base_url=BASE_URL) as calendar_app:
        response = await calendar_app.get(path)

    assert response.status_code == 404


async def test_a_signed_in_volunteer_downloads_the_same_calendar(client, workspace) -> None:
    me = await volunteer(workspace.tenant, "xiaoli")
    await signed_up(workspace.tenant, me, (await shift(workspace.tenant, title="周末义诊")).id)
    await login(client, workspace.slug, "xiaoli")

    response = await client.get(f"/t/{workspace.slug}/me/calendar.ics")

    assert response.status_code == 200
    assert "BEGIN:VCALENDAR" in response.text and "SUMMARY:周末义诊" in response.text
