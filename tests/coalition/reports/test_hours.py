"""Hours reports: exact figures over a small, hand-made month of service."""

from datetime import date, timedelta

import pytest

from coalition.errors import InvalidInput, PermissionDenied
from coalition.reports import hours
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    CommunityFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    VolunteerFactory,
)
from coalition.testing.reports import HoursRecordFactory

JANUARY = {"start": date(2026, 1, 1), "end": date(2026, 1, 31)}


@pytest.fixture
async def month(tenant, other_tenant):
    """Three volunteers' January, with records just outside it and another tenant's."""
    a = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    b = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    x = await OrganisationFactory.create(tenant=tenant, name="阳光社工服务中心")
    y = await OrganisationFactory.create(tenant=tenant, name="夕阳红志愿服务队")
    u = await UnitFactory.create(tenant=tenant, name="环山司法所")
    alliance = await AllianceFactory.create(tenant=tenant, name="狮子山片区党建联盟")
    names = ["李春梅", "张建国", "王秀英"]
    v1, v2, v3 = [
        await VolunteerFactory.create(
            tenant=tenant, person=await PersonFactory.create(tenant=tenant, name=name)
        )
        for name in names
    ]

    async def record(volunteer, day, minutes, status="verified", **where):
        await HoursRecordFactory.create(
            tenant=tenant,
            volunteer=volunteer,
            served_on=day,
            minutes=minutes,
            status=status,
            **where,
        )

    await record(v1, date(2026, 1, 1), 120, organisation=x, community=a, alliance=alliance)
    await record(v1, date(2026, 1, 31), 60, organisation=x, community=a)
    await record(v1, date(2026, 1, 15), 30, "pending", organisation=y, community=b)
    await record(v1, date(2026, 1, 10), 500, "rejected", organisation=x, community=a)
    await record(v2, date(2026, 1, 20), 90, unit=u, community=b)
    await record(v2, date(2025, 12, 31), 1000, organisation=x, community=a)
    await record(v2, date(2026, 2, 1), 1000, organisation=x, community=a)
    await record(v3, date(2026, 1, 5), 45, "pending", community=a)
    # Another tenant's volunteer served in January too.
    theirs = await CommunityFactory.create(tenant=other_tenant)
    await HoursRecordFactory.create(
        tenant=other_tenant, served_on=date(2026, 1, 15), minutes=999, community=theirs
    )
    return {"volunteers": (v1, v2, v3), "a": a, "b": b, "x": x, "y": y, "u": u, "l": alliance}


def figures(rows):
    return [
        (r.name, r.verified_minutes, r.pending_minutes, r.verified_records, r.pending_records)
        for r in rows
    ]


async def test_volunteers_are_ranked_by_verified_hours_in_the_month(scope, month) -> None:
    ranking = await hours.hours_by_volunteer(scope, **JANUARY)
    rows = ranking.rows

    assert ranking.volunteers == 3
    assert figures(rows) == [
        ("李春梅", 180, 30, 2, 1),
        ("张建国", 90, 0, 1, 0),
        ("王秀英", 0, 45, 0, 1),
    ]
    assert [r.id for r in rows] == [v.id for v in month["volunteers"]]
    assert rows[0].verified_hours == 3.0


async def test_the_volunteer_list_stops_at_the_limit(scope, month) -> None:
    ranking = await hours.hours_by_volunteer(scope, **JANUARY, limit=2)

    assert [r.name for r in ranking.rows] == ["李春梅", "张建国"]
    assert ranking.volunteers == 3


async def test_hours_by_organisation_unit_community_and_alliance(scope, month) -> None:
    assert figures(await hours.hours_by_organisation(scope, **JANUARY)) == [
        ("阳光社工服务中心", 180, 0, 2, 0),
        ("夕阳红志愿服务队", 0, 30, 0, 1),
    ]
    assert figures(await hours.hours_by_unit(scope, **JANUARY)) == [("环山司法所", 90, 0, 1, 0)]
    assert figures(await hours.hours_by_community(scope, **JANUARY)) == [
        ("狮子山村", 180, 45, 2, 1),
        ("东北村社区", 90, 30, 1, 1),
    ]
    assert figures(await hours.hours_by_alliance(scope, **JANUARY)) == [
        ("狮子山片区党建联盟", 120, 0, 1, 0)
    ]


async def test_totals_count_every_status_apart(scope, month) -> None:
    totals = await hours.hours_totals(scope, **JANUARY)

    assert totals.verified_minutes == 270
    assert (totals.pending_minutes, totals.rejected_minutes) == (75, 500)
    assert (totals.verified_records, totals.pending_records, totals.rejected_records) == (3, 2, 1)


async def test_both_ends_of_the_period_are_included(scope, month) -> None:
    first = await hours.hours_by_volunteer(scope, start=date(2026, 1, 1), end=date(2026, 1, 1))
    last = await hours.hours_by_volunteer(scope, start=date(2026, 1, 31), end=date(2026, 2, 1))

    assert figures(first.rows) == [("李春梅", 120, 0, 1, 0)]
    assert figures(last.rows) == [("张建国", 1000, 0, 1, 0), ("李春梅", 60, 0, 1, 0)]


async def test_another_tenant_sees_only_its_own_hours(scope, month, other_tenant) -> None:
    theirs = TenantScope.system(other_tenant.id)

    ranking = await hours.hours_by_volunteer(theirs, **JANUARY)

    assert [r.verified_minutes for r in ranking.rows] == [999]
    assert ranking.volunteers == 1
    assert [r.verified_minutes for r in await hours.hours_by_community(theirs, **JANUARY)] == [999]
    assert await hours.hours_by_organisation(theirs, **JANUARY) == []
    assert (await hours.hours_totals(theirs, **JANUARY)).verified_records == 1


