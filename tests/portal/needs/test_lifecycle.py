"""A need's steps on its page: 派单, 接单 or a decline with its reason, the volunteer pool,
升级, 办结 and 评价; a step the state does not allow is refused in words."""

from __future__ import annotations

from coalition.needs.board import get_need
from coalition.needs.dispatch import accept_dispatch, dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift
from coalition.shifts.signups import sign_up
from coalition.tenancy import Actor, Role, TenantScope
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.needs.helpers import needs_world, next_week, volunteer


async def test_staff_dispatch_and_the_member_accepts(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need(alliance_id=w.alliance)
    await login(client, w.slug, "staff")
    page = await client.get(w.url(need_id))
    assert "外区志愿者协会" not in page.text  # only the alliance's members are offered

    dispatched = await post_form(
        client,
        w.url(need_id, "/dispatch"),
        {
            "kind": "organisation",
            "organisation_id": str(w.member_org),
            "unit_id": "",
            "note": "请尽快",
        },
    )

    assert dispatched.status_code == 303
    assert dispatched.headers["location"] == w.url(need_id)
    client.cookies.clear()
    await login(client, w.slug, "coordinator")
    page = await client.get(w.url(need_id))
    assert "已派单" in text_of(page.text) and "接单" in page.text

    accepted = await post_form(client, w.url(need_id, "/accept"), {"note": "周六派两名社工"})

    assert accepted.status_code == 303
    page = text_of((await client.get(w.url(need_id))).text)
    assert "已接单" in page and "阳光社工服务中心" in page
    assert "周六派两名社工" in page  # the answer, in the history
    assert "王秀英" not in page  # a coordinator does not see the resident's contact


async def test_a_decline_needs_a_reason_and_puts_the_need_back_on_the_list(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need(alliance_id=w.alliance)
    await dispatch_need(
        w.staff_scope(), need_id, DispatchInput(kind="organisation", organisation_id=w.member_org)
    )
    await login(client, w.slug, "coordinator")

    empty = await post_form(client, w.url(need_id, "/decline"), {"reason": "  "})
    declined = await post_form(
        client, w.url(need_id, "/decline"), {"reason": "本周人手不足"}, headers=HTMX
    )

    assert empty.status_code == 422
    assert 'id="decline-reason-error"' in empty.text and "此项为必填项。" in empty.text
    assert declined.status_code == 200
    assert declined.text.strip().startswith('<div id="need"')
    text = text_of(declined.text)
    assert "已拒单，该需求已退回待派单" in text
    assert "待派单" in text and "本周人手不足" in text
    assert (await get_need(w.staff_scope(), need_id)).state == "open"


async def test_the_volunteer_pool_is_accepted_by_its_first_confirmed_volunteer(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    shift = await create_shift(
        w.staff_scope(),
        ShiftInput(need_id=need_id, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    await login(client, w.slug, "staff")

    response = await post_form(
        client, w.url(need_id, "/dispatch"), {"kind": "pool", "organisation_id": "", "unit_id": ""}
    )

    assert response.status_code == 303
    page = text_of((await client.get(w.url(need_id))).text)
    assert "派单对象 志愿者池" in page and "首位志愿者确认后即视为已接单" in page
    helper = await volunteer(w.tenant_id, "志愿者老杨")
    actor = Actor(person_id=helper.person, roles=frozenset({Role.VOLUNTEER}))
    await sign_up(TenantScope(w.tenant_id, actor), shift.id)
    page = text_of((await client.get(w.url(need_id))).text)
    assert "已接单" in page and "已确认 1 / 2 人" in page and "志愿者老杨" in page


async def test_a_grid_worker_escalates_and_the_level_shows(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "gridworker")

    missing = await post_form(
        client, w.url(need_id, "/escalate"), {"to_level": "township", "reason": ""}
    )
    escalated = await post_form(
        client,
        w.url(need_id, "/escalate"),
        {"to_level": "township", "reason": "涉及多个社区，需街道协调"},
    )

    assert missing.status_code == 422 and 'id="escalate-reason-error"' in missing.text
    assert escalated.status_code == 303
    page = text_of((await client.get(w.url(need_id))).text)
    assert "办理层级 镇街" in page
    assert "已升级" in page and "网格 → 镇街" in page and "涉及多个社区，需街道协调" in page
    again = await post_form(
        client, w.url(need_id, "/escalate"), {"to_level": "county", "reason": "再升级"}
    )
    assert again.status_code == 403  # grid workers escalate only from the grid


async def test_a_lower_level_is_refused_next_to_the_level(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need(grid=False)  # at community level
    await login(client, w.slug, "staff")

    response = await post_form(
        client, w.url(need_id, "/escalate"), {"to_level": "grid", "reason": "退回网格"}
    )

    assert response.status_code == 422
    assert 'id="escalate-to_level-error"' in response.text
    assert "该需求已在社区办理，请选择更高的层级。" in response.text


async def test_staff_complete_and_review_the_need(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need(alliance_id=w.alliance)
    await dispatch_need(w.staff_scope(), need_id, DispatchInput(kind="unit", unit_id=w.member_unit))
    liaison = Actor(
        person_id=None, roles=frozenset({Role.UNIT_LIAISON}), units=frozenset({w.member_unit})
    )
    await accept_dispatch(TenantScope(w.tenant_id, liaison), need_id)
    await login(client, w.slug, "staff")

    completed = await post_form(client, w.url(need_id, "/complete"), {"note": "已送菜上门"})
    no_rating = await post_form(client, w.url(need_id, "/review"), {"rating": "", "comment": ""})
    reviewed = await post_form(
        client, w.url(need_id, "/review"), {"rating": "5", "comment": "王奶奶很满意"}
    )

    assert completed.status_code == 303
    assert no_rating.status_code == 422 and 'id="review-rating-error"' in no_rating.text
    assert reviewed.status_code == 303
    page = text_of((await client.get(w.url(need_id))).text)
    assert "已评价" in page and "办结层级 网格" in page
    assert "★★★★★" in page and "王奶奶很满意" in page


async def test_a_step_the_state_does_not_allow_is_refused_in_chinese(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await dispatch_need(w.staff_scope(), need_id, DispatchInput(kind="pool"))
    await login(client, w.slug, "staff")

    again = await post_form(client, w.url(need_id, "/dispatch"), {"kind": "pool"})
    complete = await post_form(client, w.url(need_id, "/complete"), {}, headers=HTMX)

    assert again.status_code == 409
    assert "该需求当前状态为「已派单」，不能派单。" in again.text
    assert complete.status_code == 409
    assert complete.text.strip().startswith('<div id="need"')
    assert "该需求当前状态为「已派单」，不能办结。" in complete.text


async def test_the_need_is_cancelled_with_a_reason(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "gridworker")  # its poster

    response = await post_form(client, w.url(need_id, "/cancel"), {"reason": "居民已自行解决"})

    assert response.status_code == 303
    page = text_of((await client.get(w.url(need_id))).text)
    assert "已取消" in page and "居民已自行解决" in page
    assert "取消需求" not in page  # nothing more to do
