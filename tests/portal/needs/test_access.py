"""Who sees and does what: the resident's contact only for the community's staff and the
grid's workers, roles refused with 403, another tenant's needs and shifts 404 on every
route, and no form without its CSRF token."""

from __future__ import annotations

import pytest

from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift, list_shifts
from tests.portal.conftest import login, person_with_login, post_form, text_of
from tests.portal.needs.helpers import needs_world, next_week

CONTACT = ("王秀英", "13800001111", "幸福路12号")


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("staff", True),
        ("gridworker", True),
        ("admin", True),
        ("otherstaff", False),
        ("coordinator", False),
        ("socialworker", False),
        ("volunteer", False),
    ],
)
async def test_the_residents_contact_is_shown_only_to_those_who_serve_them(
    client, workspace, username, shown
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, username)

    page = await client.get(w.url(need_id))

    assert page.status_code == 200
    assert "帮独居老人王奶奶买菜" in page.text
    assert all((part in page.text) is shown for part in CONTACT)
    assert ("群众联系方式" in page.text) is shown


async def test_a_volunteer_is_refused_every_step(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, workspace.volunteer)

    form = await client.get(w.url() + "/new")
    posted = await post_form(
        client, w.url() + "/new", {"title": "志愿者发的需求", "category": "other"}
    )
    steps = [
        await post_form(client, w.url(need_id, f"/{step}"), {"reason": "x", "kind": "pool"})
        for step in ("dispatch", "accept", "decline", "escalate", "complete", "cancel", "review")
    ]

    assert form.status_code == posted.status_code == 403
    assert "无权操作" in text_of(posted.text)
    assert all(r.status_code == 403 for r in steps)
    page = await client.get(w.url(need_id))
    assert 'id="need-actions"' not in page.text and "<form" not in page.text.split("</header>")[1]


async def test_a_coordinator_may_not_dispatch_nor_answer_for_another_member(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "outsider")

    dispatch = await post_form(client, w.url(need_id, "/dispatch"), {"kind": "pool"})

    assert dispatch.status_code == 403


async def test_staff_of_another_community_cannot_dispatch_here(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "otherstaff")

    response = await post_form(client, w.url(need_id, "/dispatch"), {"kind": "pool"})

    assert response.status_code == 403


async def test_a_need_of_another_tenant_is_not_found_on_any_route(
    client, workspace, other_workspace
) -> None:
    w = await needs_world(workspace)
    theirs = await needs_world(other_workspace)
    need_id = await theirs.need(title="别人的需求")
    shift = await create_shift(
        theirs.staff_scope(),
        ShiftInput(need_id=need_id, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    # every role that may take a step: refused for want of a role, it would be a 403
    await person_with_login(
        w.tenant_id,
        "boss",
        {"role": "tenant_admin"},
        {"role": "org_coordinator", "organisation_id": w.member_org},
    )
    await login(client, w.slug, "boss")
    data = {
        "kind": "pool",
        "reason": "越权",
        "to_level": "county",
        "rating": "5",
        "title": "越权修改",
        "category": "other",
        "date": next_week().date().isoformat(),
        "start": "09:00",
        "end": "10:00",
        "headcount": "1",
        "volunteer_id": "1",
    }
    base = f"/t/{w.slug}/needs/{need_id}"

    pages = [await client.get(base), await client.get(base + "/edit")]
    pages.append(await client.get(base + f"/shifts/{shift.id}/volunteers?name=杨"))
    posts = [
        await post_form(client, base + tail, data)
        for tail in (
            "/edit",
            "/open",
            "/dispatch",
            "/accept",
            "/decline",
            "/escalate",
            "/complete",
            "/cancel",
            "/review",
            "/shifts",
            "/series",
            f"/shifts/{shift.id}/change",
            f"/shifts/{shift.id}/cancel",
            f"/shifts/{shift.id}/invite",
        )
    ]

    assert [r.status_code for r in pages + posts] == [404] * (len(pages) + len(posts))
    assert all("别人的需求" not in r.text for r in pages + posts)
    assert "页面不存在" in text_of(pages[0].text)
    need = await theirs_need_state(theirs, need_id)
    assert need == ("open", 1)


async def theirs_need_state(theirs, need_id: int) -> tuple[str, int]:
    from coalition.needs.board import get_need

    need = await get_need(theirs.staff_scope(), need_id)
    return need.state, len(await list_shifts(theirs.staff_scope(), need_id))


async def test_a_form_without_its_csrf_token_is_refused(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")

    response = await client.post(w.url(need_id, "/dispatch"), data={"kind": "pool"})

    assert response.status_code == 403
    assert "表单已过期" in text_of(response.text)
    page = text_of((await client.get(w.url(need_id))).text)
    assert "状态 待派单" in page
