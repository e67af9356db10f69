"""Who may open the matching pages, and another tenant's ids are not found."""

from __future__ import annotations

import pytest

from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment
from coalition.notifications.runs import request_matching_run
from tests.portal.conftest import HTMX, login, post_form
from tests.portal.matching.helpers import helper, matching_world


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
