"""How needs, their history and their dispatches are read and shaped for one viewer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coalition.needs.access import sees_contact
from coalition.needs.schemas import DispatchOut, NeedEventOut, NeedOut
from coalition.needs.tables import Dispatch, Need, NeedEvent
from coalition.tenancy import Actor, TenantQueries

NEED_COLUMNS = (
    *Need.all_columns(exclude=["tenant"]),
    Need.community._.name,
    Need.grid._.name,
    Need.alliance._.name,
    Need.dispatched_organisation._.name,
    Need.dispatched_unit._.name,
)

_EVENT = (*NeedEvent.all_columns(exclude=["tenant"]), NeedEvent.actor._.name)
_DISPATCH = (
    *Dispatch.all_columns(exclude=["tenant"]),
    Dispatch.organisation._.name,
    Dispatch.unit._.name,
)


def need_out(row: Mapping[str, Any], viewer: Actor) -> NeedOut:
    """The need as ``viewer`` may see it: the resident's name, phone and address are blanked
    unless the viewer is staff of the need's community, a grid worker of its grid or a
    tenant admin."""
    visible = sees_contact(viewer, row["community"], row["grid"])
    return NeedOut(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        category=row["category"],
        community_id=row["community"],
        community_name=row["community.name"] or "",
        grid_id=row["grid"],
        grid_name=row["grid.name"] or "",
        alliance_id=row["alliance"],
        alliance_name=row["alliance.name"] or "",
        required_skills=tuple(row["required_skills"] or ()),
        urgency=row["urgency"],
        state=row["state"],
        level=row["level"],
        settled_level=row["settled_level"],
        posted_by_id=row["posted_by"],
        resident_name=row["resident_name"] if visible else "",
        resident_phone=row["resident_phone"] if visible else "",
        resident_address=row["resident_address"] if visible else "",
        contact_visible=visible,
        dispatch_kind=row["dispatch_kind"],
        dispatched_organisation_id=row["dispatched_organisation"],
        dispatched_unit_id=row["dispatched_unit"],
        dispatched_to_name=(
            row["dispatched_organisation.name"] or row["dispatched_unit.name"] or ""
        ),
        created_at=row["created_at"],
        opened_at=row["opened_at"],
        dispatched_at=row["dispatched_at"],
        accepted_at=row["accepted_at"],
        filled_at=row["filled_at"],
        completed_at=row["completed_at"],
        closed_at=row["closed_at"],
        updated_at=row["updated_at"],
    )


async def read_need(q: TenantQueries, need_id: int, viewer: Actor) -> NeedOut:
    """One need (known to exist in this tenant) shaped for ``viewer``."""
    row = await q.select(Need, *NEED_COLUMNS).where(Need.id == need_id).first()
    assert row is not None, f"need {need_id} vanished inside its own block"
    return need_out(row, viewer)


def event_out(row: Mapping[str, Any]) -> NeedEventOut:
    return NeedEventOut(
        id=row["id"],
        need_id=row["need"],
        action=row["action"],
        from_state=row["from_state"],
        to_state=row["to_state"],
        from_level=row["from_level"],
        to_level=row["to_level"],
        actor_id=row["actor"],
        actor_name=row["actor.name"] or "",
        reason=row["reason"],
        at=row["at"],
    )


async def read_events(q: TenantQueries, need_id: int) -> list[NeedEventOut]:
    rows = (
        await q.select(NeedEvent, *_EVENT)
        .where(NeedEvent.need == need_id)
        .order_by(NeedEvent.at)
        .order_by(NeedEvent.id)
    )
    return [event_out(row) for row in rows]


def dispatch_out(row: Mapping[str, Any]) -> DispatchOut:
    return DispatchOut(
        id=row["id"],
        need_id=row["need"],
        kind=row["kind"],
        organisation_id=row["organisation"],
        unit_id=row["unit"],
        target_name=row["organisation.name"] or row["unit.name"] or "",
        status=row["status"],
        dispatched_by_id=row["dispatched_by"],
        dispatched_at=row["dispatched_at"],
        responded_by_id=row["responded_by"],
        responded_at=row["responded_at"],
        reason=row["reason"],
    )


async def read_dispatches(q: TenantQueries, where: Any) -> list[DispatchOut]:
    rows = (
        await q.select(Dispatch, *_DISPATCH)
        .where(where)
        .order_by(Dispatch.dispatched_at)
        .order_by(Dispatch.id)
    )
    return [dispatch_out(row) for row in rows]
