"""Needs over a period: their flow, where they were settled, and dispute mediation.

Periods are read from the needs' timestamps (posted = ``created_at``, ``opened_at``,
``filled_at``, ``completed_at``, ``closed_at``), so a report about a past period does not
change when a need moves on later, except ``filled_of_opened``, which counts needs filled
by now. A reviewed need was completed first: it counts as completed when its
``completed_at`` is in the period.
"""

from __future__ import annotations

from datetime import date

from piccolo.query.functions.aggregate import Count

from coalition.needs.tables import Need
from coalition.reports._common import (
    bounds,
    check_period,
    count_if,
    median_hours,
    ratio,
    require_reader,
    within,
)
from coalition.reports.schemas import (
    LevelShare,
    MediationOutcomes,
    NeedsSummary,
    SettledLevel,
    SettledLevels,
)
from coalition.tenancy import TenantScope

CANCELLED = "cancelled"
MEDIATION = "dispute_mediation"


async def needs_summary(scope: TenantScope, *, start: date, end: date) -> NeedsSummary:
    """Needs posted, opened, filled, completed and cancelled in the period; fill rate and
    median time to fill."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    async with scope.read() as q:
        since, until = await bounds(q, start, end)
        posted = within(Need.created_at, since, until)
        opened = posted & Need.opened_at.is_not_null()
        filled = within(Need.filled_at, since, until)
        row = await (
            q.select(
                Need,
                count_if(posted, "posted"),
                count_if(opened, "opened"),
                count_if(opened & Need.filled_at.is_not_null(), "filled_of_opened"),
                count_if(filled, "filled"),
                count_if(within(Need.completed_at, since, until), "completed"),
                count_if(
                    within(Need.closed_at, since, until) & (Need.state == CANCELLED), "cancelled"
                ),
            )
            # Nothing posted after the period can have happened in it.
            .where(Need.created_at < until)
            .first()
        )
        median = await median_hours(q, Need, Need.opened_at, Need.filled_at, filled)
    assert row is not None
    counts = {key: int(value) for key, value in row.items()}
    return NeedsSummary(
        start=start,
        end=end,
        **counts,
        fill_rate=ratio(counts["filled_of_opened"], counts["opened"]),
        median_hours_to_fill=median,
    )


async def settled_levels(scope: TenantScope, *, start: date, end: date) -> SettledLevels:
    """Needs completed in the period by the level that settled them: grid, community,
    township or county (the "87% inside the grid" figure)."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    async with scope.read() as q:
        since, until = await bounds(q, start, end)
        rows = await (
            q.select(Need, Need.settled_level, Count(alias="needs"))
            .where(within(Need.completed_at, since, until))
            .group_by(Need.settled_level)
        )
    counts = {row["settled_level"]: int(row["needs"]) for row in rows}
    unrecorded = counts.pop(None, 0)
    recorded = sum(counts.values())
    order = [level.value for level in SettledLevel]
    levels = order + sorted(set(counts) - set(order))
    return SettledLevels(
        start=start,
        end=end,
        total=recorded + unrecorded,
        levels=[
            LevelShare(
                level=level,
                needs=counts.get(level, 0),
                share=ratio(counts.get(level, 0), recorded),
            )
            for level in levels
        ],
        unrecorded=unrecorded,
    )


async def mediation_outcomes(scope: TenantScope, *, start: date, end: date) -> MediationOutcomes:
    """Dispute-mediation needs received, resolved, cancelled, and still open at the end."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    async with scope.read() as q:
        since, until = await bounds(q, start, end)
        open_at_end = (
            (Need.opened_at < until)
            & (Need.completed_at.is_null() | (Need.completed_at >= until))
            & (Need.closed_at.is_null() | (Need.closed_at >= until))
        )
        row = await (
            q.select(
                Need,
                count_if(within(Need.created_at, since, until), "received"),
                count_if(within(Need.completed_at, since, until), "resolved"),
                count_if(
                    within(Need.closed_at, since, until) & (Need.state == CANCELLED), "cancelled"
                ),
                count_if(open_at_end, "open_at_end"),
            )
            .where(Need.category == MEDIATION, Need.created_at < until)
            .first()
        )
    assert row is not None
    counts = {key: int(value) for key, value in row.items()}
    return MediationOutcomes(
        start=start,
        end=end,
        **counts,
        success_rate=ratio(counts["resolved"], counts["resolved"] + counts["cancelled"]),
    )
