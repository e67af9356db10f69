"""Who may open the matching pages, and another tenant's ids are not found."""

from __future__ import annotations

import pytest

from coalition.matching.schemas import ProposalOut, ProposalRequest
from coalition.matching.services import propose_assignment
from coalition.notifications.runs import request_matching_run
from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import NeedFactory
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.matching.helpers import Matching, helper, matching_world
from tests.portal.needs.helpers import next_week


@pytest.mark.parametrize("username", ["volunteer", "gridworker", "socialworker"])
async def test_those_who_run_no_shifts_are_refused_the_matching_pages(
    client, workspace, username
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, username)

    for url in (m.url(), m.suggestions, m.url("/weights")):
        assert (await client.get(url)).status_code == 403, url
    started = await post_form(client, m.url("/runs"), {"window_from": "", "window_to": ""})
    assert started.status_code == 403


async def test_the_matching_link_is_in_the_menu_only_for_those_who_run_shifts(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")
    staff_home = await client.get(f"/t/{m.slug}/")
    await login(client, m.slug, "gridworker")
    worker_home = await client.get(f"/t/{m.slug}/")

    assert f'href="/t/{m.slug}/matching"' in staff_home.text
    assert f'href="/t/{m.slug}/matching"' not in worker_home.text


async def test_staff_of_another_community_may_not_rank_this_shift(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "otherstaff")

    response = await client.get(m.suggestions, headers=HTMX)

    assert response.status_code == 403


async def test_another_tenants_shift_proposal_and_run_are_not_found(
    client, workspace, other_workspace
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    run = await request_matching_run(m.w.staff_scope(), ProposalRequest())
    (line,) = proposal.lines
    await login(client, other_workspace.slug, other_workspace.admin)
    base = f"/t/{other_workspace.slug}/matching"

    for url in (
        f"{base}/shifts/{m.shift.id}",
        f"{base}/proposals/{proposal.id}",
        f"{base}/runs/{run.id}",
    ):
        assert (await client.get(url)).status_code == 404, url
    for url in (
        f"{base}/proposals/{proposal.id}/lines/{line.id}/confirm",
        f"{base}/proposals/{proposal.id}/lines/{line.id}/drop",
        f"{base}/shifts/{m.shift.id}/invite",
    ):
        response = await post_form(client, url, {"volunteer_id": "1"})
        assert response.status_code == 404, url


async def shared_proposal(m: Matching) -> ProposalOut:
    """An administrator's proposal of four lines: two on the 东村 pool need's shift, one on
    a 东村 need sent to 阳光社工服务中心 (its coordinator runs it too), one on 西村's."""
    w = m.w
    sent = await NeedFactory.create(
        tenant=w.tenant_id,
        grid=w.grid,
        state="accepted",
        dispatch_kind="organisation",
        dispatched_organisation=w.member_org,
        title="陪王大爷复诊",
    )
    west = await NeedFactory.create(
        tenant=w.tenant_id, community=w.other_village, state="accepted", title="西村修水管"
    )
    for need, hour in ((sent, 13), (west, 16)):
        await create_shift(
            TenantScope.system(w.tenant_id),
            ShiftInput(
                need_id=need.id,
                starts_at=next_week(hour),
                ends_at=next_week(hour + 2),
                place="村委会",
                headcount=1,
            ),
        )
    for name in ("杨秀兰", "李建国", "王德福", "赵春梅"):
        await helper(w, name)
    admin = Actor(person_id=None, roles=frozenset({Role.TENANT_ADMIN}))
    proposal = await propose_assignment(TenantScope(w.tenant_id, admin), ProposalRequest())
    assert (proposal.shifts, proposal.places, len(proposal.lines)) == (3, 4, 4)
    return proposal


@pytest.mark.parametrize(
    ("username", "waiting", "sees", "hidden"),
    [
        ("admin", 4, ["帮独居老人王奶奶买菜", "陪王大爷复诊", "西村修水管"], []),
        ("staff", 3, ["帮独居老人王奶奶买菜", "陪王大爷复诊"], ["西村修水管"]),
        ("coordinator", 1, ["陪王大爷复诊"], ["帮独居老人王奶奶买菜", "西村修水管"]),
        ("otherstaff", 1, ["西村修水管"], ["帮独居老人王奶奶买菜", "陪王大爷复诊"]),
    ],
)
async def test_the_list_and_the_proposal_count_the_same_lines_for_each_coordinator(
    client, workspace, username, waiting, sees, hidden
) -> None:
    m = await matching_world(workspace)
    proposal = await shared_proposal(m)
    await login(client, m.slug, username)

    listed = text_of((await client.get(m.url())).text)
    page = text_of((await client.get(m.url(f"/proposals/{proposal.id}"))).text)

    assert f"待确认 {waiting} 人" in listed and "推荐" not in listed.split("最近的匹配方案")[1]
    assert f"待确认 {waiting} 人" in page
    assert f"{waiting} 推荐人次" in page
    assert "没有可推荐的志愿者" not in page
    for title in sees:
        assert title in page
    for title in hidden:
        assert title not in page


@pytest.mark.parametrize("username", ["staff", "coordinator", "otherstaff"])
async def test_the_whole_proposals_figures_are_not_shown_to_those_who_did_not_make_it(
    client, workspace, username
) -> None:
    m = await matching_world(workspace)
    proposal = await shared_proposal(m)
    await login(client, m.slug, username)

    page = text_of((await client.get(m.url(f"/proposals/{proposal.id}"))).text)

    assert "这里只显示此方案中您负责的班次。" in page
    for whole in ("待安排班次", "空余名额", "方案质量", "总匹配分", "求解器"):
        assert whole not in page


async def test_an_administrator_sees_the_whole_proposals_figures(client, workspace) -> None:
    m = await matching_world(workspace)
    proposal = await shared_proposal(m)
    await login(client, m.slug, "admin")

    page = text_of((await client.get(m.url(f"/proposals/{proposal.id}"))).text)

    assert "3 待安排班次" in page and "4 空余名额" in page and "4 推荐人次" in page
    assert "方案质量" in page and "求解器 最优方案" in page
    assert "这里只显示此方案中您负责的班次。" not in page


async def test_the_maker_sees_the_whole_of_their_proposal_in_english(client, workspace) -> None:
    m = await matching_world(workspace)
    await shared_proposal(m)
    mine = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    await login(client, m.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    page = text_of((await client.get(m.url(f"/proposals/{mine.id}"))).text)

    assert f"{mine.shifts} Open shifts looked at" in page and "Free places" in page
    assert "How good is this proposal?" in page
    assert "You see the shifts of this proposal that you run." not in page


async def test_a_proposal_with_none_of_ones_shifts_is_neither_listed_nor_found(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    proposal = await shared_proposal(m)
    await login(client, m.slug, "outsider")

    listed = text_of((await client.get(m.url())).text)
    page = await client.get(m.url(f"/proposals/{proposal.id}"))
    fragment = await client.get(m.url(f"/proposals/{proposal.id}"), headers=HTMX)

    assert "还没有匹配方案。" in listed
    assert page.status_code == 404 and fragment.status_code == 404


async def test_a_proposal_that_found_nobody_stays_listed_for_the_one_who_made_it(
    client, workspace
) -> None:
    m = await matching_world(workspace)  # nobody can take its shift
    empty = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    assert empty.lines == []
    await login(client, m.slug, "staff")
    listed = text_of((await client.get(m.url())).text)
    page = text_of((await client.get(m.url(f"/proposals/{empty.id}"))).text)
    await login(client, m.slug, "otherstaff")
    others = text_of((await client.get(m.url())).text)

    assert "待确认 0 人" in listed
    assert "1 待安排班次" in page and "2 空余名额" in page
    assert "在此时间范围内，您负责的待安排班次没有可推荐的志愿者。" in page
    assert "还没有匹配方案。" in others
