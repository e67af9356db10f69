"""One need through the whole working cycle, in a real browser over the real portal.

A community staff member posts a need with a shift and opens it to the volunteer pool; a
volunteer on a 375 px phone signs up, checks in and out; staff verify the hours and review
the need; a joint activity is logged; the report shows the hours. Every step leaves a
screenshot in test-artifacts/.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from coalition.demo import data
from tests.browser.conftest import LiveServer

TENANT = data.YANTAI.slug
ZONE = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 375, "height": 812}
TITLE = "帮独居的孙奶奶取药（浏览器测试）"


def shift_window(now: datetime) -> tuple[datetime, datetime]:
    """A shift that starts in a few minutes (check-in is open) and ends the same day."""
    start = (now + timedelta(minutes=5)).replace(second=0, microsecond=0)
    end = start + timedelta(hours=1)
    if end.date() != start.date():
        if start.hour == 23 and start.minute > 50:
            start = datetime.combine(start.date() + timedelta(days=1), datetime.min.time(), ZONE)
            end = start + timedelta(hours=1)
        else:
            end = start.replace(hour=23, minute=59)
    return start, end


class Step:
    def __init__(self, folder: Path) -> None:
        self.folder, self.n = folder, 0

    def shot(self, page: Any, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{name}.png"), full_page=True)


def sign_in(browser: Any, server: LiveServer, username: str, viewport: dict[str, int]) -> Any:
    page = browser.new_context(viewport=viewport, locale="zh-CN").new_page()
    page.goto(f"{server.url}/t/{TENANT}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", data.DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(rf".*/t/{TENANT}/$"))
    return page


def query(server: LiveServer, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(server.database) as db:
        return db.execute(sql, args).fetchall()


def submit(page: Any, form: str) -> None:
    """Submit a form by its action and wait for the page or fragment to settle."""
    page.locator(f"form[action$='{form}'] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def test_one_need_goes_round_the_whole_cycle(
    browser: Any, live_server: LiveServer, artifacts: Path
) -> None:
    step = Step(artifacts)
    ((volunteer_name, person_id, volunteer_id, home_grid),) = query(
        live_server,
        "SELECT p.name, p.id, v.id, v.home_grid FROM actors_account a "
        "JOIN actors_person p ON p.id = a.person JOIN actors_volunteer v ON v.person = p.id "
        "WHERE a.username = 'yt-volunteer'",
    )
    start, end = shift_window(datetime.now(ZONE))

    # 1. Community staff post a need with a shift, publish it and open it to the pool.
    staff = sign_in(browser, live_server, "yt-staff", {"width": 1024, "height": 900})
    staff.goto(f"{live_server.url}/t/{TENANT}/needs/new")
    staff.fill("input[name=title]", TITLE)
    staff.fill("textarea[name=description]", "孙奶奶腿脚不便，需要志愿者到社区卫生院代取降压药。")
    staff.select_option("select[name=category]", "elderly_care")
    staff.select_option("select[name=grid_id]", str(home_grid))
    staff.fill("input[name=resident_name]", "孙桂兰")
    staff.fill("input[name=shift_date]", start.date().isoformat())
    staff.fill("input[name=shift_start]", start.strftime("%H:%M"))
    staff.fill("input[name=shift_end]", end.strftime("%H:%M"))
    staff.fill("input[name=shift_headcount]", "1")
    step.shot(staff, "staff-posts-a-need")
    staff.click("button[name=action][value=publish]")
    staff.wait_for_url(re.compile(rf".*/t/{TENANT}/needs/\d+$"))
    need_url = staff.url
    need_id = int(need_url.rsplit("/", 1)[1])
    staff.check("input[name=kind][value=pool]")
    submit(staff, "/dispatch")
    assert query(live_server, "SELECT state FROM needs_need WHERE id = ?", need_id) == [
        ("dispatched",)
    ]
    step.shot(staff, "staff-opens-it-to-the-pool")

    # 2. A volunteer on a phone signs up, checks in and out.
    phone = sign_in(browser, live_server, "yt-volunteer", PHONE)
    phone.goto(f"{live_server.url}/t/{TENANT}/shifts")
    card = phone.locator("article", has_text=TITLE).first
    step.shot(phone, "volunteer-sees-the-shift")
    card.locator("button[type=submit]").click()
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    step.shot(phone, "volunteer-signed-up")
    ((shift_id,),) = query(live_server, "SELECT id FROM shifts_shift WHERE need = ?", need_id)
    assert query(
        live_server,
        "SELECT status FROM shifts_signup WHERE shift = ? AND volunteer = ?",
        shift_id,
        volunteer_id,
    ) == [("confirmed",)]
    phone.goto(f"{live_server.url}/t/{TENANT}/me")
    submit(phone, f"/shifts/{shift_id}/check-in")
    step.shot(phone, "volunteer-checked-in")
    # The server's clock cannot be wound on: move the check-in back 90 minutes instead.
    with sqlite3.connect(live_server.database) as db:
        db.execute(
            "UPDATE hours_record SET check_in_at = datetime(check_in_at, '-90 minutes') "
            "WHERE shift = ? AND volunteer = ?",
            (shift_id, volunteer_id),
        )
    phone.goto(f"{live_server.url}/t/{TENANT}/me")
    submit(phone, f"/shifts/{shift_id}/check-out")
    step.shot(phone, "volunteer-checked-out")
    ((minutes, status),) = query(
        live_server, "SELECT minutes, status FROM hours_record WHERE shift = ?", shift_id
    )
    assert 89 <= minutes <= 92 and status == "pending"

    # 3. Staff verify the hours, complete the need and review it.
    staff.goto(f"{live_server.url}/t/{TENANT}/hours/pending")
    step.shot(staff, "hours-to-verify")
    staff.locator("form[action$='/verify'] button[type=submit]").first.click()
    staff.wait_for_load_state("networkidle")
    assert query(live_server, "SELECT status FROM hours_record WHERE shift = ?", shift_id) == [
        ("verified",)
    ]
    staff.goto(need_url)
    submit(staff, "/complete")
    staff.check("input[name=rating][value='5']")
    staff.fill("textarea[name=comment]", "志愿者准时送药，孙奶奶很满意。")
    submit(staff, "/review")
    step.shot(staff, "need-reviewed")
    assert query(live_server, "SELECT state FROM needs_need WHERE id = ?", need_id) == [
        ("reviewed",)
    ]

    # 4. A joint activity is logged, with the volunteer's hours.
    staff.goto(f"{live_server.url}/t/{TENANT}/activities/new")
    staff.fill("input[name=title]", "重阳节敬老义诊（浏览器测试）")
    staff.select_option("select[name=area]", "public_welfare")
    staff.fill("input[name=held_on]", datetime.now(ZONE).date().isoformat())
    staff.locator("input[name=community_ids]").first.check()
    staff.select_option("select[name='participants.0.person']", str(person_id))
    staff.select_option("select[name='participants.0.role']", "volunteer")
    staff.fill("input[name='participants.0.minutes']", "60")
    staff.locator(f"input[name=need_ids][value='{need_id}']").check()
    step.shot(staff, "activity-form")
    staff.locator("#activity-form button[type=submit]").last.click()
    staff.wait_for_url(re.compile(rf".*/t/{TENANT}/activities/\d+$"))
    step.shot(staff, "activity-logged")

    # 5. The report shows the volunteer's hours: 90 minutes of service, 60 at the activity.
    phone_report = sign_in(browser, live_server, "yt-staff", PHONE)
    phone_report.goto(f"{live_server.url}/t/{TENANT}/reports")
    step.shot(phone_report, "report")
    row = phone_report.locator("tr", has_text=volunteer_name).first
    assert row.is_visible()
    assert re.search(r"2\.5", row.inner_text()), row.inner_text()
