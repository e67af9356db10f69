"""Posting a need (发布需求): with its first shift, published at once or kept as a draft,
by community staff and by grid workers on behalf of a resident; errors next to fields."""

from __future__ import annotations

from coalition.errors import Conflict
from coalition.needs.board import list_needs
from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput, NeedFilter
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.needs.helpers import needs_world, next_week


def need_form(w, **changes: str) -> dict[str, str]:
    return {
        "title": "帮独居老人王奶奶买菜",
        "category": "elderly_care",
        "description": "每周二、五上午，需要有人帮忙买菜、取药。",
        "community_id": str(w.village),
        "grid_id": "",
        "alliance_id": "",
        "required_skills": "助老服务、驾驶",
        "urgency": "high",
        "resident_name": "王秀英",
        "resident_phone": "13800001111",
        "resident_address": "幸福路12号",
        **changes,
    }


async def test_staff_post_a_need_with_its_first_shift(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")
    form = await client.get(w.url() + "/new")
    assert form.status_code == 200
    assert "第一个班次（选填）" in form.text and "立即发布" in form.text and "存为草稿" in form.text
    day = next_week().date().isoformat()

    response = await post_form(
        client,
        w.url() + "/new",
        need_form(
            w,
            alliance_id=str(w.alliance),
            shift_date=day,
            shift_start="09:00",
            shift_end="11:30",
            shift_place="幸福路12号",
            shift_headcount="2",
            action="publish",
        ),
    )

    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    text = text_of(page.text)
    assert "帮独居老人王奶奶买菜" in text and "待派单" in text
    assert "狮子山片区党建联盟" in text and "助老服务、驾驶" in text
    assert f"{day} 星期" in text and "09:00–11:30" in text
    assert "已确认 0 / 2 人" in text and "幸福路12号" in text


async def test_a_draft_is_kept_out_of_sight_until_it_is_published(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    response = await post_form(client, w.url() + "/new", need_form(w, action="draft"))

    assert response.status_code == 303
    url = response.headers["location"]
    page = await client.get(url)
    assert "草稿" in text_of(page.text) and "发布需求" in page.text
    need_id = int(url.rsplit("/", 1)[1])
    # a coordinator of an alliance member neither finds it on the board nor opens it
    await client.post(
        f"/t/{w.slug}/logout", data={"_csrf_token": client.cookies["__Host-csrftoken"]}
    )
    await login(client, w.slug, "coordinator")
    board = await client.get(w.url() + "?view=all")
    assert "帮独居老人王奶奶买菜" not in board.text
    assert (await client.get(url)).status_code == 404

    client.cookies.clear()
    await login(client, w.slug, "staff")
    published = await post_form(client, w.url(need_id, "/open"), {})
    assert published.status_code == 303
    page = await client.get(url)
    assert "待派单" in text_of(page.text)
    assert "已发布" in text_of(page.text)  # in the history


async def test_a_grid_worker_posts_for_a_resident_of_their_grid(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "gridworker")
    form = await client.get(w.url() + "/new")
    assert "东村第一网格" in form.text and "西村第一网格" not in form.text
    assert "第一个班次" not in form.text  # grid workers do not plan shifts

    response = await post_form(
        client,
        w.url() + "/new",
        need_form(w, community_id="", grid_id=str(w.grid), action="publish"),
    )

    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    text = text_of(page.text)
    assert "东村第一网格" in text and "办理层级 网格" in text
    assert "王秀英" in text and "13800001111" in text  # the poster sees the contact


async def test_errors_are_shown_next_to_their_fields_with_what_was_typed(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    response = await post_form(
        client,
        w.url() + "/new",
        need_form(
            w,
            title="  ",
            category="",
            resident_phone="电话号码",
            shift_date=next_week().date().isoformat(),
            shift_start="9点",
            shift_end="11:30",
            shift_headcount="0",
            action="publish",
        ),
    )

    assert response.status_code == 422
    html = response.text
    assert "<html" in html
    assert 'id="need-title-error"' in html and "此项为必填项。" in html
    assert 'id="need-category-error"' in html and "请从列表中选择类别。" in html
    assert 'id="need-resident_phone-error"' in html and "请使用数字、空格、+、- 和括号。" in html
    assert 'id="need-shift_start-error"' in html and "请按“时:分”填写时间" in html
    assert 'id="need-shift_headcount-error"' in html and "必须介于 1 和 1000 之间。" in html
    assert 'value="电话号码"' in html and "每周二、五上午" in html and 'value="9点"' in html
    assert (await list_needs(w.staff_scope(), NeedFilter())).total == 0  # nothing was posted


async def test_htmx_gets_the_form_back_with_errors_or_a_redirect(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    failed = await post_form(
        client, w.url() + "/new", need_form(w, title="", action="publish"), headers=HTMX
    )
    posted = await post_form(client, w.url() + "/new", need_form(w, action="publish"), headers=HTMX)

    assert failed.status_code == 422
    assert failed.text.strip().startswith('<form id="need-form"')
    assert "此项为必填项。" in failed.text
    assert posted.status_code == 200 and posted.headers["HX-Redirect"].startswith(w.url() + "/")


async def test_a_shift_in_the_past_stops_the_need_from_being_posted(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    response = await post_form(
        client,
        w.url() + "/new",
        need_form(
            w,
            shift_date="2020-01-01",
            shift_start="09:00",
            shift_end="10:00",
            shift_headcount="1",
            action="publish",
        ),
    )

    assert response.status_code == 422
    assert 'id="need-shift_start-error"' in response.text
    assert "班次的开始时间必须在将来。" in response.text
    assert (await list_needs(w.staff_scope(), NeedFilter())).total == 0


async def test_staff_of_another_community_may_not_post_there(client, workspace) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "otherstaff")

    response = await post_form(client, w.url() + "/new", need_form(w, action="publish"))

    assert response.status_code == 403


async def test_an_open_need_is_edited(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")
    form = await client.get(w.url(need_id, "/edit"))
    assert 'value="帮独居老人王奶奶买菜"' in form.text

    response = await post_form(
        client,
        w.url(need_id, "/edit"),
        need_form(w, title="帮王奶奶买菜取药", grid_id=str(w.grid), urgency="urgent"),
    )

    assert response.status_code == 303
    page = await client.get(w.url(need_id))
    assert "帮王奶奶买菜取药" in page.text and "紧急" in text_of(page.text)
    assert "已修改" in text_of(page.text)


async def test_a_dispatched_need_can_no_longer_be_edited(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await dispatch_need(w.staff_scope(), need_id, DispatchInput(kind="pool"))
    await login(client, w.slug, "staff")

    form = await client.get(w.url(need_id, "/edit"))
    response = await post_form(client, w.url(need_id, "/edit"), need_form(w, title="改标题"))

    message = "该需求当前状态为「已派单」，只有草稿和待派单的需求可以修改。"
    assert message in form.text
    assert response.status_code == 409 and message in response.text
    assert 'value="改标题"' in response.text  # what was typed is kept
    assert "修改需求" not in (await client.get(w.url(need_id))).text  # no edit link


async def test_a_first_shift_refused_after_posting_leaves_the_need_with_the_shift_form(
    client, workspace, monkeypatch
) -> None:
    w = await needs_world(workspace)
    await login(client, w.slug, "staff")

    async def refused(scope, data, **kwargs):
        raise Conflict("This shift has already started.", code="shifts.shift_started")

    monkeypatch.setattr("portal.needs.controllers.create_shift", refused)
    day = next_week().date().isoformat()

    response = await post_form(
        client,
        w.url() + "/new",
        need_form(
            w,
            shift_date=day,
            shift_start="09:00",
            shift_end="10:00",
            shift_place="东村广场",
            shift_headcount="3",
            action="publish",
        ),
    )

    assert response.status_code == 409
    text = text_of(response.text)
    assert "需求已保存，但第一个班次没有添加成功。" in text and "该班次已经开始。" in text
    assert 'value="东村广场"' in response.text and f'value="{day}"' in response.text
    assert (await list_needs(w.staff_scope(), NeedFilter())).total == 1
