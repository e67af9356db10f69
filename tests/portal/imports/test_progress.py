"""Following an import: the page polls while the import moves, stops polling once it has
not moved for minutes (say, with no worker running), and sends a click only once."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import msgspec

from coalition.actors.accounts import create_person
from coalition.actors.schemas import PersonInput
from coalition.actors.tables import Person
from coalition.imports.schemas import ImportJobOut
from coalition.notifications.tables import ImportJob
from coalition.tenancy import TenantScope
from portal.imports.controllers import stalled
from portal.people import person_names
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.imports.helpers import csv_file, place, run_jobs, upload

GOOD = csv_file([["姓名", "手机号"], ["王芳", "13800000001"]])
WITH_ERRORS = csv_file(
    [["姓名", "手机号", "电子邮箱", "网格编号"], ["王芳", "13800000001"], ["李雷", "", "", "G9"]]
)
POLLING = 'hx-trigger="every 1s"'
STALLED_ZH = "导入用时比平常长，正在后台继续进行。"


def polling_url(page: str) -> str:
    found = re.search(r'hx-get="([^"]+)" hx-trigger="every 1s"', page)
    assert found, page
    return html.unescape(found.group(1))


async def make_old(tenant_id: int, import_id: str, minutes: int) -> None:
    """The import's job last moved ``minutes`` ago."""
    async with TenantScope.system(tenant_id).write() as q:
        await q.update(
            ImportJob, {ImportJob.updated_at: datetime.now(UTC) - timedelta(minutes=minutes)}
        ).where(ImportJob.id == int(import_id))


async def test_a_queued_import_is_polled_and_its_page_varies_with_htmx(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    url = (await upload(client, where.url, "名册.csv", GOOD)).headers["location"]

    page = await client.get(url)
    fragment = await client.get(url, headers=HTMX)

    assert page.status_code == fragment.status_code == 200
    assert page.headers["vary"] == fragment.headers["vary"] == "HX-Request"
    assert page.text.lstrip().startswith("<!doctype html>")
    assert fragment.text.lstrip().startswith('<section id="import-progress"')
    assert POLLING in page.text and POLLING in fragment.text
    assert polling_url(fragment.text) == url
    assert "本页会自动更新。" in text_of(fragment.text) and STALLED_ZH not in fragment.text


async def test_an_import_queued_for_minutes_stops_polling_and_offers_to_check_again(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    url = (await upload(client, where.url, "名册.csv", GOOD)).headers["location"]
    await make_old(where.tenant_id, url.rsplit("/", 1)[1], minutes=2)
    recent = await client.get(url, headers=HTMX)
    await make_old(where.tenant_id, url.rsplit("/", 1)[1], minutes=10)

    stalled = await client.get(url, headers=HTMX)
    await run_jobs(where.tenant_id)
    done = await client.get(url, headers=HTMX)

    assert POLLING in recent.text and STALLED_ZH not in recent.text
    assert stalled.status_code == 200 and "hx-trigger" not in stalled.text
    text = text_of(stalled.text)
    assert "排队中" in text and STALLED_ZH in text and "刷新进度" in text
    assert "本页会自动更新。" not in text
    assert f'href="{url}" hx-get="{url}"' in stalled.text
    assert "已完成" in text_of(done.text) and STALLED_ZH not in done.text


async def test_the_stalled_import_reads_in_english(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    url = (await upload(client, where.url, "roster.csv", GOOD)).headers["location"]
    await make_old(where.tenant_id, url.rsplit("/", 1)[1], minutes=10)

    page = await client.get(url)

    text = text_of(page.text)
    assert page.status_code == 200 and POLLING not in page.text
    assert "Waiting to start" in text and "Check again" in text
    assert "This is taking longer than usual; the import goes on in the background." in text


async def test_a_running_import_that_does_not_move_for_minutes_stops_polling(
    client, workspace
) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    url = (await upload(client, where.url, "名册.csv", WITH_ERRORS)).headers["location"]
    await run_jobs(where.tenant_id)
    started = await post_form(client, f"{url}/valid-rows", {}, headers=HTMX)
    import_id = url.rsplit("/", 1)[1]

    await make_old(where.tenant_id, import_id, minutes=2)
    quiet = await client.get(url, headers=HTMX)
    await make_old(where.tenant_id, import_id, minutes=4)
    stalled = await client.get(url, headers=HTMX)

    assert "正在导入" in text_of(started.text) and POLLING in started.text
    assert POLLING in quiet.text and STALLED_ZH not in text_of(quiet.text)
    assert POLLING not in stalled.text and STALLED_ZH in text_of(stalled.text)
    assert "正在导入" in text_of(stalled.text)


async def test_the_forms_send_a_double_click_once_with_htmx(client, workspace) -> None:
    where = await place(workspace)
    await login(client, where.slug, "staff")
    url = (await upload(client, where.url, "名册.csv", WITH_ERRORS)).headers["location"]
    await run_jobs(where.tenant_id)

    index = await client.get(where.url)
    invalid = await client.get(url)
    first = await post_form(client, f"{url}/valid-rows", {}, headers=HTMX)
    second = await post_form(client, f"{url}/valid-rows", {}, headers=HTMX)

    form = re.search(r'<form class="form"[^>]*>', index.text)
    assert form and 'hx-disabled-elt="find button[type=submit]"' in form.group(0)
    decision = re.search(r'<form [^>]*/valid-rows"[^>]*>', invalid.text)
    assert decision and 'hx-disabled-elt="find button"' in decision.group(0)
    assert first.status_code == 200 and second.status_code == 409
    assert "该导入已在处理或已结束" in text_of(second.text)


async def test_names_leave_out_people_removed_since(workspace) -> None:
    scope = TenantScope.system(workspace.tenant.id)
    kept = await create_person(scope, PersonInput(name="王芳"))
    gone = await create_person(scope, PersonInput(name="李雷"))
    async with scope.write() as q:
        await q.delete(Person).where(Person.id == gone.id)

    names = await person_names(scope, [kept.id, gone.id, None, kept.id])

    assert names == {kept.id: "王芳"}


def test_an_unfinished_import_counts_as_stalled_three_minutes_after_it_last_moved() -> None:
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    job = ImportJobOut(
        id=1, kind="volunteers", file_format="csv", filename="名册.csv", status="validating",
        import_valid_rows=False, total_rows=400, validated_rows=100, imported_rows=0,
        error_rows=0, progress=12, failure_code="", failure_params={}, requested_by=None,
        created_at=now - timedelta(hours=1), updated_at=now, finished_at=None,
    )  # fmt: skip

    def moved(seconds_ago: int, status: str = "validating") -> ImportJobOut:
        return msgspec.structs.replace(
            job, status=status, updated_at=now - timedelta(seconds=seconds_ago)
        )

    assert not stalled(moved(179), now) and stalled(moved(180), now)
    assert stalled(moved(600, "queued"), now)
    assert not stalled(moved(600, "done"), now) and not stalled(moved(600, "invalid"), now)
