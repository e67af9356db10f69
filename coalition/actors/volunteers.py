"""Community volunteers (社区志愿者): skills, weekly availability, home grid and hours.

Tenant admins and community staff register and manage volunteers (community staff only
those whose home grid lies in their communities, or who have none). A volunteer may
change their own skills, languages, availability and weekly hours. Any role reads.
"""

from __future__ import annotations

import json
import re
from typing import Any

from msgspec import UNSET
from piccolo.columns.combination import WhereRaw
from piccolo.query import Select

from coalition import events
from coalition.actors.schemas import (
    AvailabilitySlot,
    VolunteerFilter,
    VolunteerInput,
    VolunteerOut,
    VolunteerPage,
    VolunteerUpdate,
)
from coalition.actors.services import clean_items, merge, require_community
from coalition.actors.tables import Organisation, Person, Volunteer
from coalition.db import is_postgres
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.places.tables import Grid
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import tenant_today
from coalition.tenancy.roles import STRUCTURE_ROLES
from coalition.tenancy.scope import TenantQueries

MAX_HOURS_WEEK = 60
MAX_SLOTS = 42  # six a day
PAGE_MAX = 200
#: The fields a volunteer may change in their own profile.
SELF_EDITABLE = frozenset({"skills", "languages", "availability", "max_hours_week"})

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_VOLUNTEER = (
    Volunteer.id,
    Volunteer.person,
    Volunteer.person.name,
    Volunteer.skills,
    Volunteer.languages,
    Volunteer.availability,
    Volunteer.home_grid,
    Volunteer.home_grid.name,
    Volunteer.home_grid.community,
    Volunteer.max_hours_week,
    Volunteer.active,
    Volunteer.joined_on,
    Volunteer.organisation,
)


def _minutes(text: object, *, end: bool) -> int | None:
    """Minutes after midnight of "HH:MM"; "24:00" is allowed as the end of a day."""
    match = _TIME.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        return None
    return hours * 60 + minutes


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def check_availability(check: Checker, slots: list[AvailabilitySlot]) -> list[dict[str, Any]]:
    """Validated slots, sorted, with times written "HH:MM". Errors are keyed
    ``availability[i]`` by the slot's position in the input."""
    if len(slots) > MAX_SLOTS:
        check.add("availability", "too_many", f"At most {MAX_SLOTS} slots.", most=MAX_SLOTS)
    parsed: list[tuple[int, int, int, int]] = []
    for index, slot in enumerate(slots):
        field = f"availability[{index}]"
        weekday = slot.weekday
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            check.add(field, "invalid_weekday", "The weekday is 0 (Monday) to 6 (Sunday).")
            continue
        start, end = _minutes(slot.start, end=False), _minutes(slot.end, end=True)
        if start is None or end is None:
            check.add(field, "invalid_time", "Write times as HH:MM, for example 08:30.")
        elif start >= end:
            check.add(field, "start_not_before_end", "The slot must start before it ends.")
        else:
            parsed.append((weekday, start, end, index))
    parsed.sort()
    latest: dict[int, tuple[int, int]] = {}  # weekday -> (latest end so far, its slot)
    for weekday, start, end, index in parsed:
        previous = latest.get(weekday)
        if previous is not None and start < previous[0]:
            check.add(
                f"availability[{index}]",
                "overlapping_slots",
                "This slot overlaps another slot on the same day.",
                other=previous[1],
            )
        if previous is None or end > previous[0]:
            latest[weekday] = (end, index)
    return [{"weekday": w, "start": _hhmm(s), "end": _hhmm(e)} for w, s, e, _ in parsed]


def _checked(data: VolunteerInput) -> dict[str, Any]:
    check = Checker()
    skills = clean_items(check, "skills", data.skills, max_length=64)
    languages = clean_items(check, "languages", data.languages, max_length=32)
    availability = check_availability(check, data.availability)
    hours = data.max_hours_week
    if isinstance(hours, bool) or not isinstance(hours, int):
        check.add("max_hours_week", "not_a_number", "Give a whole number of hours.")
    else:
        check.in_range("max_hours_week", hours, 1, MAX_HOURS_WEEK)
    check.raise_if_any()
    return {
        "skills": skills,
        "languages": languages,
        "availability": availability,
        "max_hours_week": hours,
        "home_grid": data.home_grid_id,
        "organisation": data.organisation_id,
    }


