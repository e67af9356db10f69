"""Dispatching needs (社区派单) and the members' answers (联盟接单).

The community dispatches an open need to an organisation or unit — an active member of
the need's alliance when the need is on an alliance's list — or to the volunteer pool.
The member's coordinator (or liaison) accepts or declines with a reason; a declined need
is open again and can be dispatched anew. A pool dispatch is accepted by its first
confirmed volunteer (:func:`coalition.needs.lifecycle.accept_from_pool`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition import events
from coalition.actors.tables import Organisation, Unit
from coalition.alliances.tables import AllianceMember
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.needs.access import require_manager, speaks_for, visible_need
from coalition.needs.lifecycle import (
    check_step,
    move,
    target_data,
)
from coalition.needs.schemas import (
    DispatchInput,
    DispatchKind,
    DispatchOut,
    DispatchStatus,
    NeedAction,
    NeedOut,
)
from coalition.needs.tables import Dispatch, Need
from coalition.needs.views import read_dispatches, read_need
from coalition.tenancy import TenantQueries, TenantScope
from coalition.tenancy.clock import utc_now


def _check_input(data: DispatchInput) -> None:
    check = Checker()
    check.choice("kind", data.kind, set(DispatchKind))
    check.optional("note", data.note, max_length=2000)
    wanted = {
        DispatchKind.ORGANISATION: ("organisation_id", data.organisation_id),
        DispatchKind.UNIT: ("unit_id", data.unit_id),
    }
    for kind, (field, value) in wanted.items():
        if data.kind == kind and value is None:
            check.add(field, "required", "Choose whom to dispatch the need to.")
        elif data.kind != kind and value is not None:
            check.add(field, "not_allowed", f"A {data.kind} dispatch has no {field}.")
    check.raise_if_any()


async def _check_target(q: TenantQueries, need: Need, data: DispatchInput) -> None:
    """The organisation or unit exists in the tenant and, for a need on an alliance's list,
    is an active member of that alliance."""
    if data.kind == DispatchKind.POOL:
        return
    column: Any
    if data.kind == DispatchKind.ORGANISATION:
        field, column = "organisation_id", AllianceMember.organisation
        target_id = (await q.get(Organisation, data.organisation_id, what="Organisation")).id
    else:
        field, column = "unit_id", AllianceMember.unit
        target_id = (await q.get(Unit, data.unit_id, what="Unit")).id
    if need.alliance is None:
        return
    member = await q.exists(AllianceMember).where(
        (AllianceMember.alliance == need.alliance)
        & (column == target_id)
        & AllianceMember.left_on.is_null()
    )
    if not member:
        check = Checker()
        check.add(
            field,
            "not_alliance_member",
            "The need is on an alliance's list: dispatch it to an active member of that alliance.",
            alliance_id=need.alliance,
        )
        check.raise_if_any()


async def dispatch_need(
    scope: TenantScope, need_id: int, data: DispatchInput, *, now: datetime | None = None
) -> NeedOut:
    """Hand an open need to an organisation, a unit or the volunteer pool (open → dispatched)."""
    _check_input(data)
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need = await visible_need(q, actor, need_id, lock=True)
        require_manager(actor, need, action="dispatch needs")
        check_step(need, NeedAction.DISPATCHED)
        await _check_target(q, need, data)
        dispatch = await q.create(
            Dispatch,
            need=need.id,
            kind=data.kind,
            organisation=data.organisation_id,
            unit=data.unit_id,
            status=DispatchStatus.PENDING,
            dispatched_by=actor.person_id,
            dispatched_at=at,
        )
        await move(
            q,
            need,
            NeedAction.DISPATCHED,
            actor=actor.person_id,
            at=at,
            reason=data.note.strip(),
            values={
                Need.dispatch_kind: data.kind,
                Need.dispatched_organisation: data.organisation_id,
                Need.dispatched_unit: data.unit_id,
                Need.dispatched_at: at,
            },
        )
        event = {**target_data(need), "dispatch_id": dispatch.id}
        await events.emit(q, events.NEED_DISPATCHED, event, actor=actor.person_id)
        return await read_need(q, need.id, actor)


async def _pending(q: TenantQueries, scope: TenantScope, need_id: int, action: str) -> Any:
    """The locked need and its pending dispatch, checked against the answering member."""
    need = await visible_need(q, scope.actor, need_id, lock=True)
    check_step(need, action)
    dispatch = (
        await q.objects(Dispatch)
        .where((Dispatch.need == need.id) & (Dispatch.status == DispatchStatus.PENDING))
        .first()
    )
    if dispatch is None or dispatch.kind == DispatchKind.POOL:
        raise Conflict(
            f"Need {need.id} is in the volunteer pool; it is accepted when its first "
            "volunteer is confirmed.",
            code="needs.pool_dispatch",
            need_id=need.id,
            current=need.state,
        )
    if not speaks_for(scope.actor, dispatch):
        raise PermissionDenied(
            "Only the coordinator of the organisation, or the liaison of the unit, the need "
            "was dispatched to may answer.",
            code="permission_denied",
            action=f"{action} a dispatch",
        )
    return need, dispatch


async def accept_dispatch(
    scope: TenantScope, need_id: int, *, note: str = "", now: datetime | None = None
) -> NeedOut:
    """The member takes the need on (dispatched → accepted)."""
    check = Checker()
    check.optional("note", note, max_length=2000)
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need, dispatch = await _pending(q, scope, need_id, NeedAction.ACCEPTED)
        await q.update(
            Dispatch,
            {
                Dispatch.status: DispatchStatus.ACCEPTED,
                Dispatch.responded_by: actor.person_id,
                Dispatch.responded_at: at,
                Dispatch.reason: note.strip(),
            },
        ).where(Dispatch.id == dispatch.id)
        await move(
            q,
            need,
            NeedAction.ACCEPTED,
            actor=actor.person_id,
            at=at,
            reason=note.strip(),
            values={Need.accepted_at: at},
        )
        event = {**target_data(need), "dispatch_id": dispatch.id}
        await events.emit(q, events.NEED_ACCEPTED, event, actor=actor.person_id)
        return await read_need(q, need.id, actor)


async def decline_dispatch(
    scope: TenantScope, need_id: int, reason: str, *, now: datetime | None = None
) -> NeedOut:
    """The member turns the need down, saying why; it is open again for another dispatch."""
    check = Checker()
    check.required("reason", reason, max_length=2000)
    check.raise_if_any()
    actor = scope.actor
    at = utc_now(now)
    async with scope.write() as q:
        need, dispatch = await _pending(q, scope, need_id, NeedAction.DECLINED)
        event = {**target_data(need), "dispatch_id": dispatch.id, "reason": reason.strip()}
        await q.update(
            Dispatch,
            {
                Dispatch.status: DispatchStatus.DECLINED,
                Dispatch.responded_by: actor.person_id,
                Dispatch.responded_at: at,
                Dispatch.reason: reason.strip(),
            },
        ).where(Dispatch.id == dispatch.id)
        await move(
            q,
            need,
            NeedAction.DECLINED,
            actor=actor.person_id,
            at=at,
            reason=reason.strip(),
            values={
                Need.dispatch_kind: None,
                Need.dispatched_organisation: None,
                Need.dispatched_unit: None,
                Need.dispatched_at: None,
            },
        )
        await events.emit(q, events.NEED_DECLINED, event, actor=actor.person_id)
        return await read_need(q, need.id, actor)


async def list_dispatches(scope: TenantScope, need_id: int) -> list[DispatchOut]:
    """Every dispatch of the need, oldest first, with the members' answers."""
    async with scope.read() as q:
        await visible_need(q, scope.actor, need_id)
        return await read_dispatches(q, Dispatch.need == need_id)
