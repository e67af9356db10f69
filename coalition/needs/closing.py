"""Escalating, completing, cancelling and reviewing needs (群众评单).

Escalation hands a matter up from the grid to the community, the township (镇街) and the
county; the level a need is at when it is completed is its settled level, the figure
behind "87% settled inside the grid, 12% at the township, 1% at the county".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition import events
from coalition.errors import Checker, Conflict
from coalition.needs.access import covers, deny, is_poster, manages, require_manager, visible_need
from coalition.needs.lifecycle import (
    check_step,
    illegal_transition,
    move,
    record,
    target_data,
)
from coalition.needs.schemas import (
    ACTIVE_STATES,
    LEVEL_ORDER,
    DispatchStatus,
    EscalationInput,
    Level,
    NeedAction,
    NeedOut,
    NeedState,
    ReviewerKind,
    ReviewInput,
    ReviewOut,
)
from coalition.needs.tables import Dispatch, Need, Review
from coalition.needs.views import read_need
from coalition.tenancy import Role, TenantScope
from coalition.tenancy.clock import utc_now

_WHO_ESCALATES = "this community's staff, tenant admins and (from the grid) the grid's workers"


async def escalate_need(
    scope: TenantScope, need_id: int, data: EscalationInput, *, now: datetime | None = None
) -> NeedOut:
    """Hand the need up one level or more, saying why. The community's staff (and tenant
    admins) escalate from any level; the grid's workers escalate from the grid."""
    check = Checker()
    check.choice("to_level", data.to_level, set(Level))
    check.required("reason", data.reason, max_length=2000)
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        from_grid = covers(actor, need.grid) and need.level == Level.GRID
        if not (manages(actor, need.community) or from_grid):
            raise deny("escalate this need", _WHO_ESCALATES)
        if need.state not in ACTIVE_STATES:
            raise illegal_transition(need, None, "escalated")
        if LEVEL_ORDER.index(data.to_level) <= LEVEL_ORDER.index(need.level):
            check.add(
                "to_level",
                "not_higher",
                f"The need is at {need.level} level already; escalate it to a higher level.",
                current=need.level,
            )
            check.raise_if_any()
        from_level = need.level
        await q.update(Need, {Need.level: data.to_level, Need.updated_at: at}).where(
            Need.id == need.id
        )
        await record(
            q,
            need.id,
            NeedAction.ESCALATED,
            actor=actor.person_id,
            at=at,
            reason=data.reason.strip(),
            from_level=from_level,
            to_level=data.to_level,
        )
        event = {
            "need_id": need.id,
            "community_id": need.community,
            "grid_id": need.grid,
            "from_level": from_level,
            "to_level": data.to_level,
        }
        await events.emit(q, events.NEED_ESCALATED, event, actor=actor.person_id)
        return await read_need(q, need.id, actor)


async def complete_need(
    scope: TenantScope, need_id: int, *, note: str = "", now: datetime | None = None
) -> NeedOut:
    """The community confirms the service is done (accepted or in service → completed);
    the need is settled at the level it is at now."""
    check = Checker()
    check.optional("note", note, max_length=2000)
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        require_manager(actor, need, action="complete needs")
        await move(
            q,
            need,
            NeedAction.COMPLETED,
            actor=actor.person_id,
            at=at,
            reason=note.strip(),
            values={Need.completed_at: at, Need.settled_level: need.level},
        )
        event = {**target_data(need), "settled_level": need.settled_level}
        await events.emit(q, events.NEED_COMPLETED, event, actor=actor.person_id)
        return await read_need(q, need.id, actor)


async def cancel_need(
    scope: TenantScope, need_id: int, reason: str, *, now: datetime | None = None
) -> NeedOut:
    """Withdraw a need that is not completed, saying why (the community, or its poster);
    a dispatch still waiting for its answer is cancelled with it."""
    check = Checker()
    check.required("reason", reason, max_length=2000)
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        if not (manages(actor, need.community) or is_poster(actor, need)):
            raise deny("cancel this need", "tenant admins, this community's staff and its poster")
        from_state = need.state
        event: dict[str, Any] = {**target_data(need), "from_state": from_state}
        await move(
            q,
            need,
            NeedAction.CANCELLED,
            actor=actor.person_id,
            at=at,
            reason=reason.strip(),
            values={Need.closed_at: at},
        )
        await q.update(Dispatch, {Dispatch.status: DispatchStatus.CANCELLED}).where(
            (Dispatch.need == need.id) & (Dispatch.status == DispatchStatus.PENDING)
        )
        await events.emit(
            q,
            events.NEED_CANCELLED,
            {**event, "reason": reason.strip()},
            actor=actor.person_id,
            at=at,
        )
        return await read_need(q, need.id, actor)


def _review(row: Review) -> ReviewOut:
    return ReviewOut(
        id=row.id,
        need_id=row.need,
        rating=row.rating,
        comment=row.comment,
        reviewer_id=row.reviewer,
        reviewer_kind=row.reviewer_kind,
        created_at=row.created_at,
    )


async def review_need(
    scope: TenantScope, need_id: int, data: ReviewInput, *, now: datetime | None = None
) -> ReviewOut:
    """Rate a completed need once (completed → reviewed): the resident's review is relayed
    by the grid worker who posted the need; the community's by its staff."""
    check = Checker()
    if not isinstance(data.rating, int) or isinstance(data.rating, bool):
        check.add("rating", "invalid", "The rating is a whole number from 1 to 5.")
    else:
        check.in_range("rating", data.rating, 1, 5)
    check.optional("comment", data.comment, max_length=2000)
    if data.reviewer_kind is not None:
        check.choice("reviewer_kind", data.reviewer_kind, set(ReviewerKind))
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        community = manages(actor, need.community)
        relays = is_poster(actor, need) and actor.has(Role.GRID_WORKER)
        kind = data.reviewer_kind or (
            ReviewerKind.COMMUNITY if community else ReviewerKind.RESIDENT
        )
        if kind == ReviewerKind.COMMUNITY and not community:
            raise deny("review this need for the community", "this community's staff")
        if kind == ReviewerKind.RESIDENT and not relays:
            raise deny("relay the resident's review", "the grid worker who posted the need")
        if need.state == NeedState.REVIEWED:
            raise Conflict(
                f"Need {need.id} has been reviewed already; a need is reviewed once.",
                code="needs.already_reviewed",
                need_id=need.id,
                current=need.state,
            )
        check_step(need, NeedAction.REVIEWED)
        review = await q.create(
            Review,
            need=need.id,
            rating=data.rating,
            comment=data.comment.strip(),
            reviewer=actor.person_id,
            reviewer_kind=kind,
            created_at=at,
        )
        await move(
            q,
            need,
            NeedAction.REVIEWED,
            actor=actor.person_id,
            at=at,
            reason=data.comment.strip(),
            values={Need.closed_at: at},
        )
        event = {
            "need_id": need.id,
            "community_id": need.community,
            "review_id": review.id,
            "rating": review.rating,
            "reviewer_kind": kind,
            "settled_level": need.settled_level,
        }
        await events.emit(q, events.NEED_REVIEWED, event, actor=actor.person_id)
        return _review(review)


async def get_review(scope: TenantScope, need_id: int) -> ReviewOut | None:
    """The need's review, if it has one."""
    async with scope.read() as q:
        await visible_need(q, scope.actor, need_id)
        row = await q.objects(Review).where(Review.need == need_id).first()
    return None if row is None else _review(row)
