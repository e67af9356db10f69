"""What the inbox pages say about kinds of notification: their names on the settings
page, who is asked about which, and where each notification leads."""

from __future__ import annotations

from dataclasses import dataclass

from coalition import events
from coalition.notifications.schemas import KINDS, NotificationOut
from coalition.tenancy import Role
from portal.auth.members import Member
from portal.i18n import N_
from portal.needs.permissions import BOARD_ROLES

#: Each kind as the settings page names it.
KIND_LABELS: dict[str, str] = {
    events.INVITATION_SENT: N_("Invitations to volunteer"),
    events.SIGNUP_CONFIRMED: N_("Your sign-up is confirmed"),
    events.SIGNUP_WAITLISTED: N_("You are on a waitlist"),
    events.SIGNUP_PROMOTED: N_("You moved up from the waitlist"),
    events.SHIFT_CHANGED: N_("A shift of yours was changed"),
    events.SHIFT_CANCELLED: N_("A shift of yours was cancelled"),
    "reminder.24h": N_("Reminder the day before a shift"),
    "reminder.2h": N_("Reminder two hours before a shift"),
    events.HOURS_VERIFIED: N_("Your hours were verified"),
    events.HOURS_REJECTED: N_("Your hours were not accepted"),
    events.NEED_DISPATCHED: N_("A need dispatched to your organisation or unit"),
}

HOURS = (events.HOURS_VERIFIED, events.HOURS_REJECTED)
COORDINATION = (events.NEED_DISPATCHED,)
#: The rest of the library's kinds: sign-ups, invitations, shifts and their reminders.
VOLUNTEERING = tuple(kind for kind in KINDS if kind not in HOURS + COORDINATION)
#: Who hears of dispatches, and who gets the daily digest (coalition.notifications.digest).
DISPATCH_ROLES = (Role.ORG_COORDINATOR, Role.UNIT_LIAISON)
DIGEST_ROLES = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.ORG_COORDINATOR, Role.UNIT_LIAISON)


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    kinds: tuple[str, ...]


def groups_for(member: Member) -> list[Group]:
    """The kinds this person can receive, grouped as the settings page shows them."""
    found = []
    if member.has(Role.VOLUNTEER):
        found.append(Group(N_("Volunteering"), VOLUNTEERING))
        found.append(Group(N_("Service hours"), HOURS))
    if member.has(*DISPATCH_ROLES):
        found.append(Group(N_("Coordination"), COORDINATION))
    return found


def shown_kinds(member: Member) -> list[str]:
    return [kind for group in groups_for(member) for kind in group.kinds]


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: str


def link_for(member: Member, note: NotificationOut) -> Link | None:
    """The page a notification leads to, when there is one this person may open."""
    base = f"/t/{member.tenant.slug}"
    params = note.params
    if note.kind in VOLUNTEERING and member.has(Role.VOLUNTEER):
        if note.kind == events.INVITATION_SENT:
            return Link(f"{base}/me#invitations", N_("See my invitations"))
        return Link(f"{base}/me#my-shifts", N_("See my shifts"))
    if note.kind in HOURS and _is_id(params.get("record_id")):
        return Link(f"{base}/hours/{params['record_id']}", N_("See these hours"))
    if (
        note.kind == events.NEED_DISPATCHED
        and member.has(*BOARD_ROLES)
        and _is_id(params.get("need_id"))
    ):
        return Link(f"{base}/needs/{params['need_id']}", N_("See the need"))
    return None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
