"""Proposing volunteers for many open shifts at once, as a stored proposal.

The open shifts are the scheduled ones that start in the request's window (and after
now), whose need takes sign-ups, with free places (headcount − confirmed − pending
invitations), of the tenant or of one alliance's needs list — and, of those, the ones the
caller runs. Each keeps its best candidates (every hard rule checked against confirmed
shifts); :mod:`coalition.matching.solver` then picks the assignment of greatest total
score that keeps every rule between the shifts proposed together too.

The proposal is read in one transaction and stored in another (nothing is held locked
while the solver runs, in a worker thread so the event loop stays free); it never signs
anyone up. Coordinators confirm its lines one by
one (:mod:`coalition.matching.lines`), the hard rules checked again then.
"""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timedelta
from typing import Any

import msgspec

from coalition.alliances.tables import Alliance
from coalition.errors import Checker, Conflict
from coalition.matching import cache, explain
from coalition.matching.bookings import Bookings
from coalition.matching.context import (
    alliances,
    lived_applies,
    lived_volunteers,
    on_shifts,
    pending_invitations,
    spec,
)
from coalition.matching.features import Features
from coalition.matching.planning import plan
from coalition.matching.proposal_view import load_proposal, need_view
from coalition.matching.schemas import LineStatus, ProposalOut, ProposalRequest, ReasonCode
from coalition.matching.scoring import ShiftSpec
from coalition.matching.solver import Problem, Solution, greedy, solve
from coalition.matching.tables import Proposal, ProposalLine
from coalition.matching.weights import MATCHING_ROLES
from coalition.needs.tables import Need
from coalition.shifts.access import manages_shifts
from coalition.shifts.browse import taking_signups
from coalition.shifts.schemas import ShiftStatus
from coalition.shifts.tables import Shift
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now

DEFAULT_WINDOW = timedelta(days=14)
MAX_WINDOW = timedelta(days=92)
MAX_SHIFTS = 5000
MAX_CAP = 1000
TIME_LIMIT = 2.0  # seconds the solver may take
GAP = 1e-3  # stop once proven within 0.1 % of the optimum

_OPEN = (
    Shift.id,
    Shift.need,
    Shift.starts_at,
    Shift.ends_at,
    Shift.headcount,
    Shift.confirmed,
    Shift.need.community,
    Shift.need.grid,
    Shift.need.alliance,
    Shift.need.category,
    Shift.need.required_skills,
    Shift.need.dispatched_organisation,
    Shift.need.dispatched_unit,
)


def _window(request: ProposalRequest, at: datetime) -> tuple[datetime, datetime]:
    check = Checker()
    for name, given in (("window_start", request.window_start), ("window_end", request.window_end)):
        if given is not None and given.tzinfo is None:
            check.add(name, "naive_datetime", "Give a time with its time zone.")
    for name, cap in (
        ("max_per_organisation_per_shift", request.max_per_organisation_per_shift),
        ("max_per_organisation_total", request.max_per_organisation_total),
    ):
        if cap is not None:
            if isinstance(cap, bool) or not isinstance(cap, int):
                check.add(name, "not_a_number", "Give a whole number.")
            else:
                check.in_range(name, cap, 1, MAX_CAP)
    check.raise_if_any()
    start = request.window_start or at
    end = request.window_end or start + DEFAULT_WINDOW
    if end <= start:
        check.add("window_end", "not_after_start", "The window must end after it starts.")
    elif end - start > MAX_WINDOW:
        check.add(
            "window_end", "too_long", f"At most {MAX_WINDOW.days} days.", days=MAX_WINDOW.days
        )
    check.raise_if_any()
    return start, end


def _need(row: dict[str, Any]) -> Need:
    """Enough of the shift's need for manages_shifts()."""
    return need_view(
        row["need.community"], row["need.dispatched_organisation"], row["need.dispatched_unit"]
    )


