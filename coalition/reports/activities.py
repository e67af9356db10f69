"""The joint activity log over a period, by area of work."""

from __future__ import annotations

from datetime import date

from piccolo.query.functions.aggregate import Count, Sum

from coalition.activities.tables import Activity, ActivityParticipant
from coalition.reports._common import check_period, require_reader
from coalition.reports.schemas import AreaActivities
from coalition.tenancy import TenantScope


async def activities_by_area(scope: TenantScope, *, start: date, end: date) -> list[AreaActivities]:
    """Activities held in the period (``held_on``) per area, with their participations and
    minutes; the busiest area first."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    held = (Activity.held_on >= start) & (Activity.held_on <= end)
    through = ActivityParticipant.activity._
    async with scope.read() as q:
        activities = await (
            q.select(Activity, Activity.area, Count(alias="activities"))
            .where(held)
            .group_by(Activity.area)
        )
        participants = await (
            q.select(
                ActivityParticipant,
                through.area.as_alias("area"),
                Count(alias="participants"),
                Sum(ActivityParticipant.minutes, alias="minutes"),
            )
            .where((through.held_on >= start) & (through.held_on <= end))
            .group_by(through.area)
        )
    joined = {
        row["area"]: (int(row["participants"]), int(row["minutes"] or 0)) for row in participants
    }
    rows = [
        AreaActivities(
            area=row["area"],
            activities=int(row["activities"]),
            participants=joined.get(row["area"], (0, 0))[0],
            minutes=joined.get(row["area"], (0, 0))[1],
        )
        for row in activities
    ]
    return sorted(rows, key=lambda row: (-row.activities, -row.participants, row.area))
