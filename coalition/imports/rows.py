"""Validate and import one row of a roster, through the actors' own rules.

Validation runs the same checks the services run (``check_person`` and the actors'
validators), resolves names and codes to rows of the tenant (a grid by its code, an
organisation or a community by its name), checks the importer's permission for the row's
community, and finds duplicates, in the file and in the tenant. Importing calls the
services themselves, so whatever they refuse is refused here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import msgspec

from coalition.actors import accounts, volunteers
from coalition.actors import services as actors
from coalition.actors.schemas import OrganisationInput, PersonInput, UnitInput, VolunteerInput
from coalition.actors.tables import Organisation, Unit, Volunteer
from coalition.db import chunks
from coalition.errors import Checker, DomainError, InvalidInput, PermissionDenied
from coalition.imports.columns import kind_code
from coalition.imports.schemas import ImportKind
from coalition.places.tables import Community, Grid
from coalition.tenancy import Actor, TenantScope
from coalition.tenancy.scope import TenantQueries

LIST_SEPARATORS = re.compile(r"[,，;；、|\n]")
DEFAULT_HOURS = 8
#: The services' field names that are named differently in the file.
FIELD_COLUMNS = {
    "home_grid_id": "grid",
    "organisation_id": "organisation",
    "community_id": "community",
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    field: str
    code: str
    params: dict[str, Any]


@dataclass
class Refs:
    """The tenant's rows that the file's values name (looked up once per file)."""

    grids: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # code → (id, community)
    communities: dict[str, list[int]] = field(default_factory=dict)
    organisations: dict[str, list[int]] = field(default_factory=dict)
    taken_names: set[str] = field(default_factory=set)  # organisations or units, by kind
    volunteer_phones: set[str] = field(default_factory=set)


def split_list(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text or "") if item.strip()]


def _group(rows: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for key, value in rows:
        if key:
            grouped.setdefault(key.strip(), []).append(value)
    return grouped


async def _where_in(q: TenantQueries, table: Any, column: Any, values: set[str], *cols: Any):
    found: list[dict[str, Any]] = []
    for chunk in chunks(sorted(v for v in values if v), 500):
        found += await q.select(table, *cols).where(column.is_in(chunk))
    return found


async def load_refs(q: TenantQueries, kind: str, rows: list[dict[str, str]]) -> Refs:
    def values(key: str) -> set[str]:
        return {r.get(key, "").strip() for r in rows} - {""}

    refs = Refs()
    grids = await _where_in(q, Grid, Grid.code, values("grid"), Grid.id, Grid.code, Grid.community)
    refs.grids = _group((g["code"], (g["id"], g["community"])) for g in grids)
    communities = await _where_in(
        q, Community, Community.name, values("community"), Community.id, Community.name
    )
    refs.communities = _group((c["name"], c["id"]) for c in communities)
    organisations = await _where_in(
        q,
        Organisation,
        Organisation.name,
        values("organisation") | values("name"),
        Organisation.id,
        Organisation.name,
    )
    refs.organisations = _group((o["name"], o["id"]) for o in organisations)
    if kind == ImportKind.ORGANISATIONS:
        refs.taken_names = set(refs.organisations)
    elif kind == ImportKind.UNITS:
        units = await _where_in(q, Unit, Unit.name, values("name"), Unit.name)
        refs.taken_names = {u["name"] for u in units}
    elif kind == ImportKind.VOLUNTEERS:
        phones = await _where_in(
            q, Volunteer, Volunteer.person.phone, values("phone"), Volunteer.person.phone
        )
        refs.volunteer_phones = {p["person.phone"] for p in phones}
    return refs


class _Row:
    """Collects the errors of one row."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.errors: list[RowError] = []

    def add(self, column: str, code: str, **params: Any) -> None:
        self.errors.append(RowError(self.number, column, code, params))

    def add_invalid(self, error: InvalidInput) -> None:
        for name, problem in error.fields.items():
            base = name.split("[", 1)[0]
            self.add(FIELD_COLUMNS.get(base, base), problem.code, **dict(problem.params))

    def add_checker(self, check: Checker) -> None:
        if check.fields:
            self.add_invalid(InvalidInput(check.fields))

    def lookup(self, column: str, value: str, table: dict[str, list[Any]], code: str) -> Any:
        if not value:
            return None
        found = table.get(value, [])
        if len(found) != 1:
            self.add(column, code if not found else "imports.ambiguous", value=value)
            return None
        return found[0]

    def permitted(self, actor: Actor, community_id: int | None, column: str, action: str) -> None:
        try:
            actors.require_community(actor, community_id, action=action)
        except PermissionDenied as error:
            self.add(column if community_id else "", error.code, **error.params)

    def once(self, column: str, value: str, seen: dict[str, int]) -> None:
        if value in seen:
            self.add(column, "imports.duplicate_in_file", value=value, row=seen[value])
        else:
            seen[value] = self.number