async def propose_assignment(
    scope: TenantScope, request: ProposalRequest, *, now: datetime | None = None
) -> ProposalOut:
    """Propose volunteers for the open shifts the caller runs, and store the proposal."""
    actor = scope.actor
    actor.require(*MATCHING_ROLES, action="propose assignments")
    at = utc_now(now)
    start, end = _window(request, at)
    async with scope.read() as q:
        if request.alliance_id is not None:
            await q.get(Alliance, request.alliance_id, what="Alliance")
        query = (
            q.select(Shift, *_OPEN)
            .where(Shift.status == ShiftStatus.SCHEDULED)
            .where(Shift.starts_at > at)
            .where(Shift.starts_at >= start)
            .where(Shift.starts_at < end)
            .where(Shift.confirmed < Shift.headcount)
            .where(taking_signups())
        )
        if request.alliance_id is not None:
            query = query.where(Shift.need.alliance == request.alliance_id)
        rows = await query.order_by(Shift.starts_at).order_by(Shift.id).limit(MAX_SHIFTS + 1)
        if len(rows) > MAX_SHIFTS:
            raise Conflict(
                f"More than {MAX_SHIFTS} open shifts: propose for a shorter window.",
                code="matching.too_many_shifts",
                max_shifts=MAX_SHIFTS,
            )
        runs: dict[int, bool] = {}
        for row in rows:
            if row["need"] not in runs:
                runs[row["need"]] = manages_shifts(actor, _need(row))
        rows = [row for row in rows if runs[row["need"]]]
        pending = await pending_invitations(q, [row["id"] for row in rows])
        free = {row["id"]: row["headcount"] - row["confirmed"] - pending[row["id"]] for row in rows}
        rows = [row for row in rows if free[row["id"]] > 0]
        snap = await cache.snapshot(q, at)
        weights = snap.weights
        allied = await alliances(q, snap.today)
        on = await on_shifts(q, [row["id"] for row in rows])
        mediation = any(lived_applies(actor, row["need.category"]) for row in rows)
        lived = await lived_volunteers(q) if mediation else frozenset()
        specs = [
            spec(
                row["id"],
                row["starts_at"],
                row["ends_at"],
                {k.removeprefix("need."): v for k, v in row.items()},
                zone=snap.zone,
                allied=allied,
                excluded=on.get(row["id"], set()),
                lived=lived if lived_applies(actor, row["need.category"]) else None,
            )
            for row in rows
        ]
    # Seconds of numpy and HiGHS: off the event loop (the snapshot's arrays never change).
    outcome = await asyncio.to_thread(
        _decide,
        snap.features,
        snap.bookings,
        specs,
        [free[row["id"]] for row in rows],
        weights,
        request,
    )
    problem, solution, baseline, lines = outcome
    async with scope.write() as q:
        proposal = await q.create(
            Proposal,
            created_by=actor.person_id,
            created_at=at,
            alliance=request.alliance_id,
            window_start=start,
            window_end=end,
            max_per_organisation_per_shift=request.max_per_organisation_per_shift,
            max_per_organisation_total=request.max_per_organisation_total,
            weights=dict(weights),
            shifts=len(specs),
            places=int(problem.places.sum()),
            candidates=problem.size,
            objective=round(solution.value, 6),
            bound=round(solution.bound, 6) if math.isfinite(solution.bound) else None,
            greedy_objective=round(baseline.value, 6),
            solver_status=solution.status,
            solve_ms=solution.ms,
        )
        await q.add(*(q.new(ProposalLine, proposal=proposal.id, **line) for line in lines))
        return await load_proposal(q, actor, proposal.id)


def _decide(
    features: Features,
    bookings: Bookings,
    specs: list[ShiftSpec],
    places: list[int],
    weights: dict[str, float],
    request: ProposalRequest,
) -> tuple[Problem, Solution, Solution, list[dict[str, Any]]]:
    """The candidates, the solver's answer, the greedy baseline, and the lines to store."""
    planned = plan(
        features,
        bookings,
        specs,
        places,
        weights,
        per_shift_cap=request.max_per_organisation_per_shift,
        total_cap=request.max_per_organisation_total,
    )
    problem = planned.problem
    solution = solve(problem, time_limit=TIME_LIMIT, gap=GAP)
    baseline = greedy(problem)
    lines = []
    for i in sorted(solution.chosen.nonzero()[0].tolist()):
        s, position = int(problem.pair_shift[i]), int(planned.pair_position[i])
        parts = planned.parts[s]
        reasons = explain.reasons(parts, position, weights)
        lived_points = sum(r.points for r in reasons if r.code == ReasonCode.LIVED_EXPERIENCE)
        lines.append(
            {
                "shift": int(problem.shift_ids[s]),
                "volunteer": int(problem.pair_volunteer[i]),
                "score": round(float(problem.pair_score[i]) - lived_points, 6),
                "reasons": msgspec.json.encode(explain.stored(reasons)).decode(),
                # Every column given: Piccolo computes no defaults (3x faster rows).
                "status": LineStatus.PROPOSED.value,
                "invitation": None,
                "decided_by": None,
                "decided_at": None,
            }
        )
    return problem, solution, baseline, lines
