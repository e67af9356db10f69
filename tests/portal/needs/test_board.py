"""The needs board (需求清单): filters, pages, the htmx list, and the coordinators' view
of what was dispatched to them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.needs.tables import Need
from coalition.tenancy import TenantScope
from tests.portal.conftest import HTMX, login, text_of
from tests.portal.needs.helpers import needs_world


async def test_the_board_pages_twenty_needs_at_a_time(client, workspace) -> None:
    w = await needs_world(workspace)
    for n in range(25):
        await w.need(title=f"需求{n:02d}")
    await login(client, w.slug, "staff")

    first = await client.get(w.url())
    second = await client.get(w.url() + "?page=2")

    assert first.status_code == second.status_code == 200
    assert "共 25 条需求" in text_of(first.text) and "第 1 / 2 页" in text_of(first.text)
    assert first.text.count('class="card need-card"') == 20
    assert second.text.count('class="card need-card"') == 5
    assert "需求24" in first.text and "需求00" in second.text  # newest first
    assert f'href="/t/{w.slug}/needs?view=all&amp;page=2"' in first.text


async def test_filters_by_state_category_grid_and_date(client, workspace) -> None:
    w = await needs_world(workspace)
    await w.need(title="买菜送药")
    await w.need(title="调解邻里纠纷", category="dispute_mediation")
    await w.need(title="草稿需求", draft=True)
    await w.need(title="社区层级需求", grid=False)
    old = await w.need(title="去年的需求")
    async with TenantScope.system(w.tenant_id).write() as q:
        await q.update(Need, {Need.created_at: datetime.now(UTC) - timedelta(days=400)}).where(
            Need.id == old
        )
    await login(client, w.slug, "staff")

    by_category = await client.get(w.url() + "?category=dispute_mediation")
    by_state = await client.get(w.url() + "?state=draft")
    by_grid = await client.get(w.url() + f"?grid={w.grid}&state=open")
    since = (datetime.now(UTC) - timedelta(days=30)).date().isoformat()
    by_date = await client.get(w.url() + f"?from={since}")

    assert "调解邻里纠纷" in by_category.text and "买菜送药" not in by_category.text
    assert "草稿需求" in by_state.text and "买菜送药" not in by_state.text
    assert "买菜送药" in by_grid.text and "社区层级需求" not in by_grid.text
    assert "买菜送药" in by_date.text and "去年的需求" not in by_date.text
    assert 'value="dispute_mediation" selected' in by_category.text  # the filter is kept


async def test_htmx_gets_only_the_list_and_the_response_varies_on_it(client, workspace) -> None:
    w = await needs_world(workspace)
    await w.need(title="买菜送药")
    await login(client, w.slug, "socialworker")

    page = await client.get(w.url() + "?state=open")
    fragment = await client.get(w.url() + "?state=open", headers=HTMX)

    assert page.headers["vary"] == fragment.headers["vary"] == "HX-Request"
    assert "<html" in page.text and 'hx-push-url="true"' in page.text
    assert fragment.text.strip().startswith('<section id="needs-list"')
    assert "<html" not in fragment.text and "买菜送药" in fragment.text


async def test_a_wrong_filter_is_shown_not_crashed_on(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    response = await client.get(w.url() + "?from=昨天&state=nonsense")

    assert response.status_code == 422
    assert "请检查筛选条件。" in response.text
    assert 'id="filter-from-error"' in response.text


async def test_a_coordinator_sees_what_was_dispatched_to_them_and_answers_it(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    ours = await w.need(title="派给阳光的需求", alliance_id=w.alliance)
    theirs = await w.need(title="派给供电所的需求", alliance_id=w.alliance)
    await w.need(title="还没派单的需求")
    await dispatch_need(
        w.staff_scope(), ours, DispatchInput(kind="organisation", organisation_id=w.member_org)
    )
    await dispatch_need(w.staff_scope(), theirs, DispatchInput(kind="unit", unit_id=w.member_unit))
    await login(client, w.slug, "coordinator")

    board = await client.get(w.url())

    text = text_of(board.text)
    assert "派给我们的" in text and "派给阳光社工服务中心" in text
    assert "派给阳光的需求" in text
    assert "派给供电所的需求" not in text and "还没派单的需求" not in text
    assert f'action="/t/{w.slug}/needs/{ours}/accept"' in board.text
    assert f'action="/t/{w.slug}/needs/{ours}/decline"' in board.text
    everything = await client.get(w.url() + "?view=all")
    assert "还没派单的需求" in everything.text
    assert f"/needs/{theirs}/accept" not in everything.text  # not theirs to answer


async def test_volunteers_do_not_open_the_board(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, workspace.volunteer)

    response = await client.get(w.url())

    assert response.status_code == 403
