"""Matching, the inbox and a roster import, in a real browser over the real portal.

Community staff ask for suggested volunteers on a shift and invite one with one click;
the volunteer, on a phone, sees the inbox badge, opens the notice and accepts; staff run a
batch proposal (the portal's own job runner works it out) and confirm a line; an
administrator imports a roster and watches the progress bar move until it is done. The
portal runs as `make run` runs it: SQLite, jobs inside the process. Every step leaves a
screenshot in test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.browser.conftest import LiveServer
from tests.browser.test_journey import PHONE, TENANT, ZONE, Step, query, sign_in, submit

TITLE = "陪同高龄老人调解赡养纠纷（浏览器测试）"
DESKTOP = {"width": 1024, "height": 900}
ROSTER = 400  # rows: enough for the import to outlast its page's first load


def next_saturday(today: date) -> date:
    """A Saturday at least two days ahead: the demo volunteer serves on Saturdays."""
    day = today + timedelta(days=2)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def wait_until(check: Any, what: str, seconds: float = 30) -> Any:
    """Poll ``check()`` until it returns something truthy (the job runner works apart)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def fits_the_phone(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_staff_match_and_invite_the_volunteer_answers_from_the_inbox_and_a_roster_imports(
    browser: Any, live_server: LiveServer, artifacts: Path
) -> None:
    step = Step(artifacts)
    ((volunteer_name, volunteer_id, home_grid),) = query(
        live_server,
        "SELECT p.name, v.id, v.home_grid FROM actors_account a "
        "JOIN actors_person p ON p.id = a.person JOIN actors_volunteer v ON v.person = p.id "
        "WHERE a.username = 'yt-volunteer'",
    )
    saturday = next_saturday(datetime.now(ZONE).date())

    # 1. Staff post a need that asks for the demo volunteer's two skills, on a Saturday.
    staff = sign_in(browser, live_server, "yt-staff", DESKTOP)
    staff.goto(f"{live_server.url}/t/{TENANT}/needs/new")
    staff.fill("input[name=title]", TITLE)
    staff.fill("textarea[name=description]", "老人与子女因赡养起争执，需懂调解的志愿者陪同。")
    staff.select_option("select[name=category]", "elderly_care")
    staff.select_option("select[name=grid_id]", str(home_grid))
    staff.fill("input[name=required_skills]", "矛盾调解、助老服务")
    staff.fill("input[name=shift_date]", saturday.isoformat())
    staff.fill("input[name=shift_start]", "10:00")
    staff.fill("input[name=shift_end]", "11:00")
    staff.fill("input[name=shift_headcount]", "2")
    staff.click("button[name=action][value=publish]")
    staff.wait_for_url(re.compile(rf".*/t/{TENANT}/needs/\d+$"))
    need_id = int(staff.url.rsplit("/", 1)[1])
    staff.check("input[name=kind][value=pool]")
    submit(staff, "/dispatch")
    ((shift_id,),) = query(live_server, "SELECT id FROM shifts_shift WHERE need = ?", need_id)

    # 2. Suggested volunteers load into the shift's section; one click invites.
    staff.click(f"a[href$='/matching/shifts/{shift_id}']")
    candidate = staff.locator(f"#suggestions-{shift_id} li.candidate", has_text=volunteer_name)
    candidate.wait_for()
    assert "具备所需 2 项技能中的 2 项" in candidate.inner_text()  # the breakdown, in Chinese
    step.shot(staff, "suggested-volunteers")
    candidate.locator("button[type=submit]").click()
    staff.locator(f"#candidate-{shift_id}-{volunteer_id}-action", has_text="已邀请").wait_for()
    assert staff.url.endswith(f"/needs/{need_id}")  # no page load: htmx swapped the row
    assert query(
        live_server,
        "SELECT source, status FROM shifts_invitation WHERE shift = ? AND volunteer = ?",
        shift_id,
        volunteer_id,
    ) == [("matching", "pending")]
    step.shot(staff, "invited-in-one-click")

    # 3. On a phone, the volunteer sees the unread badge, opens the notice and accepts.
    phone = sign_in(browser, live_server, "yt-volunteer", PHONE)

    def badge() -> str:
        phone.reload()
        phone.wait_for_load_state("networkidle")
        count = phone.locator("#inbox-badge .inbox-count")
        return count.inner_text().strip() if count.count() else ""

    assert re.fullmatch(r"[1-9]\d*|99\+", wait_until(badge, "the unread badge"))
    step.shot(phone, "volunteer-sees-the-badge")
    phone.goto(f"{live_server.url}/t/{TENANT}/inbox")
    notice = phone.locator("li", has_text=TITLE).first
    notice.wait_for()
    fits_the_phone(phone)
    step.shot(phone, "volunteer-inbox")
    notice.locator("form[action$='/open'] button[type=submit]").click()
    phone.wait_for_url(re.compile(rf".*/t/{TENANT}/me.*"))
    phone.locator("form[action$='/accept'] button[type=submit]").first.click()
    phone.wait_for_load_state("networkidle")
    assert query(
        live_server,
        "SELECT status FROM shifts_signup WHERE shift = ? AND volunteer = ?",
        shift_id,
        volunteer_id,
    ) == [("confirmed",)]
    fits_the_phone(phone)
    step.shot(phone, "volunteer-accepted")

    # 4. Staff run a batch proposal over that Saturday and confirm a line.
    staff.goto(f"{live_server.url}/t/{TENANT}/matching")
    staff.fill("input[name=window_from]", saturday.isoformat())
    staff.fill("input[name=window_to]", saturday.isoformat())
    submit(staff, "/matching/runs")
    staff.wait_for_url(re.compile(rf".*/t/{TENANT}/matching/proposals/\d+$"), timeout=60_000)
    proposal_id = int(staff.url.rsplit("/", 1)[1])
    step.shot(staff, "proposal")
    line = staff.locator("[id^=line-]", has=staff.locator("form[action$='/confirm']")).first
    line_id = int((line.get_attribute("id") or "").removeprefix("line-"))
    line.locator("form[action$='/confirm'] button[type=submit]").click()
    staff.locator(f"#line-{line_id} form[action$='/confirm']").wait_for(state="detached")
    staff.locator("#proposal-tallies", has_text="已确认 1 人").wait_for()  # counts follow
    ((status, invitation),) = query(
        live_server,
        "SELECT status, invitation FROM matching_proposal_line WHERE id = ? AND proposal = ?",
        line_id,
        proposal_id,
    )
    assert status == "confirmed" and invitation is not None
    step.shot(staff, "line-confirmed")

    # Staff on a phone read the same pages without scrolling sideways.
    on_phone = sign_in(browser, live_server, "yt-staff", PHONE)
    on_phone.goto(f"{live_server.url}/t/{TENANT}/matching/proposals/{proposal_id}")
    fits_the_phone(on_phone)
    step.shot(on_phone, "proposal-on-a-phone")
    on_phone.goto(f"{live_server.url}/t/{TENANT}/needs/{need_id}")
    on_phone.click(f"a[href$='/matching/shifts/{shift_id}']")
    on_phone.locator(f"div#suggestions-{shift_id}.suggestions").wait_for()
    fits_the_phone(on_phone)
    step.shot(on_phone, "suggestions-on-a-phone")

    # 5. An administrator on a phone imports a roster and watches the progress bar move.
    admin = sign_in(browser, live_server, "yt-admin", PHONE)
    template = admin.request.get(f"{live_server.url}/t/{TENANT}/imports/templates/volunteers/csv")
    assert template.ok
    header = next(csv.reader(io.StringIO(template.body().decode("utf-8-sig"))))
    ((grid_code,),) = query(live_server, "SELECT code FROM places_grid WHERE id = ?", home_grid)
    names = [f"浏览器导入{i:03d}" for i in range(ROSTER)]
    rows = [
        {"姓名": name, "手机号": f"1390000{i:04d}", "网格编号": grid_code}
        for i, name in enumerate(names)
    ]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([[row.get(column, "") for column in header] for row in rows])
    admin.goto(f"{live_server.url}/t/{TENANT}/imports")
    fits_the_phone(admin)
    admin.check("input[name=kind][value=volunteers]")
    admin.set_input_files(
        "input[type=file]",
        {"name": "名册.csv", "mimeType": "text/csv", "buffer": text.getvalue().encode("utf-8-sig")},
    )
    admin.locator("form[action$='/imports'] button[type=submit]").first.click()
    admin.wait_for_url(re.compile(rf".*/t/{TENANT}/imports/\d+$"))
    polling = admin.locator("#import-progress[hx-trigger]")
    assert polling.count() == 1, "the import had finished before its page could poll"
    step.shot(admin, "import-in-progress")
    loaded = admin.evaluate("performance.timeOrigin")
    polling.wait_for(state="detached", timeout=120_000)  # htmx swapped in the last state
    assert admin.evaluate("performance.timeOrigin") == loaded  # the page was never reloaded
    assert "已完成" in admin.locator("#import-progress").inner_text()
    fits_the_phone(admin)
    step.shot(admin, "roster-imported")
    imported = query(
        live_server,
        "SELECT count(*) FROM actors_volunteer v JOIN actors_person p ON p.id = v.person "
        "WHERE p.name LIKE '浏览器导入%'",
    )
    assert imported == [(ROSTER,)]
