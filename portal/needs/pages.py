"""What the needs pages show: the board, the form of a need, and a need's page.

Each function reads through the library's services (so every role and tenant check is
theirs) and returns the template context; the controllers decide page or fragment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Request

from coalition.actors.schemas import VolunteerFilter, VolunteerOut
from coalition.actors.services import (
    get_organisation,
    get_unit,
    list_organisations,
    list_units,
)
from coalition.actors.volunteers import get_volunteer, list_volunteers
from coalition.alliances.services import list_alliances, list_members
from coalition.errors import DomainError, InvalidInput, NotFound
from coalition.needs.board import get_need, list_needs, need_history
from coalition.needs.categories import list_categories
from coalition.needs.closing import get_review
from coalition.needs.dispatch import list_dispatches
from coalition.needs.schemas import NeedFilter, NeedOut, NeedPage
from coalition.places.services import list_communities, list_grids
from coalition.shifts.invitations import shift_invitations
from coalition.shifts.schemas import InvitationOut, RosterEntry, ShiftOut
from coalition.shifts.services import get_shift, list_shifts, roster
from coalition.tenancy import Role
from portal.auth.members import Member
from portal.forms import FormState
from portal.i18n import translator
from portal.needs.forms import Forms, Parser, failed_form
from portal.needs.labels import (
    DISPATCH_KIND_LABELS,
    LEVEL_LABELS,
    STATE_LABELS,
    URGENCY_LABELS,
    WEEKDAYS,
    Clock,
    labels,
    options,
)
from portal.needs.permissions import MEMBERS, answers_for, need_actions

PAGE_SIZE = 20
BOARD_FIELDS = ["view", "member", "state", "category", "community", "grid", "from", "to", "page"]
#: The board's filters by the names NeedFilter gives them.
BOARD_FIELD_NAMES = {
    "created_from": "from",
    "created_to": "to",
    "community_id": "community",
    "grid_id": "grid",
    "offset": "page",
}
#: Roles that see the whole board first; other members see what was dispatched to them.
WHOLE_BOARD_ROLES = (
    Role.TENANT_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.GRID_WORKER,
    Role.SOCIAL_WORKER,
)
#: How many volunteers a name search reads at most (the library has no name filter).
VOLUNTEER_SCAN = 1000
VOLUNTEER_RESULTS = 20
#: The shifts whose roster and invitations the need's page reads: the next ones to end.
DETAILED_SHIFTS = 20


def base_context(request: Request, member: Member) -> dict[str, Any]:
    _ = translator(request)
    clock = Clock(ZoneInfo(member.tenant.time_zone), _)
    return {"labels": labels(_), **clock.context()}


def need_url(member: Member, need_id: int, anchor: str = "") -> str:
    return f"/t/{member.tenant.slug}/needs/{need_id}" + (f"#{anchor}" if anchor else "")


async def category_names(request: Request, member: Member) -> dict[str, str]:
    english = translator(request).locale == "en"
    return {
        c.code: (c.name_en or c.name_zh) if english else c.name_zh
        for c in await list_categories(member.scope)
    }


# --- the board ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """An organisation or unit a coordinator answers for: ``organisation:5``."""

    value: str
    name: str

    @property
    def organisation_id(self) -> int | None:
        kind, _, pk = self.value.partition(":")
        return int(pk) if kind == "organisation" else None

    @property
    def unit_id(self) -> int | None:
        kind, _, pk = self.value.partition(":")
        return int(pk) if kind == "unit" else None


async def member_targets(member: Member) -> list[Target]:
    """The organisations and units whose dispatches the member answers."""
    actor, scope = member.actor, member.scope
    targets = []
    if actor.has(Role.ORG_COORDINATOR):
        for pk in sorted(actor.organisations):
            organisation = await get_organisation(scope, pk)
            targets.append(Target(f"organisation:{pk}", organisation.name))
    if actor.has(Role.UNIT_LIAISON):
        for pk in sorted(actor.units):
            unit = await get_unit(scope, pk)
            targets.append(Target(f"unit:{pk}", unit.name))
    return targets


def page_links(values: Mapping[str, str], page: int, pages: int) -> dict[str, str | None]:
    """The board's previous and next pages, with the same filters."""
    kept = {k: v for k, v in values.items() if v and k != "page"}

    def link(number: int) -> str:
        return (
            "?" + urlencode({**kept, "page": str(number)}) if number > 1 else "?" + urlencode(kept)
        )

    return {
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }


