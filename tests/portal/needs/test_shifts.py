"""A need's shifts on its page: add one or a weekly series, change or cancel one, and
invite a volunteer found by name."""

from __future__ import annotations

from datetime import timedelta

from coalition.needs.dispatch import dispatch_need
from coalition.needs.schemas import DispatchInput
from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift, list_shifts
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.needs.helpers import needs_world, next_week, volunteer


async def test_staff_add_a_shift_without_javascript(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")
    day = next_week().date().isoformat()

    response = await post_form(
        client,
        w.url(need_id, "/shifts"),
        {
            "date": day,
            "start": "22:00",
            "end": "06:00",
            "place": "社区党群服务中心",
            "headcount": "3",
        },
    )

    assert response.status_code == 303
    assert response.headers["location"] == w.url(need_id) + "#shifts"
    page = text_of((await client.get(w.url(need_id))).text)
    assert "22:00–" in page and "06:00" in page  # a night patrol, ending the next day
    assert "已确认 0 / 3 人" in page and "社区党群服务中心" in page


async def test_htmx_gets_the_shifts_section_back_with_errors_next_to_fields(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")

    failed = await post_form(
        client,
        w.url(need_id, "/shifts"),
        {
            "date": "2020-01-01",
            "start": "09:00",
            "end": "09:00",
            "place": "幸福路",
            "headcount": "2",
        },
        headers=HTMX,
    )
    added = await post_form(
        client,
        w.url(need_id, "/shifts"),
        {
            "date": next_week().date().isoformat(),
            "start": "09:00",
            "end": "11:00",
            "headcount": "2",
        },
        headers=HTMX,
    )

    assert failed.status_code == 422
    assert failed.text.strip().startswith('<section id="need-shifts"')
    assert (
        'id="shift-end-error"' in failed.text and "班次的结束时间必须晚于开始时间。" in failed.text
    )
    assert 'value="幸福路"' in failed.text and 'value="2020-01-01"' in failed.text
    assert added.status_code == 200 and "已添加班次。" in added.text
    assert "已确认 0 / 2 人" in text_of(added.text)


async def test_a_weekly_series_adds_one_shift_a_week(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")
    first = next_week().date()

    response = await post_form(
        client,
        w.url(need_id, "/series"),
        {
            "weekday": str(first.weekday()),
            "start_time": "9:00",
            "end_time": "11:30",
            "first_date": first.isoformat(),
            "last_date": (first + timedelta(weeks=3)).isoformat(),
            "place": "东村广场",
            "headcount": "2",
        },
    )

    assert response.status_code == 303
    shifts = await list_shifts(w.staff_scope(), need_id)
    assert len(shifts) == 4 and {s.place for s in shifts} == {"东村广场"}


async def test_a_series_whose_end_is_before_its_start_is_refused(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await login(client, w.slug, "staff")
    first = next_week().date()

    response = await post_form(
        client,
        w.url(need_id, "/series"),
        {
            "weekday": "5",
            "start_time": "09:00",
            "end_time": "11:00",
            "first_date": first.isoformat(),
            "last_date": (first - timedelta(days=3)).isoformat(),
            "place": "",
            "headcount": "2",
        },
    )

    assert response.status_code == 422
    assert 'id="series-last_date-error"' in response.text
    assert "结束日期不能早于开始日期。" in response.text


async def test_a_shift_is_changed_and_cancelled(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    shift = await create_shift(
        w.staff_scope(),
        ShiftInput(need_id=need_id, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    await login(client, w.slug, "staff")
    day = next_week().date().isoformat()

    changed = await post_form(
        client,
        w.url(need_id, f"/shifts/{shift.id}/change"),
        {"date": day, "start": "14:00", "end": "16:00", "place": "东村卫生室", "headcount": "4"},
    )
    cancelled = await post_form(
        client, w.url(need_id, f"/shifts/{shift.id}/cancel"), {"reason": "下雨改期"}, headers=HTMX
    )

    assert changed.status_code == 303
    assert changed.headers["location"] == w.url(need_id) + f"#shift-{shift.id}"
    assert cancelled.status_code == 200
    text = text_of(cancelled.text)
    assert "14:00–16:00" in text and "东村卫生室" in text and "0 / 4" in text
    assert "班次已取消" in text


async def test_a_volunteer_is_found_by_name_and_invited(client, workspace) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()
    await dispatch_need(w.staff_scope(), need_id, DispatchInput(kind="pool"))
    shift = await create_shift(
        w.staff_scope(),
        ShiftInput(need_id=need_id, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    yang = await volunteer(w.tenant_id, "杨秀兰")
    await volunteer(w.tenant_id, "李建国")
    await login(client, w.slug, "staff")
    search = w.url(need_id, f"/shifts/{shift.id}/volunteers")

    everyone = await client.get(search + "?name=杨&where=all", headers=HTMX)
    page = await client.get(search + "?name=杨&where=all")

    assert everyone.text.strip().startswith(f'<div id="volunteer-results-{shift.id}"')
    assert "杨秀兰" in everyone.text and "李建国" not in everyone.text
    assert 'hx-post="' in everyone.text  # inside the need's page, htmx posts the invitation
    assert "<html" in page.text and 'hx-post="' not in page.text.split('id="volunteer-results')[1]

    invited = await post_form(
        client, w.url(need_id, f"/shifts/{shift.id}/invite"), {"volunteer_id": str(yang.id)}
    )
    twice = await post_form(
        client,
        w.url(need_id, f"/shifts/{shift.id}/invite"),
        {"volunteer_id": str(yang.id)},
        headers=HTMX,
    )

    assert invited.status_code == 303
    assert twice.status_code == 409
    assert "已邀请过该志愿者参加这个班次，尚待回复。" in twice.text
    page = text_of((await client.get(w.url(need_id))).text)
    assert "杨秀兰 待回复" in page
    again = await client.get(search + "?name=杨&where=all")
    assert "已邀请" in text_of(again.text)


async def test_volunteers_cannot_be_invited_before_the_need_takes_sign_ups(
    client, workspace
) -> None:
    w = await needs_world(workspace)
    need_id = await w.need()  # open: not dispatched yet
    shift = await create_shift(
        w.staff_scope(),
        ShiftInput(need_id=need_id, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    helper = await volunteer(w.tenant_id, "杨秀兰")
    await login(client, w.slug, "staff")

    response = await post_form(
        client, w.url(need_id, f"/shifts/{shift.id}/invite"), {"volunteer_id": str(helper.id)}
    )

    assert response.status_code == 409
    assert "该需求当前状态为「待派单」，接单或派入志愿者池后才能邀请志愿者。" in response.text


async def test_a_shift_of_another_need_is_not_found_under_this_one(client, workspace) -> None:
    w = await needs_world(workspace)
    mine, other = await w.need(), await w.need(title="另一个需求")
    shift = await create_shift(
        w.staff_scope(),
        ShiftInput(need_id=other, starts_at=next_week(9), ends_at=next_week(11), headcount=2),
    )
    await login(client, w.slug, "staff")

    response = await post_form(client, w.url(mine, f"/shifts/{shift.id}/cancel"), {"reason": ""})

    assert response.status_code == 404
    assert len(await list_shifts(w.staff_scope(), other)) == 1
