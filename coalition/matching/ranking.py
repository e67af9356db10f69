"""Ranking one shift: the best volunteers of the tenant for it, each with the reasons.

Those who run the shift's need (coalition.shifts.access.manages_shifts) may rank it, while
it takes sign-ups (scheduled, not started, its need open to them). The ranking reads the
tenant's cached features (refreshed in this transaction) and, fresh, who is on the shift
already, the alliances around the need and, where it counts, lived experience.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import cast

from coalition.actors.tables import Volunteer
from coalition.errors import Checker, NotFound
from coalition.matching import cache, explain, scoring
from coalition.matching.context import alliances, lived_applies, lived_volunteers, on_shifts, spec
from coalition.matching.schemas import CandidateOut, RankingOut
from coalition.needs.tables import Need
from coalition.shifts.access import require_shift_manager
from coalition.shifts.placing import check_open
from coalition.shifts.tables import Shift
from coalition.tenancy import TenantQueries, TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import is_id

MAX_LIMIT = 100


_SHIFT = (
    Shift.id,
    Shift.status,
    Shift.starts_at,
    Shift.ends_at,
    Shift.need,
    Shift.need.state,
    Shift.need.dispatch_kind,
    Shift.need.category,
    Shift.need.community,
    Shift.need.grid,
    Shift.need.alliance,
    Shift.need.required_skills,
    Shift.need.dispatched_organisation,
    Shift.need.dispatched_unit,
)


async def _shift_and_need(q: TenantQueries, shift_id: int) -> tuple[Shift, Need]:
    """The shift and what the ranking reads of its need, in one query (NotFound as
    ``q.get`` raises it)."""
    row = None
    if is_id(shift_id):
        row = await q.select(Shift, *_SHIFT).where(Shift.id == shift_id).first()
    if row is None:
        raise NotFound(
            f"Shift {shift_id} does not exist.", code="shifts_shift.not_found", pk=shift_id
        )
    need = {k.removeprefix("need."): v for k, v in row.items() if k.startswith("need.")}
    shift = SimpleNamespace(
        id=row["id"], status=row["status"], starts_at=row["starts_at"], ends_at=row["ends_at"]
    )
    return cast(Shift, shift), cast(Need, SimpleNamespace(id=row["need"], **need))


async def names(q: TenantQueries, volunteer_ids: list[int]) -> dict[int, str]:
    if not volunteer_ids:
        return {}
    rows = await q.select(Volunteer, Volunteer.id, Volunteer.person.name).where(
        Volunteer.id.is_in(volunteer_ids)
    )
    return {row["id"]: row["person.name"] for row in rows}


async def rank_volunteers(
    scope: TenantScope, shift_id: int, *, limit: int = 20, now: datetime | None = None
) -> RankingOut:
    """The ``limit`` best volunteers for a shift, best first (ties by volunteer id), with
    how many passed the hard rules and how many each rule kept out."""
    check = Checker()
    if isinstance(limit, bool) or not isinstance(limit, int):
        check.add("limit", "not_a_number", "Give a whole number.")
    else:
        check.in_range("limit", limit, 1, MAX_LIMIT)
    check.raise_if_any()
    at = utc_now(now)
    async with scope.read() as q:
        shift, need = await _shift_and_need(q, shift_id)
        require_shift_manager(scope.actor, need, action="rank volunteers for this shift")
        check_open(need, shift, at)
        snap = await cache.snapshot(q, at)
        weights = snap.weights
        lived = await lived_volunteers(q) if lived_applies(scope.actor, need.category) else None
        wanted = spec(
            shift.id,
            shift.starts_at,
            shift.ends_at,
            need,
            zone=snap.zone,
            allied=await alliances(q, snap.today),
            excluded=(await on_shifts(q, [shift.id])).get(shift.id, set()),
            lived=lived,
        )
        ranked = scoring.rank(snap.features, snap.bookings, wanted, weights, limit)
        features = snap.features
        ids = features.ids[ranked.parts.rows].tolist()
        found = await names(q, ids)
    candidates = []
    for i, volunteer_id in enumerate(ids):
        reasons = explain.reasons(ranked.parts, i, weights)
        candidates.append(
            CandidateOut(
                volunteer_id=volunteer_id,
                person_id=int(features.person[ranked.parts.rows[i]]),
                name=found.get(volunteer_id, ""),
                score=round(float(ranked.total[i]), 3),
                reasons=reasons,
                explanation=explain.sentence(reasons),
            )
        )
    return RankingOut(
        shift_id=shift.id,
        need_id=need.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        volunteers=features.size,
        eligible=ranked.eligible,
        ruled_out=ranked.ruled_out,
        lived_experience_considered=wanted.lived_applies,
        weights=dict(weights),
        candidates=candidates,
    )