async def board_context(request: Request, member: Member) -> tuple[dict[str, Any], int]:
    """The board for the query string: the filters, one page of needs, the pages."""
    _ = translator(request)
    actor = member.actor
    query = request.query_params
    values = {name: (query.get(name) or "").strip() for name in BOARD_FIELDS}
    targets = await member_targets(member) if actor.has(*MEMBERS) else []
    if values["view"] not in ("all", "ours"):
        values["view"] = "ours" if targets and not actor.has(*WHOLE_BOARD_ROLES) else "all"
    if not targets:
        values["view"] = "all"
    target = None
    if values["view"] == "ours":
        target = next((x for x in targets if x.value == values["member"]), targets[0])
        values["member"] = target.value
    parse = Parser(values)
    community_id = parse.integer("community")
    grid_id = parse.integer("grid")
    created_from = parse.day("from")
    created_to = parse.day("to")
    page = parse.integer("page") or 1
    form = FormState(values=values)
    result = NeedPage(items=[], total=0, limit=PAGE_SIZE, offset=0)
    status = 200
    try:
        parse.raise_if_any()
        result = await list_needs(
            member.scope,
            NeedFilter(
                state=values["state"] or None,
                category=values["category"] or None,
                community_id=community_id,
                grid_id=grid_id,
                organisation_id=target.organisation_id if target else None,
                unit_id=target.unit_id if target else None,
                created_from=created_from,
                created_to=created_to,
                limit=PAGE_SIZE,
                offset=(max(page, 1) - 1) * PAGE_SIZE,
            ),
        )
    except InvalidInput as error:
        form = failed_form(values, error, _, field_names=BOARD_FIELD_NAMES)
        status = 422
    pages = max(1, math.ceil(result.total / PAGE_SIZE))
    categories = await category_names(request, member)
    grids = await list_grids(member.scope)
    context = {
        **base_context(request, member),
        "form": form,
        "needs": result.items,
        "total": result.total,
        "page": max(page, 1),
        "pages": pages,
        "links": page_links(values, max(page, 1), pages),
        "targets": targets,
        "target": target,
        "answerable": {n.id for n in result.items if _answerable(member, n)},
        "categories": categories,
        "state_options": [("", _("All states")), *options(_, STATE_LABELS)],
        "category_options": [("", _("All categories")), *categories.items()],
        "community_options": [("", _("All communities"))]
        + [(str(c.id), c.name) for c in await list_communities(member.scope)],
        "grid_options": [("", _("All grids"))]
        + [(str(g.id), f"{g.community_name} · {g.name}") for g in grids],
        "view_links": {
            view: "?"
            + urlencode({"view": view, **({"member": values["member"]} if view == "ours" else {})})
            for view in ("all", "ours")
        },
        "can_post": actor.has(Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.GRID_WORKER),
    }
    return context, status


def _answerable(member: Member, need: NeedOut) -> bool:
    return (
        need.state == "dispatched"
        and need.dispatch_kind != "pool"
        and answers_for(member.actor, need)
    )


# --- the form of a need ------------------------------------------------------------------


async def need_form_context(
    request: Request,
    member: Member,
    form: FormState,
    *,
    need: NeedOut | None = None,
) -> dict[str, Any]:
    """The post (or edit) form: the places the member may post for, the alliances of
    those communities, the categories, and the first shift for those who plan shifts."""
    _ = translator(request)
    actor, scope = member.actor, member.scope
    admin = actor.has(Role.TENANT_ADMIN)
    staff_of = actor.communities if actor.has(Role.COMMUNITY_STAFF) else frozenset()
    worker_of = actor.grids if actor.has(Role.GRID_WORKER) else frozenset()
    grids = [
        g
        for g in await list_grids(scope)
        if admin or g.community_id in staff_of or g.id in worker_of
    ]
    communities = [
        c
        for c in await list_communities(scope)
        if admin or c.id in staff_of or any(g.community_id == c.id for g in grids)
    ]
    community_ids = {c.id for c in communities}
    alliances = []
    for alliance in await list_alliances(scope):
        if not alliance.communities:
            continue
        members = await list_members(scope, alliance.id)
        if any(m.kind == "community" and m.target_id in community_ids for m in members):
            alliances.append(alliance)
    categories = await category_names(request, member)
    return {
        **base_context(request, member),
        "form": form,
        "need": need,
        "community_options": [("", _("Choose a community"))]
        + [(str(c.id), c.name) for c in communities],
        "grid_options": [("", _("No particular grid"))]
        + [(str(g.id), f"{g.community_name} · {g.name}") for g in grids],
        "alliance_options": [("", _("On no alliance's list"))]
        + [(str(a.id), a.name) for a in alliances],
        "category_options": [("", _("Choose a category")), *categories.items()],
        "urgency_options": options(_, URGENCY_LABELS),
        "with_shift": need is None and actor.has(Role.TENANT_ADMIN, Role.COMMUNITY_STAFF),
    }


