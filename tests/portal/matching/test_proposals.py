"""Batch proposals: start one for a window, follow its run, then confirm or drop its lines
one by one; a confirmed line is an invitation the volunteer sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec
import pytest

from coalition.matching import services as matching_services
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment
from coalition.notifications.runs import request_matching_run, run_matching
from coalition.shifts.invitations import invite
from coalition.shifts.schemas import InvitationInput
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.matching.helpers import helper, helper_with_login, matching_world

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> str:
    return datetime.now(SHANGHAI).date().isoformat()


def days_ahead(n: int) -> str:
    return (datetime.now(SHANGHAI).date() + timedelta(days=n)).isoformat()


async def test_a_proposal_run_leads_to_lines_and_a_confirmed_line_invites_the_volunteer(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await helper_with_login(m.w, "yang")
    await login(client, m.slug, "staff")

    index = await client.get(m.url())
    started = await post_form(
        client,
        m.url("/runs"),
        {"window_from": today(), "window_to": days_ahead(13), "alliance_id": ""},
    )

    assert f'value="{today()}"' in index.text and f'value="{days_ahead(13)}"' in index.text
    assert started.status_code == 303
    run_url = started.headers["location"]
    run_id = int(run_url.rsplit("/", 1)[1])
    assert run_url == m.url(f"/runs/{run_id}")
    waiting = await client.get(run_url, headers=HTMX)
    assert "正在计算匹配方案" in waiting.text
    assert f'hx-get="{run_url}" hx-trigger="every 2s"' in waiting.text

    done = await run_matching(m.w.tenant_id, run_id)
    assert done is not None and done.proposal_id is not None
    polled = await client.get(run_url, headers=HTMX)
    page = await client.get(run_url)
    proposal_url = m.url(f"/proposals/{done.proposal_id}")

    assert polled.headers["HX-Redirect"] == proposal_url
    assert "hx-trigger" not in polled.text
    assert f'href="{proposal_url}"' in page.text and "匹配方案已生成" in page.text

    proposal = await client.get(proposal_url)
    text = text_of(proposal.text)
    assert "帮独居老人王奶奶买菜" in text and "幸福路12号" in text and "09:00–11:00" in text
    assert f'href="/t/{m.slug}/needs/{m.need_id}#shift-{m.shift.id}"' in proposal.text
    assert "yang同志" in text and "待确认" in text and "住在需求所在网格" in text
    assert "same grid" not in proposal.text
    line_id = int(proposal.text.split('id="line-')[1].split('"')[0])
    assert f'hx-post="{proposal_url}/lines/{line_id}/confirm"' in proposal.text

    confirmed = await post_form(client, f"{proposal_url}/lines/{line_id}/confirm", {}, headers=HTMX)

    assert confirmed.status_code == 200
    assert confirmed.text.strip().startswith(f'<li id="line-{line_id}"')
    assert "已确认，邀请已发出" in confirmed.text and "/confirm" not in confirmed.text
    tallies = confirmed.text.split('<ul id="proposal-tallies"')[1]
    assert 'hx-swap-oob="true"' in tallies.split(">")[0]  # the counts above change too
    assert "待确认 0 人" in text_of(tallies) and "已确认 1 人" in text_of(tallies)
    listed = text_of((await client.get(m.url())).text)
    assert "已确认 1 人" in listed
    await login(client, m.slug, "yang")
    me = text_of((await client.get(f"/t/{m.slug}/me")).text)
    assert "帮独居老人王奶奶买菜" in me and "接受邀请" in me


async def test_the_proposals_page_reads_in_english(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    await login(client, m.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    text = text_of((await client.get(m.url(f"/proposals/{proposal.id}"))).text)

    assert "Open shifts looked at" in text and "Free places" in text
    assert "Proposed" in text and "Lives in the need&#39;s grid" in text
    assert "How good is this proposal?" in text


async def test_a_line_is_dropped_without_javascript_and_cannot_then_be_confirmed(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    (line,) = proposal.lines
    url = m.url(f"/proposals/{proposal.id}")
    await login(client, m.slug, "staff")

    dropped = await post_form(client, f"{url}/lines/{line.id}/drop", {})
    late = await post_form(client, f"{url}/lines/{line.id}/confirm", {}, headers=HTMX)
    late_page = await post_form(client, f"{url}/lines/{line.id}/confirm", {})

    assert dropped.status_code == 303
    assert dropped.headers["location"] == f"{url}#line-{line.id}"
    assert "已移出" in text_of((await client.get(url)).text)
    assert late.status_code == 409
    assert late.text.strip().startswith(f'<li id="line-{line.id}"')
    assert "这位志愿者已被确认或移出。" in late.text
    assert late_page.status_code == 409 and "<html" in late_page.text
    assert "这位志愿者已被确认或移出。" in late_page.text


async def test_confirming_on_a_shift_filled_meanwhile_is_refused_in_chinese(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await helper(m.w, "李建国")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    assert len(proposal.lines) == 2
    for other in (await helper(m.w, "王德福"), await helper(m.w, "赵春梅")):
        await invite(m.w.staff_scope(), InvitationInput(shift_id=m.shift.id, volunteer_id=other.id))
    line = proposal.lines[0]
    await login(client, m.slug, "staff")

    response = await post_form(
        client, m.url(f"/proposals/{proposal.id}/lines/{line.id}/confirm"), {}, headers=HTMX
    )

    assert response.status_code == 409
    assert "此班次的名额已全部报满或已发出邀请。" in response.text
    assert "待确认" in response.text  # the line stays proposed


async def test_a_window_ending_before_it_starts_keeps_the_form_with_the_error(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")

    response = await post_form(
        client,
        m.url("/runs"),
        {"window_from": days_ahead(5), "window_to": today(), "cap_shift": "0", "cap_total": "2"},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert response.text.strip().startswith('<section id="new-proposal"')
    assert "结束日期不能早于开始日期。" in response.text
    assert "请填写 1 到 1000 之间的整数，或留空。" in response.text
    assert f'value="{days_ahead(5)}"' in response.text and 'value="2"' in response.text


async def test_a_run_started_with_htmx_shows_its_progress_in_place(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")

    response = await post_form(
        client,
        m.url("/runs"),
        {"window_from": today(), "window_to": days_ahead(6), "alliance_id": str(m.w.alliance)},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response.text.strip().startswith('<section id="matching-run"')
    assert response.headers["HX-Push-Url"].startswith(m.url("/runs/"))


async def test_a_failed_run_says_why_in_chinese(client, workspace, monkeypatch) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")
    started = await post_form(
        client, m.url("/runs"), {"window_from": today(), "window_to": days_ahead(13)}
    )
    run_id = int(started.headers["location"].rsplit("/", 1)[1])
    monkeypatch.setattr("coalition.matching.proposals.MAX_SHIFTS", 0)

    failed = await run_matching(m.w.tenant_id, run_id)
    page = await client.get(started.headers["location"], headers=HTMX)

    assert failed is not None and failed.status == "failed"
    assert "未能生成匹配方案" in page.text
    assert "此时间范围内待安排的班次超过 0 个，请缩短时间范围。" in page.text
    assert "HX-Redirect" not in page.headers


async def test_a_window_out_of_reach_is_refused_next_to_its_dates_and_the_dates_stay(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")
    earliest, latest = days_ahead(-365), days_ahead(730)

    far = await post_form(
        client,
        m.url("/runs"),
        {"window_from": "0001-01-01", "window_to": "9999-12-31", "cap_shift": "两个"},
        headers=HTMX,
    )

    assert far.status_code == 422
    assert far.text.strip().startswith('<section id="new-proposal"')
    assert far.text.count(f"请选择 {earliest} 至 {latest} 之间的日期。") == 2
    assert "请填写整数。" in far.text
    assert 'value="0001-01-01"' in far.text and 'value="9999-12-31"' in far.text
    assert 'value="两个"' in far.text


async def test_the_last_day_two_years_ahead_is_accepted_and_the_next_is_not(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")
    latest, beyond = days_ahead(730), days_ahead(731)

    accepted = await post_form(client, m.url("/runs"), {"window_from": latest, "window_to": latest})
    refused = await post_form(client, m.url("/runs"), {"window_from": latest, "window_to": beyond})

    assert accepted.status_code == 303
    assert refused.status_code == 422 and "<html" in refused.text
    assert f"请选择 {days_ahead(-365)} 至 {latest} 之间的日期。" in refused.text


async def test_a_window_out_of_reach_reads_in_english_on_an_english_page(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    response = await post_form(
        client, m.url("/runs"), {"window_from": today(), "window_to": "9999-12-31"}
    )

    assert response.status_code == 422
    assert f"Choose a day from {days_ahead(-365)} to {days_ahead(730)}." in response.text
    assert 'value="9999-12-31"' in response.text


async def test_a_date_that_is_no_date_gets_the_shared_date_message(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")

    response = await post_form(
        client, m.url("/runs"), {"window_from": "明天", "window_to": today()}, headers=HTMX
    )

    assert response.status_code == 422
    assert "请按 年-月-日 格式填写日期，例如 2026-05-04。" in response.text
    assert 'value="明天"' in response.text


async def test_a_run_pending_for_minutes_stops_polling_and_offers_to_check_again(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    stuck = await request_matching_run(
        m.w.staff_scope(), ProposalRequest(), now=datetime.now(UTC) - timedelta(minutes=10)
    )
    url = m.url(f"/runs/{stuck.id}")
    await login(client, m.slug, "staff")

    polled = await client.get(url, headers=HTMX)
    page = await client.get(url)

    assert polled.status_code == 200
    assert polled.text.strip().startswith('<section id="matching-run"')
    assert "hx-trigger" not in polled.text
    assert "匹配方案用时比平常长，正在后台继续生成。" in polled.text
    assert f'hx-get="{url}"' in polled.text and "刷新进度" in polled.text
    assert "every 2s" not in page.text and 'http-equiv="refresh"' not in page.text
    assert "匹配方案用时比平常长" in page.text


async def test_a_fresh_run_keeps_polling_even_without_javascript(client, workspace) -> None:
    m = await matching_world(workspace)
    run = await request_matching_run(m.w.staff_scope(), ProposalRequest())
    await login(client, m.slug, "staff")

    page = await client.get(m.url(f"/runs/{run.id}"))

    assert 'hx-trigger="every 2s"' in page.text and 'http-equiv="refresh"' in page.text
    assert "用时比平常长" not in page.text


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("optimal", "最优方案"),
        ("time_limit", "限定时间内找到的最佳方案"),
        ("greedy", "逐个班次挑选最高分的志愿者"),
        ("", "未记录"),
    ],
)
async def test_how_the_solver_ended_is_said_in_words(
    client, workspace, monkeypatch, status, label
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    stored = matching_services.get_proposal

    async def ended(scope, proposal_id):  # the proposal as if the solver had ended so
        found = await stored(scope, proposal_id)
        return msgspec.structs.replace(found, solver_status=status)

    monkeypatch.setattr("portal.matching.pages.get_proposal", ended)
    await login(client, m.slug, "staff")

    page = await client.get(m.url(f"/proposals/{proposal.id}"))

    solver = text_of(page.text).split("求解器", 1)[1]
    assert solver.lstrip().startswith(f"{label} ·")
    for raw in ("optimal", "time_limit", "greedy"):
        assert raw not in text_of(page.text)


async def test_the_solver_reads_in_english_on_an_english_page(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    assert proposal.solver_status == "optimal"
    await login(client, m.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    text = text_of((await client.get(m.url(f"/proposals/{proposal.id}"))).text)

    assert "Solver The best possible proposal ·" in text


async def test_buttons_that_send_are_disabled_while_their_request_runs(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    (line,) = proposal.lines
    await login(client, m.slug, "staff")

    index = await client.get(m.url())
    page = await client.get(m.url(f"/proposals/{proposal.id}"))

    start_form = index.text.split('hx-post="/t/', 1)[1].split(">", 1)[0]
    assert 'hx-disabled-elt="find button"' in start_form
    # Confirm and Drop both wait for either one's answer
    assert page.text.count(f'hx-disabled-elt="#line-{line.id} button"') == 2


async def test_the_proposal_page_and_a_line_fragment_vary_on_htmx(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    (line,) = proposal.lines
    url = m.url(f"/proposals/{proposal.id}")
    await login(client, m.slug, "staff")

    page = await client.get(url)
    dropped = await post_form(client, f"{url}/lines/{line.id}/drop", {}, headers=HTMX)

    assert "<html" in page.text and "HX-Request" in page.headers["Vary"]
    assert "<html" not in dropped.text and "HX-Request" in dropped.headers["Vary"]


async def test_once_every_line_is_confirmed_the_list_says_none_is_waiting(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await helper(m.w, "李建国")
    proposal = await propose_assignment(m.w.staff_scope(), ProposalRequest())
    url = m.url(f"/proposals/{proposal.id}")
    await login(client, m.slug, "staff")
    for line in proposal.lines:
        confirmed = await post_form(client, f"{url}/lines/{line.id}/confirm", {})
        assert confirmed.status_code == 303

    listed = text_of((await client.get(m.url())).text)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    english = text_of((await client.get(m.url())).text)

    assert "待确认 0 人" in listed and "已确认 2 人" in listed
    assert "推荐 0 人" not in listed
    assert "Waiting: 0" in english and "Confirmed: 2" in english and "Proposed:" not in english
