from datetime import date

from coalition.reports.activities import activities_by_area
from coalition.tenancy import TenantScope
from coalition.testing.reports import ActivityFactory, ActivityParticipantFactory

MARCH = {"start": date(2026, 3, 1), "end": date(2026, 3, 31)}


async def test_activities_of_the_month_by_area(scope, tenant, other_tenant) -> None:
    async def activity(area, day, *minutes, tenant=tenant):
        held = await ActivityFactory.create(tenant=tenant, area=area, held_on=day)
        for value in minutes:
            await ActivityParticipantFactory.create(tenant=tenant, activity=held, minutes=value)

    await activity("sanitation", date(2026, 3, 1), 120, 60)
    await activity("sanitation", date(2026, 3, 31), 30)
    await activity("culture", date(2026, 3, 15))
    await activity("culture", date(2026, 4, 1), 60, 60, 60)
    await activity("security_patrol", date(2026, 2, 28), 90)
    await activity("sanitation", date(2026, 3, 10), 500, 500, tenant=other_tenant)

    rows = await activities_by_area(scope, **MARCH)

    assert [(r.area, r.activities, r.participants, r.minutes) for r in rows] == [
        ("sanitation", 2, 3, 210),
        ("culture", 1, 0, 0),
    ]
    theirs = await activities_by_area(TenantScope.system(other_tenant.id), **MARCH)
    assert [(r.area, r.activities, r.participants, r.minutes) for r in theirs] == [
        ("sanitation", 1, 2, 1000)
    ]
    assert await activities_by_area(scope, start=date(2027, 1, 1), end=date(2027, 1, 1)) == []