async def test_an_empty_period_has_no_rows_and_zero_totals(scope, month) -> None:
    quiet = {"start": date(2027, 1, 1), "end": date(2027, 12, 31)}

    ranking = await hours.hours_by_volunteer(scope, **quiet)
    assert (ranking.rows, ranking.volunteers) == ([], 0)
    assert await hours.hours_by_community(scope, **quiet) == []
    totals = await hours.hours_totals(scope, **quiet)
    assert (totals.verified_minutes, totals.pending_records, totals.rejected_records) == (0, 0, 0)


async def test_a_period_must_end_after_it_starts_and_the_limit_be_sane(scope) -> None:
    with pytest.raises(InvalidInput) as caught:
        await hours.hours_by_volunteer(
            scope, start=date(2026, 2, 1), end=date(2026, 1, 31), limit=0
        )

    assert caught.value.fields["end"].code == "reports.end_before_start"
    assert caught.value.fields["limit"].code == "out_of_range"
    with pytest.raises(InvalidInput) as caught:
        await hours.hours_totals(scope, start=date(2016, 1, 1), end=date(2026, 1, 31))
    assert caught.value.fields["end"].code == "reports.period_too_long"


async def test_any_role_reads_the_reports_but_no_role_reads_nothing(tenant, month) -> None:
    volunteer = TenantScope(tenant.id, Actor(person_id=1, roles=frozenset({Role.VOLUNTEER})))
    nobody = TenantScope(tenant.id, Actor(person_id=2, roles=frozenset()))

    assert len((await hours.hours_by_volunteer(volunteer, **JANUARY)).rows) == 3
    with pytest.raises(PermissionDenied):
        await hours.hours_by_volunteer(nobody, **JANUARY)


async def test_long_periods_read_from_the_roll_up_and_agree_with_the_records(tenant, scope) -> None:
    """Whole years and months come from the roll-up the database keeps; changing, deciding
    and deleting records keeps it in step, so every period adds up like the records."""
    import random

    from coalition.hours.tables import HoursRecord

    rng = random.Random(7)
    villages = [await CommunityFactory.create(tenant=tenant) for _ in range(3)]
    volunteer = await VolunteerFactory.create(tenant=tenant)
    records = []
    for _ in range(60):
        records.append(
            await HoursRecordFactory.create(
                tenant=tenant,
                volunteer=volunteer,
                community=rng.choice(villages).id,
                served_on=date(2025, 11, 1) + timedelta(days=rng.randrange(500)),
                minutes=rng.randrange(10, 300),
                status=rng.choice(["verified", "pending", "rejected"]),
            )
        )
    async with scope.write() as q:  # a decision, a correction and a removal
        await q.update(HoursRecord, {HoursRecord.status: "verified"}).where(
            HoursRecord.id == records[0].id
        )
        await q.update(HoursRecord, {HoursRecord.minutes: 999}).where(
            HoursRecord.id == records[1].id
        )
        await q.delete(HoursRecord).where(HoursRecord.id == records[2].id)
        rows = await q.select(
            HoursRecord,
            HoursRecord.community,
            HoursRecord.served_on,
            HoursRecord.status,
            HoursRecord.minutes,
        )

    for start, end in [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2025, 11, 17), date(2027, 1, 9)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 2, 3), date(2026, 2, 20)),
    ]:
        expected: dict[int, list[int]] = {}
        for row in rows:
            if start <= row["served_on"] <= end and row["status"] in {"verified", "pending"}:
                cell = expected.setdefault(row["community"], [0, 0])
                cell[0 if row["status"] == "verified" else 1] += row["minutes"]
        got = await hours.hours_by_community(scope, start=start, end=end)
        assert {r.id: [r.verified_minutes, r.pending_minutes] for r in got} == expected
        totals = await hours.hours_totals(scope, start=start, end=end)
        assert totals.verified_minutes == sum(v for v, _ in expected.values())


async def test_a_rebuilt_roll_up_equals_the_one_the_triggers_kept(tenant, scope, engine) -> None:
    from coalition.db import is_postgres
    from coalition.hours.rollup import rebuild_statements
    from coalition.hours.tables import HoursRollup

    volunteer = await VolunteerFactory.create(tenant=tenant)
    for day in (1, 2, 40, 400):
        await HoursRecordFactory.create(
            tenant=tenant, volunteer=volunteer, served_on=date(2026, 1, 1) + timedelta(days=day)
        )

    async def snapshot() -> list[dict]:
        async with scope.read() as q:
            rows = await q.select(
                HoursRollup,
                HoursRollup.grain,
                HoursRollup.period,
                HoursRollup.dimension,
                HoursRollup.key,
                HoursRollup.status,
                HoursRollup.minutes,
                HoursRollup.records,
            ).where(HoursRollup.records != 0)
        return sorted(rows, key=lambda r: tuple(str(v) for v in r.values()))

    kept = await snapshot()
    async with scope.write():
        for statement in rebuild_statements(tenant.id, postgres=is_postgres(engine)):
            await HoursRollup.raw(statement)

    # volunteer and total, by 3 months (Jan 2026, Feb 2026, Feb 2027) and 2 years
    assert len(kept) == 2 * 3 + 2 * 2
    assert await snapshot() == kept
