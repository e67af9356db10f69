"""What the activity pages offer to pick from: areas, co-organisers, alliances, people, needs.

Labels are translated here, once per request. The six joint areas of co-building come
first; the need categories follow (a category whose code is also a joint area, such as
``sanitation``, is offered once, as the joint area).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coalition.actors.accounts import get_person
from coalition.actors.schemas import VolunteerFilter
from coalition.actors.services import list_organisations, list_units
from coalition.actors.social_workers import list_social_workers
from coalition.actors.volunteers import list_volunteers
from coalition.alliances.schemas import JointArea
from coalition.alliances.services import list_alliances
from coalition.needs.board import list_needs
from coalition.needs.categories import list_categories
from coalition.needs.schemas import NeedFilter, NeedState
from coalition.places.services import list_communities
from coalition.tenancy import TenantScope
from portal.auth.members import Member
from portal.i18n import N_, Translator

#: The six joint areas of work of co-building (共建领域).
JOINT_AREAS: list[tuple[str, str]] = [
    (JointArea.IDEOLOGY.value, N_("Ideological work done together")),
    (JointArea.SECURITY_PATROL.value, N_("Joint public-security patrols")),
    (JointArea.PUBLIC_WELFARE.value, N_("Public-welfare projects run together")),
    (JointArea.SANITATION.value, N_("Environment and sanitation")),
    (JointArea.CULTURE.value, N_("Cultural activities together")),
    (JointArea.ECONOMY.value, N_("Economic cooperation")),
]

NEED_STATES = {
    NeedState.DRAFT.value: N_("Draft"),
    NeedState.OPEN.value: N_("Open"),
    NeedState.DISPATCHED.value: N_("Dispatched"),
    NeedState.ACCEPTED.value: N_("Accepted"),
    NeedState.IN_SERVICE.value: N_("In service"),
    NeedState.COMPLETED.value: N_("Completed"),
    NeedState.REVIEWED.value: N_("Reviewed"),
    NeedState.CANCELLED.value: N_("Cancelled"),
}

ORGANISER_KINDS = {
    "community": N_("Community"),
    "organisation": N_("Social organisation"),
    "unit": N_("Unit in the area"),
}

#: Most people and needs a picker lists (the library pages its lists).
PICKER_LIMIT = 200
NEEDS_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Areas:
    """The areas an activity may have, with their labels in the reader's language."""

    joint: list[tuple[str, str]]
    categories: list[tuple[str, str]]
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, code: str) -> str:
        return self.labels.get(code, code)


async def areas(scope: TenantScope, t: Translator) -> Areas:
    joint = [(code, t(label)) for code, label in JOINT_AREAS]
    taken = {code for code, _ in joint}
    categories = []
    for category in await list_categories(scope):
        if category.code in taken:
            continue
        name = category.name_zh if t.locale != "en" else (category.name_en or category.name_zh)
        categories.append((category.code, name))
    return Areas(joint=joint, categories=categories, labels=dict(joint + categories))


def need_state(t: Translator, state: str) -> str:
    return t(NEED_STATES[state]) if state in NEED_STATES else state


@dataclass(frozen=True, slots=True)
class Organisers:
    """The communities, social organisations and units of the tenant: ``(id, name)``."""

    communities: list[tuple[int, str]]
    organisations: list[tuple[int, str]]
    units: list[tuple[int, str]]

    def groups(self) -> list[tuple[str, str, list[tuple[int, str]]]]:
        """``(kind, form field, items)`` for each kind, communities first."""
        return [
            ("community", "community_ids", self.communities),
            ("organisation", "organisation_ids", self.organisations),
            ("unit", "unit_ids", self.units),
        ]


async def organisers(scope: TenantScope) -> Organisers:
    return Organisers(
        communities=[(c.id, c.name) for c in await list_communities(scope)],
        organisations=[(o.id, o.name) for o in await list_organisations(scope)],
        units=[(u.id, u.name) for u in await list_units(scope)],
    )


async def alliances(scope: TenantScope) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in await list_alliances(scope)]


async def people(scope: TenantScope, member: Member, t: Translator) -> list[tuple[int, str]]:
    """Who can be listed as a participant: active volunteers (the first by name), social
    workers, and the person logging. ``(person id, label)``, sorted by label."""
    found: dict[int, str] = {}
    page = await list_volunteers(scope, VolunteerFilter(active=True, limit=PICKER_LIMIT))
    for volunteer in page.items:
        where = f" · {volunteer.home_grid_name}" if volunteer.home_grid_name else ""
        found[volunteer.person_id] = f"{volunteer.person_name}（{t('Volunteer')}{where}）"
    for worker in await list_social_workers(scope):
        found.setdefault(worker.person_id, f"{worker.person_name}（{t('Social worker')}）")
    me = member.actor.person_id
    if me is not None and me not in found:
        person = await get_person(scope, me)
        found[me] = f"{person.name}（{t('Me')}）"
    return sorted(found.items(), key=lambda item: item[1])


async def needs(scope: TenantScope, t: Translator) -> list[tuple[int, str]]:
    """The tenant's newest needs the person may see: ``(need id, label)``."""
    page = await list_needs(scope, NeedFilter(limit=NEEDS_LIMIT))
    return [
        (need.id, f"{need.title} · {need.community_name} · {need_state(t, need.state)}")
        for need in page.items
    ]