def _hours(text: str) -> Any:
    if not text:
        return DEFAULT_HOURS
    return int(text) if text.isdigit() else text  # the validator refuses what is not a number


def _date(row: _Row, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        try:
            year, month, day = (int(p) for p in re.split(r"[-/.年月日]", text) if p)
            return date(year, month, day)
        except ValueError:
            row.add("joined_on", "imports.invalid_date", value=text)
            return None


def _volunteer(row: _Row, v: dict[str, str], refs: Refs, actor: Actor, seen: dict) -> Any:
    person = PersonInput(name=v.get("name", ""), phone=v.get("phone", ""), email=v.get("email", ""))
    check = Checker()
    accounts.check_person(check, person)
    row.add_checker(check)
    grid = row.lookup("grid", v.get("grid", ""), refs.grids, "imports.unknown_grid")
    grid_id, community_id = grid if grid else (None, None)
    org_id = row.lookup(
        "organisation",
        v.get("organisation", ""),
        refs.organisations,
        "imports.unknown_organisation",
    )
    volunteer = VolunteerInput(
        person_id=0,
        skills=split_list(v.get("skills", "")),
        languages=split_list(v.get("languages", "")),
        home_grid_id=grid_id,
        max_hours_week=cast(int, _hours(v.get("max_hours_week", ""))),
        organisation_id=org_id,
        joined_on=_date(row, v.get("joined_on", "")),
    )
    try:
        volunteers._checked(volunteer)
    except InvalidInput as error:
        row.add_invalid(error)
    row.permitted(actor, community_id, "grid", "register a volunteer")
    phone = person.phone.strip()
    if phone and phone in refs.volunteer_phones:
        row.add("phone", "imports.already_registered", value=phone)
    elif phone:
        row.once("phone", phone, seen)
    return person, volunteer


def _member(row: _Row, v: dict[str, str], refs: Refs, actor: Actor, seen: dict, kind: str):
    community_id = row.lookup(
        "community", v.get("community", ""), refs.communities, "imports.unknown_community"
    )
    name = v.get("name", "").strip()
    payload: OrganisationInput | UnitInput
    try:
        if kind == ImportKind.ORGANISATIONS:
            payload = OrganisationInput(
                name=name,
                kind=kind_code(kind, v.get("kind", "")),
                registration_no=v.get("registration_no", ""),
                services=split_list(v.get("services", "")),
                phone=v.get("phone", ""),
                community_id=community_id,
            )
            actors._checked_organisation(payload)
        else:
            payload = UnitInput(
                name=name,
                kind=kind_code(kind, v.get("kind", "")),
                address=v.get("address", ""),
                resources=split_list(v.get("resources", "")),
                phone=v.get("phone", ""),
                community_id=community_id,
            )
            actors._checked_unit(payload)
    except InvalidInput as error:
        row.add_invalid(error)
    what = "organisation" if kind == ImportKind.ORGANISATIONS else "unit"
    action = "record an organisation" if what == "organisation" else "record a unit"
    row.permitted(actor, community_id, "community", action)
    if name in refs.taken_names:
        row.add("name", f"actors.{what}_name_taken", name=name)
    elif name:
        row.once("name", name, seen)
    return payload


def validate(
    kind: str, number: int, values: dict[str, str], refs: Refs, actor: Actor, seen: dict
) -> tuple[Any, list[RowError]]:
    """The services' inputs of one row, and its errors (the inputs are None if any)."""
    row = _Row(number)
    if kind == ImportKind.VOLUNTEERS:
        payload = _volunteer(row, values, refs, actor, seen)
    else:
        payload = _member(row, values, refs, actor, seen, kind)
    return (None if row.errors else payload), row.errors


async def import_row(scope: TenantScope, kind: str, payload: Any) -> None:
    """Create the row's records through the services (in the caller's write block)."""
    if kind == ImportKind.VOLUNTEERS:
        person_input, volunteer_input = payload
        person = await accounts.create_person(scope, person_input)
        await volunteers.register_volunteer(
            scope, msgspec.structs.replace(volunteer_input, person_id=person.id)
        )
    elif kind == ImportKind.ORGANISATIONS:
        await actors.create_organisation(scope, payload)
    else:
        await actors.create_unit(scope, payload)


def errors_of(number: int, error: DomainError) -> list[RowError]:
    """A service's refusal at import time, as row errors."""
    row = _Row(number)
    if isinstance(error, InvalidInput):
        row.add_invalid(error)
    else:
        row.add("", error.code, **error.params)
    return row.errors