def _slots(value: Any) -> list[AvailabilitySlot]:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return [AvailabilitySlot(weekday=s["weekday"], start=s["start"], end=s["end"]) for s in value]


def _volunteer(row: dict[str, Any]) -> VolunteerOut:
    return VolunteerOut(
        id=row["id"],
        person_id=row["person"],
        person_name=row["person.name"],
        skills=list(row["skills"] or []),
        languages=list(row["languages"] or []),
        availability=_slots(row["availability"]),
        home_grid_id=row["home_grid"],
        home_grid_name=row["home_grid.name"],
        community_id=row["home_grid.community"],
        max_hours_week=row["max_hours_week"],
        active=row["active"],
        joined_on=row["joined_on"],
        organisation_id=row["organisation"],
    )


async def _grid_community(q: TenantQueries, grid_id: int | None) -> int | None:
    if grid_id is None:
        return None
    return (await q.get(Grid, grid_id, what="Grid")).community


async def _load(q: TenantQueries, volunteer_id: int) -> VolunteerOut:
    row = await q.select(Volunteer, *_VOLUNTEER).where(Volunteer.id == volunteer_id).first()
    if row is None:
        await q.get(Volunteer, volunteer_id, what="Volunteer")  # raises NotFound
    assert row is not None
    return _volunteer(row)


async def _changed(
    scope: TenantScope, q: TenantQueries, volunteer_id: int, person_id: int, change: str
) -> None:
    """VOLUNTEER_CHANGED: the matching engine's feature cache listens to it."""
    data = {"volunteer_id": volunteer_id, "person_id": person_id, "change": change}
    await events.emit(q, events.VOLUNTEER_CHANGED, data, actor=scope.actor.person_id)


async def register_volunteer(scope: TenantScope, data: VolunteerInput) -> VolunteerOut:
    """Register a person as a volunteer, once per person."""
    scope.actor.require(*STRUCTURE_ROLES, action="register a volunteer")
    values = _checked(data)
    async with scope.write() as q:
        person = await q.get(Person, data.person_id, what="Person")
        community_id = await _grid_community(q, data.home_grid_id)
        require_community(scope.actor, community_id, action="register a volunteer")
        if data.organisation_id is not None:
            await q.get(Organisation, data.organisation_id, what="Organisation")
        if await q.exists(Volunteer).where(Volunteer.person == person.id):
            raise Conflict(
                f"{person.name} is registered as a volunteer already.",
                code="actors.already_volunteer",
            )
        joined_on = data.joined_on or await tenant_today(scope.tenant_id)
        row = await q.create(Volunteer, person=person.id, joined_on=joined_on, **values)
        await _changed(scope, q, row.id, person.id, "registered")
        return await _load(q, row.id)


async def update_volunteer(
    scope: TenantScope, volunteer_id: int, data: VolunteerUpdate
) -> VolunteerOut:
    """Change the fields ``data`` sets. The volunteer may change their own skills,
    languages, availability and hours; staff may change everything."""
    actor = scope.actor
    changed = {name for name in data.__struct_fields__ if getattr(data, name) is not UNSET}
    async with scope.write() as q:
        current = await _load(q, volunteer_id)
        own = actor.person_id is not None and actor.person_id == current.person_id
        if not (own and changed <= SELF_EDITABLE):
            if own and not actor.has(*STRUCTURE_ROLES):
                raise PermissionDenied(
                    "You may change only your skills, languages, availability and hours.",
                    code="actors.volunteer_staff_only_fields",
                    fields=sorted(changed - SELF_EDITABLE),
                )
            require_community(actor, current.community_id, action="update this volunteer")
        merged = merge(
            VolunteerInput(
                person_id=current.person_id,
                skills=current.skills,
                languages=current.languages,
                availability=current.availability,
                home_grid_id=current.home_grid_id,
                max_hours_week=current.max_hours_week,
                organisation_id=current.organisation_id,
            ),
            data,
        )
        values = _checked(merged)
        if "home_grid_id" in changed:
            community_id = await _grid_community(q, merged.home_grid_id)
            require_community(actor, community_id, action="move a volunteer to this grid")
        if "organisation_id" in changed and merged.organisation_id is not None:
            await q.get(Organisation, merged.organisation_id, what="Organisation")
        await q.update(Volunteer, values).where(Volunteer.id == volunteer_id)
        await _changed(scope, q, volunteer_id, current.person_id, "updated")
        return await _load(q, volunteer_id)


