from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coalition.reports.commitments import commitment_progress
from coalition.reports.schemas import CommitmentCounts
from coalition.tenancy import TenantScope
from coalition.testing.factories import AgreementFactory, CommitmentItemFactory, CommunityFactory

YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31), "today": date(2026, 6, 15)}


def counts(total, done, open, overdue, cancelled):
    return CommitmentCounts(total=total, done=done, open=open, overdue=overdue, cancelled=cancelled)


@pytest.fixture
async def agreements(tenant, other_tenant):
    northeast = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    lion = await CommunityFactory.create(tenant=tenant, name="狮子山村")
    first = await AgreementFactory.create(tenant=tenant, community=northeast, title="共建协议")
    second = await AgreementFactory.create(tenant=tenant, community=lion, title="共建协议")

    async def item(agreement, number, status, due_on, tenant=tenant):
        await CommitmentItemFactory.create(
            tenant=tenant, agreement=agreement, number=number, status=status, due_on=due_on
        )

    await item(first, 1, "done", date(2026, 3, 1))
    await item(first, 2, "open", date(2026, 5, 1))  # overdue
    await item(first, 3, "in_progress", date(2026, 7, 1))
    await item(first, 4, "cancelled", date(2026, 4, 1))
    await item(first, 5, "open", date(2027, 1, 10))  # due after the period
    await item(second, 1, "in_progress", date(2026, 6, 14))  # overdue
    await item(second, 2, "open", date(2026, 6, 15))  # due today: not yet overdue
    theirs = await AgreementFactory.create(tenant=other_tenant)
    await item(theirs, 1, "open", date(2026, 2, 1), tenant=other_tenant)
    return first, second


async def test_commitments_due_in_the_year_overall_and_per_agreement(scope, agreements) -> None:
    first, second = agreements

    report = await commitment_progress(scope, **YEAR)

    assert report.overall == counts(6, 1, 4, 2, 1)
    assert [(a.agreement_id, a.community_name, a.items) for a in report.agreements] == [
        (first.id, "东北村社区", counts(4, 1, 2, 1, 1)),
        (second.id, "狮子山村", counts(2, 0, 2, 1, 0)),
    ]


async def test_an_item_due_today_becomes_overdue_tomorrow(scope, agreements) -> None:
    report = await commitment_progress(scope, **{**YEAR, "today": date(2026, 6, 16)})

    assert report.overall.overdue == 3


async def test_other_tenants_items_and_empty_periods(scope, agreements, other_tenant) -> None:
    theirs = await commitment_progress(TenantScope.system(other_tenant.id), **YEAR)
    quiet = await commitment_progress(scope, start=date(2030, 1, 1), end=date(2030, 12, 31))

    assert theirs.overall == counts(1, 0, 1, 1, 0)
    assert len(theirs.agreements) == 1
    assert quiet.overall == counts(0, 0, 0, 0, 0)
    assert quiet.agreements == []
    # Without ``today``, it is today in the tenant's time zone.
    assert quiet.today == datetime.now(ZoneInfo("Asia/Shanghai")).date()