def new_need_values(member: Member) -> dict[str, str]:
    """A grid worker's form starts at their grid."""
    values = {"urgency": "normal", "shift_headcount": "1"}
    actor = member.actor
    if actor.has(Role.GRID_WORKER) and actor.grids and not actor.has(Role.TENANT_ADMIN):
        values["grid_id"] = str(min(actor.grids))
    if actor.has(Role.COMMUNITY_STAFF) and len(actor.communities) == 1:
        values["community_id"] = str(next(iter(actor.communities)))
    return values


def need_values(need: NeedOut) -> dict[str, str]:
    """A need as the form shows it, for editing."""
    return {
        "title": need.title,
        "description": need.description,
        "category": need.category,
        "community_id": str(need.community_id),
        "grid_id": "" if need.grid_id is None else str(need.grid_id),
        "alliance_id": "" if need.alliance_id is None else str(need.alliance_id),
        "required_skills": "、".join(need.required_skills),
        "urgency": need.urgency,
        "resident_name": need.resident_name,
        "resident_phone": need.resident_phone,
        "resident_address": need.resident_address,
    }


# --- a need's page -----------------------------------------------------------------------


@dataclass(slots=True)
class ShiftView:
    """A shift as its page shows it; roster and invitations only for those who run it."""

    shift: ShiftOut
    roster: list[RosterEntry]
    invitations: list[InvitationOut]
    names: dict[int, str]
    change: FormState
    cancel: FormState
    invite: FormState
    detailed: bool  # roster, invitations and forms are shown
    started: bool


def shift_values(shift: ShiftOut, clock: Clock) -> dict[str, str]:
    start, end = clock.local(shift.starts_at), clock.local(shift.ends_at)
    return {
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "place": shift.place,
        "headcount": str(shift.headcount),
    }


async def invitation_names(
    member: Member, invitations: list[InvitationOut], known: Mapping[int, str] | None = None
) -> dict[int, str]:
    """The invited volunteers' names by volunteer id (those ``known`` are not read again);
    the shared invitation rows (``needs/partials/invitation_rows.html``) show them."""
    names = dict(known or {})
    for invitation in invitations:
        if invitation.volunteer_id not in names:
            volunteer = await get_volunteer(member.scope, invitation.volunteer_id)
            names[volunteer.id] = volunteer.person_name
    return names


async def shift_views(
    member: Member, shifts: list[ShiftOut], clock: Clock, forms: Forms, *, manager: bool
) -> list[ShiftView]:
    views = []
    now = datetime.now(UTC)
    detailed = 0
    for shift in shifts:
        entries: list[RosterEntry] = []
        invitations: list[InvitationOut] = []
        names: dict[int, str] = {}
        detail = (
            manager
            and shift.status == "scheduled"
            and shift.ends_at > now
            and detailed < DETAILED_SHIFTS
        )
        if detail:
            detailed += 1
            entries = await roster(member.scope, shift.id)
            invitations = await shift_invitations(member.scope, shift.id)
            names = await invitation_names(
                member, invitations, {e.volunteer_id: e.name for e in entries}
            )
        views.append(
            ShiftView(
                shift=shift,
                roster=entries,
                invitations=invitations,
                names=names,
                change=forms.get(f"shiftchange-{shift.id}")
                or FormState(values=shift_values(shift, clock)),
                cancel=forms.get(f"shiftcancel-{shift.id}") or FormState(),
                invite=forms.get(f"invite-{shift.id}") or FormState(),
                detailed=detail,
                started=shift.starts_at <= now,
            )
        )
    return views


