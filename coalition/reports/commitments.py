"""Public commitments (the numbered items of co-building agreements) due in a period."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.query.functions.aggregate import Count

from coalition.alliances.schemas import ItemStatus
from coalition.alliances.tables import Agreement, CommitmentItem
from coalition.reports._common import check_period, count_if, require_reader
from coalition.reports.schemas import AgreementCommitments, CommitmentCounts, CommitmentReport
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import tenant_today

_I = CommitmentItem
_LIVE = [ItemStatus.OPEN.value, ItemStatus.IN_PROGRESS.value]


def _counts(row: dict[str, Any]) -> CommitmentCounts:
    return CommitmentCounts(
        total=int(row["total"]),
        done=int(row["done"]),
        open=int(row["open"]),
        overdue=int(row["overdue"]),
        cancelled=int(row["cancelled"]),
    )


def _zero() -> CommitmentCounts:
    return CommitmentCounts(total=0, done=0, open=0, overdue=0, cancelled=0)


async def commitment_progress(
    scope: TenantScope, *, start: date, end: date, today: date | None = None
) -> CommitmentReport:
    """Items due in the period: done, open (or in progress), overdue and cancelled, over
    all agreements and per agreement. ``today`` defaults to today in the tenant's zone."""
    require_reader(scope)
    check_period(start, end).raise_if_any()
    async with scope.read() as q:
        if today is None:
            today = await tenant_today(q.tenant_id)
        live = _I.status.is_in(_LIVE)
        rows = await (
            q.select(
                _I,
                _I.agreement,
                Count(alias="total"),
                count_if(_I.status == ItemStatus.DONE.value, "done"),
                count_if(live, "open"),
                count_if(live & (_I.due_on < today), "overdue"),
                count_if(_I.status == ItemStatus.CANCELLED.value, "cancelled"),
            )
            .where((_I.due_on >= start) & (_I.due_on <= end))
            .group_by(_I.agreement)
        )
        agreements = {}
        if rows:
            agreements = {
                row["id"]: row
                for row in await q.select(
                    Agreement,
                    Agreement.id,
                    Agreement.title,
                    Agreement.community,
                    Agreement.community._.name.as_alias("community_name"),
                ).where(Agreement.id.is_in([row["agreement"] for row in rows]))
            }
    per_agreement = [
        AgreementCommitments(
            agreement_id=row["agreement"],
            title=agreements[row["agreement"]]["title"],
            community_id=agreements[row["agreement"]]["community"],
            community_name=agreements[row["agreement"]]["community_name"],
            items=_counts(row),
        )
        for row in rows
    ]
    per_agreement.sort(key=lambda a: (a.community_name, a.title, a.agreement_id))
    overall = _zero()
    for agreement in per_agreement:
        overall = CommitmentCounts(
            total=overall.total + agreement.items.total,
            done=overall.done + agreement.items.done,
            open=overall.open + agreement.items.open,
            overdue=overall.overdue + agreement.items.overdue,
            cancelled=overall.cancelled + agreement.items.cancelled,
        )
    return CommitmentReport(
        start=start, end=end, today=today, overall=overall, agreements=per_agreement
    )
