"""Roster imports: every row validated, errors by row and code, nothing half-imported."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from coalition.actors.tables import Organisation, Person, Volunteer
from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.imports import job as import_job
from coalition.imports.job import run_import
from coalition.imports.schemas import ImportRequest
from coalition.imports.services import (
    get_import,
    import_valid_rows,
    list_import_errors,
    list_imports,
    request_import,
)
from coalition.notifications.tables import Outbox
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import GridFactory, PersonFactory, VolunteerFactory
from tests.coalition.imports.conftest import Roster
from tests.coalition.imports.helpers import (
    csv_file,
    pending_import_rows,
    run_jobs,
    xlsx_file,
)

HOUR = timedelta(hours=1)
HEADER = ["姓名", "手机号", "邮箱", "网格编号", "所属组织", "技能", "每周最多服务小时", "加入日期"]


def volunteers(*rows: list[str]) -> ImportRequest:
    return ImportRequest(
        kind="volunteers", filename="志愿者.csv", content=csv_file([HEADER, *rows])
    )


async def _people(tenant_id: int) -> list[dict]:
    async with TenantScope.system(tenant_id).read() as q:
        return await q.select(
            Volunteer,
            Volunteer.person.name,
            Volunteer.person.phone,
            Volunteer.home_grid.code,
            Volunteer.organisation.name,
            Volunteer.skills,
            Volunteer.max_hours_week,
        ).order_by(Volunteer.id)


async def test_a_valid_file_imports_every_row_through_the_services(r: Roster) -> None:
    requested = await request_import(
        r.staff,
        volunteers(
            [
                "王芳",
                "13800000001",
                "wf@example.cn",
                "G0001",
                "阳光社工服务中心",
                "助老服务、义诊",
                "6",
                "2026/1/5",
            ],
            ["李雷", "13800000002", "", "", "", "", "", ""],
        ),
    )
    assert (requested.status, requested.progress) == ("queued", 0)

    (done,) = await run_jobs(r.tenant_id)

    assert done is not None
    assert (done.status, done.total_rows, done.imported_rows, done.error_rows, done.progress) == (
        "done",
        2,
        2,
        0,
        100,
    )
    assert await get_import(r.staff, requested.id) == done
    people = await _people(r.tenant_id)
    assert [(p["person.name"], p["home_grid.code"], p["organisation.name"]) for p in people] == [
        ("王芳", "G0001", "阳光社工服务中心"),
        ("李雷", None, None),
    ]
    assert (people[0]["skills"], people[0]["max_hours_week"], people[1]["max_hours_week"]) == (
        ["助老服务", "义诊"],
        6,
        8,
    )


async def test_a_file_with_errors_imports_nothing_and_says_what_is_wrong_where(
    r: Roster,
) -> None:
    requested = await request_import(
        r.admin,
        volunteers(
            ["王芳", "13800000001", "", "G0001", "", "", "", ""],
            ["", "13800000002", "not-an-address", "G9999", "无此组织", "", "八", "昨天"],
            ["王芳妹妹", "13800000001", "", "", "", "", "100", ""],
        ),
    )

    (result,) = await run_jobs(r.tenant_id)

    assert result is not None
    assert (result.status, result.imported_rows, result.error_rows) == ("invalid", 0, 2)
    assert await _people(r.tenant_id) == []
    page = await list_import_errors(r.admin, requested.id)
    assert page.total == 8
    found = {(e.row, e.field, e.code) for e in page.items}
    assert found == {
        (3, "name", "required"),
        (3, "email", "invalid_email"),
        (3, "grid", "imports.unknown_grid"),
        (3, "organisation", "imports.unknown_organisation"),
        (3, "max_hours_week", "not_a_number"),
        (3, "joined_on", "imports.invalid_date"),
        (4, "max_hours_week", "out_of_range"),
        (4, "phone", "imports.duplicate_in_file"),
    }
    duplicate = next(e for e in page.items if e.code == "imports.duplicate_in_file")
    assert duplicate.params == {"value": "13800000001", "row": 2}
    assert next(e for e in page.items if e.code == "out_of_range").params == {"low": 1, "high": 60}


async def test_asked_to_the_valid_rows_are_imported_and_the_others_reported(r: Roster) -> None:
    requested = await request_import(
        r.admin,
        volunteers(
            ["王芳", "", "", "", "", "", "", ""], ["", "13800000009", "", "", "", "", "", ""]
        ),
    )
    await run_jobs(r.tenant_id)

    again = await import_valid_rows(r.admin, requested.id)
    (result,) = await run_jobs(r.tenant_id)

    assert again.status == "importing"
    assert result is not None
    assert (result.status, result.imported_rows, result.error_rows) == ("done", 1, 1)
    assert [p["person.name"] for p in await _people(r.tenant_id)] == ["王芳"]
    assert [(e.row, e.code) for e in (await list_import_errors(r.admin, requested.id)).items] == [
        (3, "required")
    ]


async def test_a_job_run_twice_or_again_after_it_died_imports_each_row_once(
    r: Roster, monkeypatch
) -> None:
    rows = [[f"志愿者{i}", f"1390000{i:04d}", "", "", "", "", "", ""] for i in range(7)]
    await request_import(r.admin, volunteers(*rows))
    (outbox_id,) = await pending_import_rows(r.tenant_id)
    monkeypatch.setattr(import_job, "CHUNK", 3)
    real = import_job.import_row
    calls = 0

    async def dies_on_the_fifth_row(scope, kind, payload):
        nonlocal calls
        calls += 1
        if calls == 5:
            raise RuntimeError("the worker died")
        await real(scope, kind, payload)

    monkeypatch.setattr(import_job, "import_row", dies_on_the_fifth_row)
    with pytest.raises(RuntimeError):
        await run_import(r.tenant_id, outbox_id)
    assert len(await _people(r.tenant_id)) == 3  # the first chunk committed, the second not

    finished = await run_import(r.tenant_id, outbox_id)
    repeated = await run_import(r.tenant_id, outbox_id)

    assert finished is not None and (finished.status, finished.imported_rows) == ("done", 7)
    assert repeated is None
    assert sorted(p["person.name"] for p in await _people(r.tenant_id)) == sorted(
        row[0] for row in rows
    )


async def test_progress_is_stored_while_the_job_runs(r: Roster, monkeypatch) -> None:
    rows = [[f"志愿者{i}", "", "", "", "", "", "", ""] for i in range(6)]
    requested = await request_import(r.admin, volunteers(*rows))
    monkeypatch.setattr(import_job, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(import_job, "CHUNK", 2)
    seen: list[int] = []
    real = import_job.import_row

    async def watching(scope, kind, payload):
        seen.append((await get_import(r.admin, requested.id)).progress)
        await real(scope, kind, payload)

    monkeypatch.setattr(import_job, "import_row", watching)
    await run_jobs(r.tenant_id)

    assert seen == [50, 50, 66, 66, 83, 83]


async def test_organisations_from_excel_with_english_headers_and_kind_labels(r: Roster) -> None:
    content = xlsx_file(
        [
            ["Name", "Kind", "Community", "Services"],
            ["邻里守望志愿队", "社会团体", "东北村社区", "巡逻、助老"],
            ["阳光社工服务中心", "service agency", "", ""],
            ["爱心基金", "慈善", "无名社区", ""],
        ]
    )
    requested = await request_import(
        r.admin,
        ImportRequest(
            kind="organisations", filename="orgs.xlsx", content=content, import_valid_rows=True
        ),
    )

    (result,) = await run_jobs(r.tenant_id)

    assert result is not None and (result.status, result.imported_rows) == ("done", 1)
    errors = {
        (e.row, e.field, e.code) for e in (await list_import_errors(r.admin, requested.id)).items
    }
    assert errors == {
        (3, "name", "actors.organisation_name_taken"),
        (4, "kind", "invalid_choice"),
        (4, "community", "imports.unknown_community"),
    }
    async with TenantScope.system(r.tenant_id).read() as q:
        made = await q.select(Organisation, Organisation.kind, Organisation.services).where(
            Organisation.name == "邻里守望志愿队"
        )
    assert made == [{"kind": "social_group", "services": ["巡逻", "助老"]}]


async def test_community_staff_import_units_only_into_their_own_communities(r: Roster) -> None:
    content = csv_file(
        [
            ["名称", "类型", "所在社区"],
            ["烟台港集团", "企业", "东北村社区"],
            ["市一中", "事业单位", "狮子山村"],
        ]
    )
    requested = await request_import(
        r.staff, ImportRequest(kind="units", filename="units.csv", content=content)
    )

    (result,) = await run_jobs(r.tenant_id)

    assert result is not None and result.status == "invalid"
    (error,) = (await list_import_errors(r.staff, requested.id)).items
    assert (error.row, error.field, error.code) == (
        3,
        "community",
        "actors.outside_your_communities",
    )


async def test_a_file_without_a_required_column_fails_as_a_whole(r: Roster) -> None:
    requested = await request_import(
        r.admin,
        ImportRequest(kind="units", filename="u.csv", content=csv_file([["名称"], ["烟台港"]])),
    )

    (result,) = await run_jobs(r.tenant_id)

    assert result is not None
    assert (result.status, result.failure_code, result.failure_params) == (
        "failed",
        "imports.missing_columns",
        {"columns": ["kind"]},
    )
    assert (await get_import(r.admin, requested.id)).status == "failed"


async def test_who_may_import_and_what_a_request_must_be(r: Roster) -> None:
    volunteer = TenantScope(r.tenant_id, Actor(person_id=None, roles=frozenset({Role.VOLUNTEER})))
    with pytest.raises(PermissionDenied):
        await request_import(volunteer, volunteers(["王芳"] + [""] * 7))
    with pytest.raises(InvalidInput) as error:
        await request_import(
            r.admin, ImportRequest(kind="residents", filename="名册.xls", content=b"x")
        )
    assert {k: v.code for k, v in error.value.fields.items()} == {
        "kind": "invalid_choice",
        "filename": "imports.unsupported_format",
    }
    assert await pending_import_rows(r.tenant_id) == []


async def test_imports_of_other_people_and_other_tenants_stay_hidden(
    r: Roster, other_tenant
) -> None:
    mine = await request_import(r.staff, volunteers(["王芳"] + [""] * 7))
    other_staff = TenantScope(
        r.tenant_id,
        Actor(
            person_id=(await PersonFactory.create(tenant=r.tenant_id)).id,
            roles=frozenset({Role.COMMUNITY_STAFF}),
        ),
    )
    elsewhere = TenantScope.system(other_tenant.id)

    for scope in (other_staff, elsewhere):
        with pytest.raises(NotFound):
            await get_import(scope, mine.id)
        with pytest.raises(NotFound):
            await list_import_errors(scope, mine.id)
    assert [i.id for i in await list_imports(r.admin)] == [mine.id]
    assert await list_imports(other_staff) == []
    assert await list_imports(elsewhere) == []


async def test_grid_codes_and_phones_are_matched_in_this_tenant_only(
    r: Roster, other_tenant
) -> None:
    await GridFactory.create(tenant=other_tenant.id, code="G7777")
    theirs = await PersonFactory.create(tenant=other_tenant.id, phone="13811112222")
    await VolunteerFactory.create(tenant=other_tenant.id, person=theirs)
    requested = await request_import(
        r.admin,
        volunteers(
            ["王芳", "13811112222", "", "", "", "", "", ""],
            ["李雷", "", "", "G7777", "", "", "", ""],
        ),
    )

    await run_jobs(r.tenant_id)

    (error,) = (await list_import_errors(r.admin, requested.id)).items
    assert (error.row, error.field, error.code) == (3, "grid", "imports.unknown_grid")
    async with TenantScope.system(r.tenant_id).read() as q:
        assert await q.count(Person).where(Person.phone == "13811112222") == 0


async def test_an_import_whose_job_keeps_failing_is_given_up_and_says_so(
    r: Roster, monkeypatch
) -> None:
    requested = await request_import(r.admin, volunteers(["王芳"] + [""] * 7))
    (outbox_id,) = await pending_import_rows(r.tenant_id)

    async def broken(scope, kind, payload):
        raise RuntimeError("a bug")

    monkeypatch.setattr(import_job, "import_row", broken)
    for _ in range(import_job.outbox.MAX_ATTEMPTS + 1):
        with contextlib.suppress(RuntimeError):
            await run_import(r.tenant_id, outbox_id)

    failed = await get_import(r.admin, requested.id)
    assert (failed.status, failed.failure_code, failed.imported_rows) == (
        "failed",
        "imports.gave_up",
        0,
    )


async def test_a_long_import_shows_its_progress_time_and_keeps_its_job_alive(
    r: Roster, monkeypatch
) -> None:
    rows = [[f"志愿者{i}", "", "", "", "", "", "", ""] for i in range(6)]
    requested = await request_import(r.admin, volunteers(*rows))
    monkeypatch.setattr(import_job, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(import_job, "CHUNK", 2)
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    ticks = iter(range(10_000))

    def clock(now: datetime | None = None) -> datetime:  # each step a minute later
        return now or start + timedelta(minutes=next(ticks))

    monkeypatch.setattr(import_job, "utc_now", clock)
    seen: list[datetime] = []
    real = import_job.import_row

    async def watching(scope, kind, payload):
        seen.append((await get_import(r.admin, requested.id)).updated_at)
        await real(scope, kind, payload)

    monkeypatch.setattr(import_job, "import_row", watching)
    await run_jobs(r.tenant_id)

    done = await get_import(r.admin, requested.id)
    async with TenantScope.system(r.tenant_id).read() as q:
        (row,) = await q.select(Outbox, Outbox.enqueued_at).where(
            Outbox.topic == "import.requested"
        )
    assert done.status == "done"
    assert seen == sorted(seen) and len(set(seen)) == 3  # one step per chunk of two rows
    assert seen[0] > start  # validation moved it on before the first chunk
    assert done.updated_at >= seen[-1] + timedelta(minutes=1)
    # The reconciler sees the row touched at the last chunk, not at the job's start.
    assert row["enqueued_at"] >= start + timedelta(minutes=4)


async def test_an_import_that_waited_in_the_queue_moves_again_when_its_job_starts(
    r: Roster, monkeypatch
) -> None:
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    requested = await request_import(
        r.admin, volunteers(["王芳", "", "", "", "", "", "", ""]), now=start
    )
    seen: list[datetime] = []
    real = import_job._Run.run

    async def watching(self, status):
        seen.append((await get_import(r.admin, requested.id)).updated_at)
        return await real(self, status)

    monkeypatch.setattr(import_job._Run, "run", watching)
    await run_import(r.tenant_id, (await pending_import_rows(r.tenant_id))[0], now=start + HOUR)

    assert requested.updated_at == start
    assert seen == [start + HOUR]  # validating from the moment the job took it
