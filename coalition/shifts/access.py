"""Who may run a need's shifts, which volunteer the caller is, and the tenant's clock."""

from __future__ import annotations

from coalition.actors.tables import Volunteer
from coalition.errors import Checker, PermissionDenied
from coalition.needs.tables import Need
from coalition.tenancy import Actor, Role, TenantQueries

#: Roles that may look at another volunteer's sign-ups, invitations and open shifts.
VOLUNTEER_READERS = (
    Role.TENANT_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.SOCIAL_WORKER,
    Role.ORG_COORDINATOR,
)


def manages_shifts(actor: Actor, need: Need) -> bool:
    """Tenant admins, the staff of the need's community, and the coordinator or liaison of
    the member the need was dispatched to run its shifts, sign-ups and invitations."""
    if actor.has(Role.TENANT_ADMIN):
        return True
    if actor.has(Role.COMMUNITY_STAFF) and need.community in actor.communities:
        return True
    organisation = need.dispatched_organisation
    if organisation is not None and organisation in actor.organisations:
        return actor.has(Role.ORG_COORDINATOR)
    unit = need.dispatched_unit
    if unit is not None and unit in actor.units:
        return actor.has(Role.UNIT_LIAISON)
    return False


def require_shift_manager(actor: Actor, need: Need, *, action: str) -> None:
    if not manages_shifts(actor, need):
        raise PermissionDenied(
            f"Only tenant admins, this community's staff and the member the need was "
            f"dispatched to may {action}.",
            code="permission_denied",
            action=action,
        )


async def own_volunteer(q: TenantQueries, actor: Actor, *, lock: bool = False) -> Volunteer:
    """The volunteer record of the calling person (who must hold the volunteer role)."""
    actor.require(Role.VOLUNTEER, action="sign up for shifts")
    row = None
    if actor.person_id is not None:
        row = (
            await q.select(Volunteer, Volunteer.id)
            .where(Volunteer.person == actor.person_id)
            .order_by(Volunteer.id)
            .first()
        )
    if row is None:
        raise PermissionDenied(
            "You are not registered as a volunteer.", code="shifts.not_a_volunteer"
        )
    return await q.get(Volunteer, row["id"], what="Volunteer", lock=lock)


async def volunteer_for(q: TenantQueries, actor: Actor, volunteer_id: int | None) -> Volunteer:
    """The caller's own volunteer record, or (for staff and coordinators) the one asked for."""
    if volunteer_id is None:
        return await own_volunteer(q, actor)
    volunteer = await q.get(Volunteer, volunteer_id, what="Volunteer")
    own = actor.person_id is not None and volunteer.person == actor.person_id
    if not own:
        actor.require(*VOLUNTEER_READERS, action="see another volunteer's shifts")
    return volunteer


def check_page(limit: int, offset: int, *, max_limit: int = 100) -> None:
    check = Checker()
    check.in_range("limit", limit, 1, max_limit)
    check.in_range("offset", offset, 0, 10**9)
    check.raise_if_any()