async def _set_active(scope: TenantScope, volunteer_id: int, active: bool) -> VolunteerOut:
    action = "reactivate a volunteer" if active else "deactivate a volunteer"
    async with scope.write() as q:
        current = await _load(q, volunteer_id)
        require_community(scope.actor, current.community_id, action=action)
        await q.update(Volunteer, {Volunteer.active: active}).where(Volunteer.id == volunteer_id)
        change = "reactivated" if active else "deactivated"
        await _changed(scope, q, volunteer_id, current.person_id, change)
        return await _load(q, volunteer_id)


async def deactivate_volunteer(scope: TenantScope, volunteer_id: int) -> VolunteerOut:
    """The volunteer stays on record but is no longer offered needs or shifts."""
    return await _set_active(scope, volunteer_id, False)


async def reactivate_volunteer(scope: TenantScope, volunteer_id: int) -> VolunteerOut:
    return await _set_active(scope, volunteer_id, True)


async def get_volunteer(scope: TenantScope, volunteer_id: int) -> VolunteerOut:
    scope.actor.require_member(action="see volunteers")
    async with scope.read() as q:
        return await _load(q, volunteer_id)


async def volunteer_of_person(scope: TenantScope, person_id: int) -> VolunteerOut | None:
    """The volunteer profile of a person, if they have one (e.g. the caller's own)."""
    if scope.actor.person_id != person_id:
        scope.actor.require_member(action="see volunteers")
    async with scope.read() as q:
        row = await q.select(Volunteer, *_VOLUNTEER).where(Volunteer.person == person_id).first()
    return None if row is None else _volunteer(row)


def _has_skill(skill: str) -> Any:
    if is_postgres(Volunteer._meta.db):
        return Volunteer.skills.any(skill)
    # SQLite keeps arrays as JSON text: compare whole items, not substrings.
    return WhereRaw(
        'EXISTS (SELECT 1 FROM json_each("actors_volunteer"."skills") WHERE json_each.value = {})',
        skill,
    )


async def list_volunteers(
    scope: TenantScope, filters: VolunteerFilter | None = None
) -> VolunteerPage:
    """One page of volunteers by name, and how many match the filters in all."""
    scope.actor.require_member(action="see volunteers")
    f = filters or VolunteerFilter()
    check = Checker()
    check.in_range("limit", f.limit, 1, PAGE_MAX)
    if f.offset < 0:
        check.add("offset", "out_of_range", "The offset cannot be negative.")
    check.raise_if_any()
    conditions: list[Any] = []
    if f.grid_id is not None:
        conditions.append(Volunteer.home_grid == f.grid_id)
    if f.community_id is not None:
        conditions.append(Volunteer.home_grid.community == f.community_id)
    if f.skill is not None and f.skill.strip():
        conditions.append(_has_skill(f.skill.strip()))
    if f.active is not None:
        conditions.append(Volunteer.active.eq(f.active))
    async with scope.read() as q:
        query: Select = q.select(Volunteer, *_VOLUNTEER)
        count = q.count(Volunteer)
        for condition in conditions:
            query = query.where(condition)
            count = count.where(condition)
        total = await count
        rows = await (
            query.order_by(Volunteer.person.name)
            .order_by(Volunteer.id)
            .limit(f.limit)
            .offset(f.offset)
        )
    return VolunteerPage(
        items=[_volunteer(row) for row in rows], total=total, limit=f.limit, offset=f.offset
    )
