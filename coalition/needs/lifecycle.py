"""A need's life: checked transitions, each recorded as a NeedEvent, and the hooks the
shift and hours services call inside their own write blocks.

    draft → open → dispatched → accepted → in_service → completed → reviewed
                       ↓ declined: back to open
    cancelled from draft, open, dispatched, accepted or in_service

Every use case that moves a need locks its row first (:func:`need_for_update`), so two
concurrent transitions cannot both pass the check.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from coalition import events
from coalition.errors import Conflict
from coalition.needs.schemas import (
    ACTIVE_STATES,
    STEPS,
    DispatchKind,
    DispatchStatus,
    NeedAction,
    NeedState,
)
from coalition.needs.tables import Dispatch, Need, NeedEvent
from coalition.tenancy import TenantQueries
from coalition.tenancy.clock import utc_now

_ACCEPTED_OR_LATER = frozenset(
    {NeedState.ACCEPTED, NeedState.IN_SERVICE, NeedState.COMPLETED, NeedState.REVIEWED}
)
_SIGNUP_STATES = frozenset({NeedState.ACCEPTED, NeedState.IN_SERVICE})


def can_take_signups(state: str, dispatch_kind: str | None = None) -> bool:
    """Volunteers may sign up once the need is in the volunteer pool or accepted.

    A dispatched need is open to sign-ups only when it went to the pool: pass the need's
    ``dispatch_kind`` to tell a pool dispatch from one still waiting for a member's answer
    (without it, a dispatched need counts as a pool dispatch).
    """
    if state == NeedState.DISPATCHED:
        return dispatch_kind in (None, DispatchKind.POOL)
    return state in _SIGNUP_STATES


def can_add_shifts(state: str) -> bool:
    """Shifts may be planned until the need is completed or cancelled."""
    return state in ACTIVE_STATES


async def need_for_update(q: TenantQueries, need_id: int) -> Need:
    """The need, locked until the end of the write block (NotFound in another tenant)."""
    return await q.get(Need, need_id, what="Need", lock=True)


def illegal_transition(need: Need, requested: str | None, action: str) -> Conflict:
    """The error of a step the need's current state does not allow."""
    return Conflict(
        f"Need {need.id} is {need.state}; it cannot be {action}.",
        code="needs.illegal_transition",
        need_id=need.id,
        current=need.state,
        requested=requested,
        action=action,
    )


def check_step(need: Need, action: str) -> str:
    """The state ``action`` takes the need to, or ``needs.illegal_transition``."""
    sources, to_state = STEPS[action]
    if need.state not in sources:
        raise illegal_transition(need, to_state, action)
    return to_state


async def record(
    q: TenantQueries,
    need_id: int,
    action: str,
    *,
    actor: int | None,
    at: datetime,
    reason: str = "",
    from_state: str | None = None,
    to_state: str | None = None,
    from_level: str | None = None,
    to_level: str | None = None,
) -> None:
    """Add one entry to the need's history."""
    await q.create(
        NeedEvent,
        need=need_id,
        action=action,
        actor=actor,
        at=at,
        reason=reason,
        from_state=from_state,
        to_state=to_state,
        from_level=from_level,
        to_level=to_level,
    )


async def move(
    q: TenantQueries,
    need: Need,
    action: str,
    *,
    actor: int | None,
    at: datetime,
    reason: str = "",
    values: Mapping[Any, Any] | None = None,
) -> None:
    """Check and take one step of a locked need's life ("dispatched", "accepted"...), set
    ``values`` with it, and record it in the history. ``need`` is updated in place."""
    to_state = check_step(need, action)
    changes: dict[Any, Any] = {Need.state: to_state, Need.updated_at: at, **(values or {})}
    await q.update(Need, changes).where(Need.id == need.id)
    from_state = need.state
    for column, value in changes.items():
        setattr(need, column._meta.name, value)
    await record(
        q,
        need.id,
        action,
        actor=actor,
        at=at,
        reason=reason,
        from_state=from_state,
        to_state=to_state,
    )


def target_data(need: Need) -> dict[str, Any]:
    """The ids an event about the need carries."""
    return {
        "need_id": need.id,
        "community_id": need.community,
        "grid_id": need.grid,
        "alliance_id": need.alliance,
        "kind": need.dispatch_kind,
        "organisation_id": need.dispatched_organisation,
        "unit_id": need.dispatched_unit,
    }


async def accept_from_pool(
    q: TenantQueries, need_id: int, *, actor: int | None, now: datetime | None = None
) -> None:
    """The first confirmed volunteer accepts a need dispatched to the volunteer pool.

    Runs inside the caller's write block. Nothing happens if the need is accepted (or
    further on) already; a need not dispatched to the pool raises a Conflict.
    """
    need = await need_for_update(q, need_id)
    if need.state in _ACCEPTED_OR_LATER:
        return
    if need.state == NeedState.DISPATCHED and need.dispatch_kind != DispatchKind.POOL:
        raise Conflict(
            f"Need {need.id} awaits the answer of the member it was dispatched to; "
            "volunteers can take it once that member accepts.",
            code="needs.awaiting_member",
            need_id=need.id,
            current=need.state,
        )
    at = utc_now(now)
    check_step(need, NeedAction.ACCEPTED)
    dispatch = (
        await q.objects(Dispatch)
        .where((Dispatch.need == need.id) & (Dispatch.status == DispatchStatus.PENDING))
        .first()
    )
    data = target_data(need)
    if dispatch is not None:
        await q.update(
            Dispatch,
            {
                Dispatch.status: DispatchStatus.ACCEPTED,
                Dispatch.responded_by: actor,
                Dispatch.responded_at: at,
            },
        ).where(Dispatch.id == dispatch.id)
        data["dispatch_id"] = dispatch.id
    await move(
        q,
        need,
        NeedAction.ACCEPTED,
        actor=actor,
        at=at,
        values={Need.accepted_at: at},
    )
    await events.emit(q, events.NEED_ACCEPTED, data, actor=actor)


async def begin_service(
    q: TenantQueries, need_id: int, *, actor: int | None, now: datetime | None = None
) -> None:
    """accepted → in_service at the first check-in; nothing happens if already in service."""
    need = await need_for_update(q, need_id)
    if need.state == NeedState.IN_SERVICE:
        return
    await move(
        q,
        need,
        NeedAction.SERVICE_STARTED,
        actor=actor,
        at=utc_now(now),
    )