async def dispatch_targets(
    member: Member, need: NeedOut
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The organisations and units the need may go to: the alliance's active members when
    it is on an alliance's list, else every one of the tenant."""
    scope = member.scope
    if need.alliance_id is not None:
        members = await list_members(scope, need.alliance_id)
        organisations = [(str(m.target_id), m.name) for m in members if m.kind == "organisation"]
        units = [(str(m.target_id), m.name) for m in members if m.kind == "unit"]
    else:
        organisations = [(str(o.id), o.name) for o in await list_organisations(scope)]
        units = [(str(u.id), u.name) for u in await list_units(scope)]
    return organisations, units


async def need_context(
    request: Request,
    member: Member,
    need_id: int,
    *,
    forms: Forms | None = None,
    notice: str | None = None,
    alert: str | None = None,
    shifts_notice: str | None = None,
    shifts_alert: str | None = None,
) -> dict[str, Any]:
    """Everything the need's page shows (NotFound for a need of another tenant)."""
    _ = translator(request)
    scope = member.scope
    need = await get_need(scope, need_id)
    actions = need_actions(member.actor, need)
    clock = Clock(ZoneInfo(member.tenant.time_zone), _)
    forms = forms if forms is not None else Forms()
    shifts = await list_shifts(scope, need.id)
    organisations: list[tuple[str, str]] = []
    units: list[tuple[str, str]] = []
    if actions.dispatch:
        organisations, units = await dispatch_targets(member, need)
    kind = "organisation" if organisations else "pool"
    forms.setdefault("dispatch", FormState(values={"kind": kind}))
    forms.setdefault("shift", FormState(values={"headcount": "1"}))
    forms.setdefault("series", FormState(values={"weekday": "5", "headcount": "1"}))
    categories = await category_names(request, member)
    context = {
        **base_context(request, member),
        "need": need,
        "category": categories.get(need.category, need.category),
        "actions": actions,
        "forms": forms,
        "notice": notice,
        "alert": alert,
        "shifts_notice": shifts_notice,
        "shifts_alert": shifts_alert,
        "history": await need_history(scope, need.id),
        "dispatches": await list_dispatches(scope, need.id),
        "review": await get_review(scope, need.id),
        "shifts": await shift_views(member, shifts, clock, forms, manager=actions.see_roster),
        "organisation_options": [("", _("Choose a social organisation")), *organisations],
        "unit_options": [("", _("Choose a unit")), *units],
        "kind_options": options(_, DISPATCH_KIND_LABELS),
        "level_options": [(level, _(LEVEL_LABELS[level])) for level in actions.levels],
        "weekday_options": [(str(i), _(day)) for i, day in enumerate(WEEKDAYS)],
        "rating_options": [(str(r), "★" * r) for r in range(5, 0, -1)],
    }
    return context


def misplaced(forms: Forms, shown: Mapping[str, bool]) -> str | None:
    """The error of a form the page does not show (the action is not offered)."""
    for name, form in forms.items():
        if form.failed and not shown.get(name.split("-")[0], True):
            return form.message or next(iter(form.errors.values()), None)
    return None


def error_status(error: DomainError) -> int:
    return 422 if isinstance(error, InvalidInput) else 409


async def shift_of_need(member: Member, need_id: int, shift_id: int) -> ShiftOut:
    """The shift, if it is one of the need's (NotFound otherwise, or in another tenant)."""
    await get_need(member.scope, need_id)
    shift = await get_shift(member.scope, shift_id)
    if shift.need_id != need_id:
        raise NotFound(f"Shift {shift_id} is not one of need {need_id}'s.", code="not_found")
    return shift


async def find_volunteers(
    member: Member, *, name: str, community_id: int | None
) -> tuple[list[VolunteerOut], bool]:
    """Active volunteers whose name contains ``name`` (of the community unless None), by
    name; and whether every volunteer was looked at. The library has no name filter, so
    at most :data:`VOLUNTEER_SCAN` volunteers are read."""
    found: list[VolunteerOut] = []
    offset = 0
    while offset < VOLUNTEER_SCAN:
        page = await list_volunteers(
            member.scope,
            VolunteerFilter(community_id=community_id, active=True, limit=200, offset=offset),
        )
        found += [v for v in page.items if name in v.person_name]
        offset += len(page.items)
        if len(found) >= VOLUNTEER_RESULTS or not page.items or offset >= page.total:
            return found[:VOLUNTEER_RESULTS], offset >= page.total or not page.items
    return found[:VOLUNTEER_RESULTS], False
