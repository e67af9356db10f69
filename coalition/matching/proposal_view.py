"""Reading stored proposals: a coordinator sees the lines of the shifts they run.

Who sees a proposal: tenant admins all of them; anyone else those with a line of a shift
they run, and those they made (even one that found nobody). The figures of the whole
proposal (shifts, places, the solver's) go to tenant admins and its maker only: anyone
else's counts are of the lines they see, in the list as on the proposal.

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

from coalition.errors import Checker, NotFound
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
from coalition.tenancy import Actor, Role, TenantQueries, TenantScope

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


def runs_where(actor: Actor) -> Any:
    """manages_shifts() as a condition on a line's need, for an actor who is no tenant
    admin; None when they run no shift at all."""
    need = ProposalLine.shift._.need
    clauses: list[Any] = []
    if Role.COMMUNITY_STAFF in actor.roles and actor.communities:
        clauses.append(need.community.is_in(sorted(actor.communities)))
    coordinator = Role.ORG_COORDINATOR in actor.roles
    if coordinator and actor.organisations:
        clauses.append(need.dispatched_organisation.is_in(sorted(actor.organisations)))
    if Role.UNIT_LIAISON in actor.roles and actor.units:
        unit = need.dispatched_unit.is_in(sorted(actor.units))
        if actor.organisations and not coordinator:
            # A need sent to one of their organisations is theirs as its coordinator only.
            organisation = need.dispatched_organisation
            unit &= organisation.is_null() | organisation.not_in(sorted(actor.organisations))
        clauses.append(unit)
    return either(*clauses)


def either(*clauses: Any) -> Any:
    """The clauses joined with OR, leaving out the None ones; None when none is left."""
    where = None
    for clause in clauses:
        if clause is not None:
            where = clause if where is None else where | clause
    return where


def sees_whole(actor: Actor, proposal: Proposal) -> bool:
    """Tenant admins and the proposal's maker see the figures of the whole proposal."""
    maker = actor.person_id is not None and proposal.created_by == actor.person_id
    return maker or actor.has(Role.TENANT_ADMIN)


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
    """The proposal as the actor sees it; NotFound when they have no line in it and did
    not make it (tenant admins see every proposal)."""
    proposal = await q.get(Proposal, proposal_id, what="Proposal")
    weights = {k: float(v) for k, v in (decoded(proposal.weights) or {}).items()}
    rows = await line_rows(q, ProposalLine.proposal == proposal.id)
    lines = await shown(q, actor, rows, weights)
    whole = sees_whole(actor, proposal)
    if not whole and not lines:
        raise NotFound(
            f"Proposal {proposal_id} does not exist.",
            code="matching_proposal.not_found",
            pk=proposal_id,
        )
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
        shifts=proposal.shifts if whole else None,
        places=proposal.places if whole else None,
        candidates=proposal.candidates if whole else None,
        objective=proposal.objective if whole else None,
        bound=proposal.bound if whole else None,
        greedy_objective=proposal.greedy_objective if whole else None,
        solver_status=proposal.solver_status if whole else None,
        solve_ms=proposal.solve_ms if whole else None,
        lines=lines,
    )


async def get_proposal(scope: TenantScope, proposal_id: int) -> ProposalOut:
    """A stored proposal, with the lines of the shifts the caller runs; the figures of the
    whole proposal only for tenant admins and its maker (None for others). NotFound for a
    proposal the caller neither made nor has a line in."""
    scope.actor.require(*MATCHING_ROLES, action="see proposals")
    async with scope.read() as q:
        return await load_proposal(q, scope.actor, proposal_id)


async def list_proposals(
    scope: TenantScope, *, limit: int = 20, offset: int = 0
) -> list[ProposalSummary]:
    """The proposals the caller sees, newest first, with how their lines stand.

    Tenant admins see every proposal and count all its lines. Anyone else sees those with a
    line of a shift they run and those they made (one that found nobody too), and counts
    only the lines of shifts they run: what :func:`get_proposal` shows them.
    """
    actor = scope.actor
    actor.require(*MATCHING_ROLES, action="see proposals")
    check = Checker()
    check.in_range("limit", limit, 1, 100)
    check.in_range("offset", offset, 0, 10**9)
    check.raise_if_any()
    admin = actor.has(Role.TENANT_ADMIN)
    mine = None if admin else runs_where(actor)
    async with scope.read() as q:
        query = q.objects(Proposal)
        if not admin:
            seen = either(
                None
                if mine is None
                else Proposal.id.is_in(q.select(ProposalLine, ProposalLine.proposal).where(mine)),
                None if actor.person_id is None else Proposal.created_by == actor.person_id,
            )
            if seen is None:
                return []
            query = query.where(seen)
        proposals = await (
            query.order_by(Proposal.created_at, ascending=False)
            .order_by(Proposal.id, ascending=False)
            .limit(limit)
            .offset(offset)
        )
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        if proposals and (admin or mine is not None):
            tally = (
                q.select(ProposalLine, ProposalLine.proposal, ProposalLine.status, Count(alias="n"))
                .where(ProposalLine.proposal.is_in([p.id for p in proposals]))
                .group_by(ProposalLine.proposal, ProposalLine.status)
            )
            if mine is not None:
                tally = tally.where(mine)
            for row in await tally:
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
