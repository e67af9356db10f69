"""Social organisations and units, and the rules shared by the actors' services.

Social workers are in :mod:`coalition.actors.social_workers`, volunteers in
:mod:`coalition.actors.volunteers`, lived experience under consent in
:mod:`coalition.actors.consent`, people and logins in :mod:`coalition.actors.accounts`.

Tenant admins and community staff manage these records; community staff only those based
in their own communities (or based nowhere in particular). An organisation's coordinator
may update their organisation and a unit's liaison their unit. Any role reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import msgspec
from msgspec import UNSET
from piccolo.columns import Column

from coalition.actors.schemas import (
    OrganisationInput,
    OrganisationKind,
    OrganisationOut,
    OrganisationUpdate,
    UnitInput,
    UnitKind,
    UnitOut,
    UnitUpdate,
)
from coalition.actors.tables import Organisation, Unit
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.places.tables import Community
from coalition.tenancy import Actor, TenantScope
from coalition.tenancy.roles import STRUCTURE_ROLES
from coalition.tenancy.scope import TenantQueries

S = TypeVar("S", bound=msgspec.Struct)

#: Most items a list field (services, resources, skills, languages) may hold.
MAX_ITEMS = 30


# --- rules shared with social_workers.py and volunteers.py ---------------------------


def require_community(actor: Actor, community_id: int | None, *, action: str) -> None:
    """Community staff work in their own communities; tenant admins everywhere."""
    actor.require(*STRUCTURE_ROLES, action=action)
    if community_id is None or actor.manages_community(community_id):
        return
    raise PermissionDenied(
        f"You may {action} only in your own communities.",
        code="actors.outside_your_communities",
        action=action,
        community_id=community_id,
    )


def clean_items(check: Checker, field: str, values: Iterable[str], *, max_length: int) -> list[str]:
    """Trimmed, de-duplicated items in their order; blank items are dropped."""
    items: list[str] = []
    for value in values:
        text = value.strip() if isinstance(value, str) else ""
        if not text or text in items:
            continue
        if len(text) > max_length:
            check.add(
                field,
                "item_too_long",
                f"Each item may have at most {max_length} characters.",
                max_length=max_length,
            )
        items.append(text)
    if len(items) > MAX_ITEMS:
        check.add(field, "too_many", f"At most {MAX_ITEMS} items are allowed.", most=MAX_ITEMS)
    return items


def merge(current: S, update: msgspec.Struct) -> S:
    """``current`` with every field that ``update`` sets."""
    changes = {
        name: getattr(update, name)
        for name in update.__struct_fields__
        if getattr(update, name) is not UNSET
    }
    return msgspec.structs.replace(current, **changes)


async def _community_name(q: TenantQueries, community_id: int | None) -> str | None:
    if community_id is None:
        return None
    return (await q.get(Community, community_id, what="Community")).name


# --- social organisations -------------------------------------------------------------

_ORGANISATION = (
    Organisation.id,
    Organisation.name,
    Organisation.kind,
    Organisation.registration_no,
    Organisation.services,
    Organisation.phone,
    Organisation.community,
    Organisation.community.name,
)


def _organisation(row: dict[str, Any]) -> OrganisationOut:
    return OrganisationOut(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        registration_no=row["registration_no"],
        services=list(row["services"] or []),
        phone=row["phone"],
        community_id=row["community"],
        community_name=row["community.name"],
    )


def _checked_organisation(data: OrganisationInput) -> dict[str, Any]:
    check = Checker()
    check.required("name", data.name)
    check.choice("kind", data.kind, set(OrganisationKind))
    check.optional("registration_no", data.registration_no, max_length=64)
    check.optional("phone", data.phone, max_length=32)
    services = clean_items(check, "services", data.services, max_length=100)
    check.raise_if_any()
    return {
        "name": data.name.strip(),
        "kind": data.kind,
        "registration_no": data.registration_no.strip(),
        "services": services,
        "phone": data.phone.strip(),
        "community": data.community_id,
    }


_NAME_TAKEN = {
    Organisation: ("actors.organisation_name_taken", "An organisation"),
    Unit: ("actors.unit_name_taken", "A unit"),
}


async def _save(
    q: TenantQueries, table: type[Organisation | Unit], values: dict[str, Any], row_id: int | None
) -> dict[str, Any]:
    """Insert or update an organisation or unit whose name is unique in the tenant;
    returns the row as the select of ``_ORGANISATION`` or ``_UNIT`` would."""
    community_name = await _community_name(q, values["community"])
    same_name = q.exists(table).where(table.name == values["name"])
    if row_id is not None:
        same_name = same_name.where(table.id != row_id)
    if await same_name:
        code, label = _NAME_TAKEN[table]
        raise Conflict(
            f"{label} named {values['name']!r} exists already.", code=code, name=values["name"]
        )
    if row_id is None:
        row_id = (await q.create(table, **values)).id
    else:
        changes: dict[Column | str, Any] = {key: value for key, value in values.items()}
        await q.update(table, changes).where(table.id == row_id)
    return {**values, "id": row_id, "community.name": community_name}


async def create_organisation(scope: TenantScope, data: OrganisationInput) -> OrganisationOut:
    """Record a social organisation (社会组织); its name is unique in the tenant."""
    require_community(scope.actor, data.community_id, action="record an organisation")
    values = _checked_organisation(data)
    async with scope.write() as q:
        return _organisation(await _save(q, Organisation, values, None))


async def update_organisation(
    scope: TenantScope, organisation_id: int, data: OrganisationUpdate
) -> OrganisationOut:
    actor = scope.actor
    async with scope.write() as q:
        row = await q.get(Organisation, organisation_id, what="Organisation")
        coordinator = actor.coordinates(organisation_id=row.id)
        current = OrganisationInput(
            name=row.name,
            kind=row.kind,
            registration_no=row.registration_no,
            services=list(row.services or []),
            phone=row.phone,
            community_id=row.community,
        )
        merged = merge(current, data)
        if not coordinator:
            for community_id in {row.community, merged.community_id}:
                require_community(actor, community_id, action="update this organisation")
        return _organisation(await _save(q, Organisation, _checked_organisation(merged), row.id))


async def get_organisation(scope: TenantScope, organisation_id: int) -> OrganisationOut:
    scope.actor.require_member(action="see organisations")
    async with scope.read() as q:
        row = (
            await q.select(Organisation, *_ORGANISATION)
            .where(Organisation.id == organisation_id)
            .first()
        )
        if row is None:
            await q.get(Organisation, organisation_id, what="Organisation")  # NotFound
    return _organisation(row)


async def list_organisations(
    scope: TenantScope, *, kind: str | None = None, community_id: int | None = None
) -> list[OrganisationOut]:
    scope.actor.require_member(action="see organisations")
    async with scope.read() as q:
        query = q.select(Organisation, *_ORGANISATION).order_by(Organisation.name)
        if kind is not None:
            query = query.where(Organisation.kind == kind)
        if community_id is not None:
            query = query.where(Organisation.community == community_id)
        rows = await query
    return [_organisation(row) for row in rows]


# --- units ----------------------------------------------------------------------------

_UNIT = (
    Unit.id,
    Unit.name,
    Unit.kind,
    Unit.address,
    Unit.resources,
    Unit.phone,
    Unit.community,
    Unit.community.name,
)


def _unit(row: dict[str, Any]) -> UnitOut:
    return UnitOut(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        address=row["address"],
        resources=list(row["resources"] or []),
        phone=row["phone"],
        community_id=row["community"],
        community_name=row["community.name"],
    )


def _checked_unit(data: UnitInput) -> dict[str, Any]:
    check = Checker()
    check.required("name", data.name)
    check.choice("kind", data.kind, set(UnitKind))
    check.optional("address", data.address, max_length=300)
    check.optional("phone", data.phone, max_length=32)
    resources = clean_items(check, "resources", data.resources, max_length=100)
    check.raise_if_any()
    return {
        "name": data.name.strip(),
        "kind": data.kind,
        "address": data.address.strip(),
        "resources": resources,
        "phone": data.phone.strip(),
        "community": data.community_id,
    }


async def create_unit(scope: TenantScope, data: UnitInput) -> UnitOut:
    """Record a unit in the area (辖区单位); its name is unique in the tenant."""
    require_community(scope.actor, data.community_id, action="record a unit")
    values = _checked_unit(data)
    async with scope.write() as q:
        return _unit(await _save(q, Unit, values, None))


async def update_unit(scope: TenantScope, unit_id: int, data: UnitUpdate) -> UnitOut:
    actor = scope.actor
    async with scope.write() as q:
        row = await q.get(Unit, unit_id, what="Unit")
        liaison = actor.coordinates(unit_id=row.id)
        current = UnitInput(
            name=row.name,
            kind=row.kind,
            address=row.address,
            resources=list(row.resources or []),
            phone=row.phone,
            community_id=row.community,
        )
        merged = merge(current, data)
        if not liaison:
            for community_id in {row.community, merged.community_id}:
                require_community(actor, community_id, action="update this unit")
        return _unit(await _save(q, Unit, _checked_unit(merged), row.id))


async def get_unit(scope: TenantScope, unit_id: int) -> UnitOut:
    scope.actor.require_member(action="see units")
    async with scope.read() as q:
        row = await q.select(Unit, *_UNIT).where(Unit.id == unit_id).first()
        if row is None:
            await q.get(Unit, unit_id, what="Unit")  # NotFound
    return _unit(row)


async def list_units(
    scope: TenantScope, *, kind: str | None = None, community_id: int | None = None
) -> list[UnitOut]:
    scope.actor.require_member(action="see units")
    async with scope.read() as q:
        query = q.select(Unit, *_UNIT).order_by(Unit.name)
        if kind is not None:
            query = query.where(Unit.kind == kind)
        if community_id is not None:
            query = query.where(Unit.community == community_id)
        rows = await query
    return [_unit(row) for row in rows]
