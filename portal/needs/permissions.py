"""Which of a need's actions to offer a member: the library's rules, read for the page.

The services check every action again; these only decide which forms are shown. The
route guards use the role sets below (a role that can never do the action gets 403
before anything is read).
"""

from __future__ import annotations

from dataclasses import dataclass

from coalition.needs.access import covers, manages, may_post
from coalition.needs.schemas import (
    ACTIVE_STATES,
    EDITABLE_STATES,
    LEVEL_ORDER,
    DispatchKind,
    NeedOut,
    NeedState,
)
from coalition.tenancy import Actor, Role

#: Those who read the needs board.
BOARD_ROLES = (
    Role.TENANT_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.GRID_WORKER,
    Role.SOCIAL_WORKER,
    Role.ORG_COORDINATOR,
    Role.UNIT_LIAISON,
)
#: Those who post, edit, publish, escalate, cancel and review needs.
POSTERS = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER)
#: Those who dispatch and complete needs.
MANAGERS = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF)
#: Those who answer a dispatch for their organisation or unit.
MEMBERS = (Role.ORG_COORDINATOR, Role.UNIT_LIAISON)
#: Those who plan a need's shifts and invite volunteers to them.
SHIFT_MANAGERS = (
    Role.TENANT_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.ORG_COORDINATOR,
    Role.UNIT_LIAISON,
)


def answers_for(actor: Actor, need: NeedOut) -> bool:
    """The coordinator (or liaison) of the member a need was dispatched to."""
    if need.dispatched_organisation_id is not None:
        return actor.coordinates(organisation_id=need.dispatched_organisation_id)
    if need.dispatched_unit_id is not None:
        return actor.coordinates(unit_id=need.dispatched_unit_id)
    return False


def runs_shifts(actor: Actor, need: NeedOut) -> bool:
    """As :func:`coalition.shifts.access.manages_shifts`, for a need as read."""
    return manages(actor, need.community_id) or answers_for(actor, need)


@dataclass(frozen=True, slots=True)
class NeedActions:
    """The forms a member is offered on a need's page."""

    edit: bool
    open: bool
    dispatch: bool
    answer: bool
    escalate: bool
    complete: bool
    cancel: bool
    review: bool
    shifts: bool
    see_roster: bool
    levels: tuple[str, ...]  # the levels the need may be escalated to

    @property
    def any(self) -> bool:
        offered = (self.edit, self.open, self.dispatch, self.answer, self.escalate)
        return any(offered) or self.complete or self.cancel or self.review


def need_actions(actor: Actor, need: NeedOut) -> NeedActions:
    state = need.state
    community, grid = need.community_id, need.grid_id
    poster = actor.person_id is not None and need.posted_by_id == actor.person_id
    may_edit = may_post(actor, community, grid)
    runs = manages(actor, community)
    active = state in ACTIVE_STATES
    higher = (
        tuple(LEVEL_ORDER[LEVEL_ORDER.index(need.level) + 1 :]) if need.level in LEVEL_ORDER else ()
    )
    from_grid = covers(actor, grid) and need.level == "grid"
    shifts = runs_shifts(actor, need)
    return NeedActions(
        edit=may_edit and state in EDITABLE_STATES,
        open=state == NeedState.DRAFT and (may_edit or poster),
        dispatch=state == NeedState.OPEN and runs,
        answer=(
            state == NeedState.DISPATCHED
            and need.dispatch_kind != DispatchKind.POOL
            and answers_for(actor, need)
        ),
        escalate=active and bool(higher) and (runs or from_grid),
        complete=state in (NeedState.ACCEPTED, NeedState.IN_SERVICE) and runs,
        cancel=active and (runs or poster),
        review=state == NeedState.COMPLETED and (runs or (poster and actor.has(Role.GRID_WORKER))),
        shifts=shifts and active,
        see_roster=shifts,
        levels=higher,
    )
