"""A need's page offers suggested volunteers on the shifts its viewer runs."""

from __future__ import annotations

from tests.portal.conftest import HTMX, login, post_form
from tests.portal.matching.helpers import helper, matching_world


async def test_those_who_run_the_shift_get_suggested_volunteers_others_do_not(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    link = f'href="/t/{m.slug}/matching/shifts/{m.shift.id}"'

    await login(client, m.slug, "staff")
    staff_page = await client.get(m.w.url(m.need_id))
    await login(client, m.slug, "gridworker")  # posted the need, runs none of its shifts
    worker_page = await client.get(m.w.url(m.need_id))

    assert link in staff_page.text and "推荐志愿者" in staff_page.text
    assert f'id="suggestions-{m.shift.id}"' in staff_page.text
    assert link not in worker_page.text and "推荐志愿者" not in worker_page.text


async def test_an_invitation_from_the_suggestions_shows_as_the_need_page_lists_it(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    yang = await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")
    rows = f'<ul id="shift-{m.shift.id}-invitations" class="rows stacked"'

    invited = await post_form(
        client,
        m.suggestions + "/invite",
        {"volunteer_id": str(yang.id), "from": "need"},
        headers=HTMX,
    )
    page = await client.get(m.w.url(m.need_id))

    swapped = invited.text.split(rows, 1)[1].split("</ul>", 1)[0]
    listed = page.text.split(rows, 1)[1].split("</ul>", 1)[0]
    row = swapped.split(">", 1)[1].strip()  # after the oob attribute
    assert row.startswith("<li><strong>杨秀兰</strong>") and "待回复" in row
    assert row == listed.split(">", 1)[1].strip()
