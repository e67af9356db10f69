"""Needs reports over March 2026 in Asia/Shanghai (UTC+8): flow, settled levels, mediation.

The tenant's March runs from 2026-02-28 16:00 UTC up to 2026-03-31 16:00 UTC.
"""

from datetime import UTC, date, datetime

import pytest

from coalition.reports import needs
from coalition.tenancy import TenantScope
from coalition.testing.factories import CommunityFactory
from coalition.testing.reports import NeedFactory

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


@pytest.fixture
async def march(tenant, other_tenant):
    village = await CommunityFactory.create(tenant=tenant)

    async def need(**values):
        return await NeedFactory.create(tenant=tenant, community=village, **values)

    # Posted at the first local minute of March; filled in 10 hours, settled in the grid.
    await need(
        created_at=at("2026-02-28 16:00"),
        opened_at=at("2026-03-01 00:00"),
        filled_at=at("2026-03-01 10:00"),
        completed_at=at("2026-03-05 09:00"),
        state="completed",
        settled_level="grid",
    )
    # Posted in the last local minute of March, opened, not filled.
    await need(created_at=at("2026-03-31 15:59"), opened_at=at("2026-03-31 15:59"), state="open")
    # Posted on 1 April local time: not in March.
    await need(
        created_at=at("2026-03-31 16:00"),
        opened_at=at("2026-03-31 16:30"),
        filled_at=at("2026-03-31 17:00"),
        state="open",
    )
    # Posted in February, filled in March after 28 days, settled at the township.
    await need(
        created_at=at("2026-02-10 00:00"),
        opened_at=at("2026-02-10 00:00"),
        filled_at=at("2026-03-10 00:00"),
        completed_at=at("2026-03-20 00:00"),
        closed_at=at("2026-03-25 00:00"),
        state="reviewed",
        settled_level="township",
    )
    # A draft posted in March and never opened.
    await need(created_at=at("2026-03-10 00:00"))
    # Filled in 4 hours, settled in the grid.
    await need(
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        filled_at=at("2026-03-02 04:00"),
        completed_at=at("2026-03-03 00:00"),
        state="completed",
        settled_level="grid",
    )
    # Opened and cancelled in March.
    await need(
        created_at=at("2026-03-03 00:00"),
        opened_at=at("2026-03-03 00:00"),
        closed_at=at("2026-03-04 00:00"),
        state="cancelled",
    )
    # Posted in January, completed in March with no level recorded.
    await need(
        created_at=at("2026-01-05 00:00"),
        opened_at=at("2026-01-05 00:00"),
        completed_at=at("2026-03-15 00:00"),
        state="completed",
    )
    # Another tenant's busy March.
    theirs = await CommunityFactory.create(tenant=other_tenant)
    await NeedFactory.create(
        tenant=other_tenant,
        community=theirs,
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        filled_at=at("2026-03-02 01:00"),
        completed_at=at("2026-03-03 00:00"),
        state="completed",
        settled_level="county",
    )
    return village


async def test_the_months_needs_posted_filled_and_completed(scope, march) -> None:
    summary = await needs.needs_summary(scope, **MARCH)

    assert (summary.posted, summary.opened, summary.filled_of_opened) == (5, 4, 2)
    assert (summary.filled, summary.completed, summary.cancelled) == (3, 4, 1)
    assert summary.fill_rate == 0.5
    assert summary.median_hours_to_fill == pytest.approx(10.0)


async def test_the_median_of_an_even_number_of_fills_is_the_mean_of_the_middle_two(
    scope, march
) -> None:
    summary = await needs.needs_summary(scope, start=date(2026, 3, 1), end=date(2026, 3, 2))

    assert summary.filled == 2
    assert summary.median_hours_to_fill == pytest.approx(7.0)


async def test_where_the_months_needs_were_settled(scope, march) -> None:
    report = await needs.settled_levels(scope, **MARCH)

    assert (report.total, report.unrecorded) == (4, 1)
    assert [(s.level, s.needs) for s in report.levels] == [
        ("grid", 2),
        ("community", 0),
        ("township", 1),
        ("county", 0),
    ]
    assert [s.share for s in report.levels] == pytest.approx([2 / 3, 0, 1 / 3, 0])


async def test_another_tenant_counts_only_its_own_needs(march, other_tenant) -> None:
    theirs = TenantScope.system(other_tenant.id)

    summary = await needs.needs_summary(theirs, **MARCH)
    levels = await needs.settled_levels(theirs, **MARCH)

    assert (summary.posted, summary.filled, summary.completed) == (1, 1, 1)
    assert summary.median_hours_to_fill == pytest.approx(1.0)
    assert [(s.level, s.needs, s.share) for s in levels.levels if s.needs] == [("county", 1, 1.0)]


async def test_an_empty_period_gives_zeros_and_no_rates(scope, march) -> None:
    quiet = {"start": date(2030, 1, 1), "end": date(2030, 1, 31)}

    summary = await needs.needs_summary(scope, **quiet)
    levels = await needs.settled_levels(scope, **quiet)
    mediation = await needs.mediation_outcomes(scope, **quiet)

    assert (summary.posted, summary.filled, summary.completed, summary.cancelled) == (0, 0, 0, 0)
    assert (summary.fill_rate, summary.median_hours_to_fill) == (None, None)
    assert levels.total == 0
    assert {s.share for s in levels.levels} == {None}
    assert (mediation.resolved, mediation.success_rate) == (0, None)


async def test_mediation_resolved_cancelled_and_still_open_at_the_end(scope, tenant) -> None:
    village = await CommunityFactory.create(tenant=tenant)

    async def dispute(**values):
        values.setdefault("category", "dispute_mediation")
        await NeedFactory.create(tenant=tenant, community=village, **values)

    # Resolved in March.
    await dispute(
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        completed_at=at("2026-03-10 00:00"),
        state="completed",
    )
    # Cancelled in March.
    await dispute(
        created_at=at("2026-03-05 00:00"),
        opened_at=at("2026-03-05 00:00"),
        closed_at=at("2026-03-06 00:00"),
        state="cancelled",
    )
    # Open since February.
    await dispute(created_at=at("2026-02-01 00:00"), opened_at=at("2026-02-01 00:00"), state="open")
    # Opened in March, resolved only in April: open at the end of March.
    await dispute(
        created_at=at("2026-03-20 00:00"),
        opened_at=at("2026-03-20 00:00"),
        completed_at=at("2026-04-05 00:00"),
        state="reviewed",
    )
    # Received in March as a draft, never opened.
    await dispute(created_at=at("2026-03-25 00:00"))
    # Resolved in February.
    await dispute(
        created_at=at("2026-02-01 00:00"),
        opened_at=at("2026-02-01 00:00"),
        completed_at=at("2026-02-15 00:00"),
        state="completed",
    )
    # Not a dispute.
    await dispute(
        category="elderly_care",
        created_at=at("2026-03-02 00:00"),
        opened_at=at("2026-03-02 00:00"),
        completed_at=at("2026-03-10 00:00"),
        state="completed",
    )

    outcomes = await needs.mediation_outcomes(scope, **MARCH)

    assert (outcomes.received, outcomes.resolved, outcomes.cancelled) == (4, 1, 1)
    assert (outcomes.open_at_end, outcomes.unresolved) == (2, 3)
    assert outcomes.success_rate == 0.5
