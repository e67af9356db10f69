"""Reading stored proposals: a coordinator sees the lines of the shifts they run.

A line keeps its score and reasons without lived experience. Where it counted (dispute
mediation) it is added back when the proposal is read, only for callers who may see it,
and only while the volunteer's consent lasts.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any, cast

import msgspec
from piccolo.query.functions.aggregate import Count

from coalition.errors import Checker
from coalition.matching import explain
from coalition.matching.context import lived_applies, lived_volunteers
from coalition.matching.schemas import (
    LineStatus,
    ProposalLineOut,
    ProposalOut,
    ProposalSummary,
    Reason,
    ReasonCode,
)
from coalition.matching.tables import Proposal, ProposalLine
from coalition.matching.weights import MATCHING_ROLES
from coalition.needs.tables import Need
from coalition.shifts.access import manages_shifts
from coalition.tenancy import Actor, TenantQueries, TenantScope

_LINE = (
    ProposalLine.id,
    ProposalLine.shift,
    ProposalLine.shift.need,
    ProposalLine.shift._.need._.title,
    ProposalLine.shift._.need._.category,
    ProposalLine.shift._.need._.community,
    ProposalLine.shift._.need._.dispatched_organisation,
    ProposalLine.shift._.need._.dispatched_unit,
    ProposalLine.shift.starts_at,
    ProposalLine.shift.ends_at,
    ProposalLine.volunteer,
    ProposalLine.volunteer.person,
    ProposalLine.volunteer._.person._.name,
    ProposalLine.score,
    ProposalLine.reasons,
    ProposalLine.status,
    ProposalLine.invitation,
    ProposalLine.decided_by,
    ProposalLine.decided_at,
)


def need_view(community: int, organisation: int | None, unit: int | None) -> Need:
    """What manages_shifts() reads of a need, without loading the row."""
    view = SimpleNamespace(
        community=community, dispatched_organisation=organisation, dispatched_unit=unit
    )
    return cast(Need, view)


def runs(actor: Actor, row: dict[str, Any]) -> bool:
    """Whether the actor runs the shift of a line (its need's columns under shift.need.)."""
    need = need_view(
        row["shift.need.community"],
        row["shift.need.dispatched_organisation"],
        row["shift.need.dispatched_unit"],
    )
    return manages_shifts(actor, need)


def decoded(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, (str, bytes)) else value


def line_out(
    row: dict[str, Any], weights: dict[str, float], lived: frozenset[int] | None
) -> ProposalLineOut:
    """A line as a caller sees it; ``lived`` is None when lived experience is not shown."""
    reasons: list[Reason] = explain.restored(decoded(row["reasons"]))
    score = float(row["score"])
    if lived is not None and row["volunteer"] in lived:
        points = float(weights.get("lived_experience", 0.0))
        reasons.append(explain.reason(ReasonCode.LIVED_EXPERIENCE, {}, points))
        score += points
    return ProposalLineOut(
        id=row["id"],
        shift_id=row["shift"],
        need_id=row["shift.need"],
        need_title=row["shift.need.title"],
        starts_at=row["shift.starts_at"],
        ends_at=row["shift.ends_at"],
        volunteer_id=row["volunteer"],
        person_id=row["volunteer.person"],
        name=row["volunteer.person.name"],
        score=round(score, 3),
        reasons=reasons,
        explanation=explain.sentence(reasons),
        status=row["status"],
        invitation_id=row["invitation"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
    )


async def line_rows(q: TenantQueries, where: Any) -> list[dict[str, Any]]:
    return await (
        q.select(ProposalLine, *_LINE)
        .where(where)
        .order_by(ProposalLine.shift.starts_at)
        .order_by(ProposalLine.shift)
        .order_by(ProposalLine.score, ascending=False)
        .order_by(ProposalLine.id)
    )


async def shown(
    q: TenantQueries, actor: Actor, rows: list[dict[str, Any]], weights: dict[str, float]
) -> list[ProposalLineOut]:
    """The lines of shifts the actor runs, with lived experience where they may see it."""
    mine = [row for row in rows if runs(actor, row)]
    mediation = any(lived_applies(actor, row["shift.need.category"]) for row in mine)
    lived = await lived_volunteers(q) if mediation else frozenset()
    return [
        line_out(row, weights, lived if lived_applies(actor, row["shift.need.category"]) else None)
        for row in mine
    ]


async def load_proposal(q: TenantQueries, actor: Actor, proposal_id: int) -> ProposalOut:
    proposal = await q.get(Proposal, proposal_id, what="Proposal")
    weights = {k: float(v) for k, v in (decoded(proposal.weights) or {}).items()}
    rows = await line_rows(q, ProposalLine.proposal == proposal.id)
    return ProposalOut(
        id=proposal.id,
        created_by=proposal.created_by,
        created_at=proposal.created_at,
        alliance_id=proposal.alliance,
        window_start=proposal.window_start,
        window_end=proposal.window_end,
        max_per_organisation_per_shift=proposal.max_per_organisation_per_shift,
        max_per_organisation_total=proposal.max_per_organisation_total,
        weights=weights,
        shifts=proposal.shifts,
        places=proposal.places,
        candidates=proposal.candidates,
        objective=proposal.objective,
        bound=proposal.bound,
        greedy_objective=proposal.greedy_objective,
        solver_status=proposal.solver_status,
        solve_ms=proposal.solve_ms,
        lines=await shown(q, actor, rows, weights),
    )


async def get_proposal(scope: TenantScope, proposal_id: int) -> ProposalOut:
    """A stored proposal, with the lines of the shifts the caller runs."""
    scope.actor.require(*MATCHING_ROLES, action="see proposals")
    async with scope.read() as q:
        return await load_proposal(q, scope.actor, proposal_id)


async def list_proposals(
    scope: TenantScope, *, limit: int = 20, offset: int = 0
) -> list[ProposalSummary]:
    """The tenant's proposals, newest first, with how their lines stand."""
    scope.actor.require(*MATCHING_ROLES, action="see proposals")
    check = Checker()
    check.in_range("limit", limit, 1, 100)
    check.in_range("offset", offset, 0, 10**9)
    check.raise_if_any()
    async with scope.read() as q:
        proposals = await (
            q.objects(Proposal)
            .order_by(Proposal.created_at, ascending=False)
            .order_by(Proposal.id, ascending=False)
            .limit(limit)
            .offset(offset)
        )
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        if proposals:
            rows = await (
                q.select(ProposalLine, ProposalLine.proposal, ProposalLine.status, Count(alias="n"))
                .where(ProposalLine.proposal.is_in([p.id for p in proposals]))
                .group_by(ProposalLine.proposal, ProposalLine.status)
            )
            for row in rows:
                counts[row["proposal"]][row["status"]] = row["n"]
    return [
        ProposalSummary(
            id=p.id,
            created_by=p.created_by,
            created_at=p.created_at,
            alliance_id=p.alliance,
            window_start=p.window_start,
            window_end=p.window_end,
            lines=sum(counts[p.id].values()),
            proposed=counts[p.id].get(LineStatus.PROPOSED, 0),
            confirmed=counts[p.id].get(LineStatus.CONFIRMED, 0),
            dropped=counts[p.id].get(LineStatus.DROPPED, 0),
        )
        for p in proposals
    ]
