"""Who may do what with a need, judged from the actor and the need's place."""

from __future__ import annotations

from coalition.errors import NotFound, PermissionDenied
from coalition.needs.schemas import NeedState
from coalition.needs.tables import Dispatch, Need
from coalition.tenancy import Actor, TenantQueries


def manages(actor: Actor, community_id: int) -> bool:
    """Tenant admins, and the staff of this community, run its needs (派单, 完成, 取消)."""
    return actor.manages_community(community_id)


def covers(actor: Actor, grid_id: int | None) -> bool:
    """The actor is a grid worker of this grid."""
    return grid_id is not None and actor.works_grid(grid_id)


def may_post(actor: Actor, community_id: int, grid_id: int | None) -> bool:
    """Staff post for their community, grid workers for a grid they cover."""
    return manages(actor, community_id) or covers(actor, grid_id)


def sees_contact(actor: Actor, community_id: int, grid_id: int | None) -> bool:
    """The resident's name, phone and address: only the community's staff, the grid's
    workers and tenant admins see them."""
    return manages(actor, community_id) or covers(actor, grid_id)


def is_poster(actor: Actor, need: Need) -> bool:
    return actor.person_id is not None and need.posted_by == actor.person_id


def speaks_for(actor: Actor, dispatch: Dispatch) -> bool:
    """The coordinator of the organisation, or the liaison of the unit, it went to."""
    return actor.coordinates(organisation_id=dispatch.organisation, unit_id=dispatch.unit)


def deny(action: str, who: str) -> PermissionDenied:
    return PermissionDenied(f"Only {who} may {action}.", code="permission_denied", action=action)


def require_manager(actor: Actor, need: Need, *, action: str) -> None:
    if not manages(actor, need.community):
        raise deny(action, "tenant admins and this community's staff")


def sees_draft(actor: Actor, need: Need) -> bool:
    """A draft is seen only by those who may edit it, and by the person who wrote it."""
    return may_post(actor, need.community, need.grid) or is_poster(actor, need)


async def visible_need(q: TenantQueries, actor: Actor, need_id: int, *, lock: bool = False) -> Need:
    """The need, or NotFound if it is in another tenant or is a draft the actor may not see."""
    need = await q.get(Need, need_id, what="Need", lock=lock)
    if need.state == NeedState.DRAFT and not sees_draft(actor, need):
        raise NotFound(f"Need {need_id} does not exist.", code="needs_need.not_found", pk=need_id)
    return need
