"""Party-building alliances (党建联盟): the alliance, its members and its resource list.

Tenant admins manage alliances; everyone in the tenant reads them. Co-building agreements
and their commitment items are in :mod:`coalition.alliances.agreements`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.query.functions.aggregate import Count
from piccolo.table import Table

from coalition.actors.tables import Organisation, Unit
from coalition.alliances.schemas import (
    AllianceInput,
    AllianceOut,
    AllianceSummary,
    MemberInput,
    MemberKind,
    MemberOut,
    MemberRole,
    ResourceInput,
    ResourceKind,
    ResourceOut,
)
from coalition.alliances.tables import Alliance, AllianceMember, AllianceResource
from coalition.errors import Checker, Conflict
from coalition.places.tables import Community
from coalition.tenancy import Role, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_today

#: The table each kind of member points to, and the word used for it in messages.
_TARGETS: dict[MemberKind, tuple[type[Table], str]] = {
    MemberKind.COMMUNITY: (Community, "Community"),
    MemberKind.ORGANISATION: (Organisation, "Organisation"),
    MemberKind.UNIT: (Unit, "Unit"),
}
_KIND_ORDER = {kind: i for i, kind in enumerate(MemberKind)}

_MEMBER = (
    AllianceMember.id,
    AllianceMember.alliance,
    AllianceMember.community,
    AllianceMember.organisation,
    AllianceMember.unit,
    AllianceMember.community._.name,
    AllianceMember.organisation._.name,
    AllianceMember.unit._.name,
    AllianceMember.role,
    AllianceMember.joined_on,
    AllianceMember.left_on,
)
_RESOURCE = (
    AllianceResource.id,
    AllianceResource.alliance,
    AllianceResource.kind,
    AllianceResource.name,
    AllianceResource.description,
    AllianceResource.quantity,
    AllianceResource.provider,
)


def _alliance(row: Alliance) -> AllianceOut:
    return AllianceOut(
        id=row.id,
        name=row.name,
        lead_branch=row.lead_branch,
        description=row.description,
        founded_on=row.founded_on,
    )


def _member_kind(row: dict[str, Any]) -> MemberKind:
    for kind in MemberKind:
        if row[kind] is not None:
            return kind
    raise AssertionError("an alliance member points to no community, organisation or unit")


def _member(row: dict[str, Any]) -> MemberOut:
    kind = _member_kind(row)
    return MemberOut(
        id=row["id"],
        alliance_id=row["alliance"],
        kind=kind,
        target_id=row[kind],
        name=row[f"{kind}.name"],
        role=row["role"],
        joined_on=row["joined_on"],
        left_on=row["left_on"],
    )


def _resource(row: dict[str, Any], names: dict[int, str]) -> ResourceOut:
    return ResourceOut(
        id=row["id"],
        alliance_id=row["alliance"],
        kind=row["kind"],
        name=row["name"],
        description=row["description"],
        quantity=row["quantity"],
        provider_member_id=row["provider"],
        provider_name=names.get(row["provider"]),
    )


async def _resources(q: TenantQueries, where: Any) -> list[ResourceOut]:
    """Resources with their providers' names (looked up apart: PostgreSQL cuts the aliases
    of joins three tables deep to 63 characters, where they may collide)."""
    rows = await (
        q.select(AllianceResource, *_RESOURCE)
        .where(where)
        .order_by(AllianceResource.kind)
        .order_by(AllianceResource.name)
    )
    providers = list({row["provider"] for row in rows} - {None})
    names: dict[int, str] = {}
    if providers:
        members = await q.select(AllianceMember, *_MEMBER).where(AllianceMember.id.is_in(providers))
        names = {member.id: member.name for member in map(_member, members)}
    return [_resource(row, names) for row in rows]


async def _locked_alliance(q: TenantQueries, alliance_id: int) -> Alliance:
    """The alliance, locked until the end of the write block (members change one by one)."""
    return await q.get(Alliance, alliance_id, what="Alliance", lock=True)


# --- alliances -----------------------------------------------------------------------------


async def create_alliance(scope: TenantScope, data: AllianceInput) -> AllianceOut:
    scope.actor.require(Role.TENANT_ADMIN, action="create an alliance")
    check = Checker()
    check.required("name", data.name)
    check.required("lead_branch", data.lead_branch)
    check.optional("description", data.description, max_length=5000)
    check.raise_if_any()
    name = data.name.strip()
    async with scope.write() as q:
        if await q.exists(Alliance).where(Alliance.name == name):
            raise Conflict(
                f"An alliance named {name!r} exists already.",
                code="alliances.alliance_name_taken",
                name=name,
            )
        row = await q.create(
            Alliance,
            name=name,
            lead_branch=data.lead_branch.strip(),
            description=data.description.strip(),
            founded_on=data.founded_on,
        )
    return _alliance(row)


async def get_alliance(scope: TenantScope, alliance_id: int) -> AllianceOut:
    scope.actor.require_member(action="see alliances")
    async with scope.read() as q:
        return _alliance(await q.get(Alliance, alliance_id, what="Alliance"))


async def list_alliances(scope: TenantScope) -> list[AllianceSummary]:
    """Every alliance of the tenant with its active members counted by kind."""
    scope.actor.require_member(action="see alliances")
    async with scope.read() as q:
        alliances = await q.objects(Alliance).order_by(Alliance.name)
        counts = await (
            q.select(
                AllianceMember,
                AllianceMember.alliance,
                Count(AllianceMember.community, alias="communities"),
                Count(AllianceMember.organisation, alias="organisations"),
                Count(AllianceMember.unit, alias="units"),
            )
            .where(AllianceMember.left_on.is_null())
            .group_by(AllianceMember.alliance)
        )
    by_alliance = {row["alliance"]: row for row in counts}
    empty = {"communities": 0, "organisations": 0, "units": 0}
    return [
        AllianceSummary(
            id=a.id,
            name=a.name,
            lead_branch=a.lead_branch,
            founded_on=a.founded_on,
            communities=by_alliance.get(a.id, empty)["communities"],
            organisations=by_alliance.get(a.id, empty)["organisations"],
            units=by_alliance.get(a.id, empty)["units"],
        )
        for a in alliances
    ]


# --- members -------------------------------------------------------------------------------


def _check_member(data: MemberInput) -> tuple[MemberKind, int]:
    check = Checker()
    targets = [
        (kind, target_id)
        for kind, target_id in (
            (MemberKind.COMMUNITY, data.community_id),
            (MemberKind.ORGANISATION, data.organisation_id),
            (MemberKind.UNIT, data.unit_id),
        )
        if target_id is not None
    ]
    if len(targets) != 1:
        check.add(
            "member",
            "exactly_one_member",
            "Name exactly one community, organisation or unit.",
            given=len(targets),
        )
    check.choice("role", data.role, set(MemberRole))
    check.raise_if_any()
    return targets[0]


async def add_member(scope: TenantScope, alliance_id: int, data: MemberInput) -> MemberOut:
    """Bring a community, organisation or unit of the tenant into the alliance."""
    scope.actor.require(Role.TENANT_ADMIN, action="add a member to an alliance")
    kind, target_id = _check_member(data)
    table, label = _TARGETS[kind]
    column = getattr(AllianceMember, kind)
    joined_on = data.joined_on or await tenant_today(scope.tenant_id)
    async with scope.write() as q:
        alliance = await _locked_alliance(q, alliance_id)
        target: Any = await q.get(table, target_id, what=label)
        active = (AllianceMember.alliance == alliance.id) & AllianceMember.left_on.is_null()
        if await q.exists(AllianceMember).where(active & (column == target.id)):
            raise Conflict(
                f"{target.name} is a member of {alliance.name} already.",
                code="alliances.member_exists",
                alliance=alliance.name,
                member=target.name,
            )
        if data.role == MemberRole.LEAD and await q.exists(AllianceMember).where(
            active & (AllianceMember.role == MemberRole.LEAD)
        ):
            raise Conflict(
                f"{alliance.name} has a lead member already.",
                code="alliances.lead_taken",
                alliance=alliance.name,
            )
        member = await q.create(
            AllianceMember,
            alliance=alliance.id,
            role=data.role,
            joined_on=joined_on,
            **{kind.value: target.id},
        )
    return MemberOut(
        id=member.id,
        alliance_id=alliance.id,
        kind=kind,
        target_id=target.id,
        name=target.name,
        role=member.role,
        joined_on=member.joined_on,
        left_on=None,
    )


async def leave_alliance(
    scope: TenantScope, member_id: int, *, left_on: date | None = None
) -> MemberOut:
    """End a membership (it stays on record, with the day it ended)."""
    scope.actor.require(Role.TENANT_ADMIN, action="end an alliance membership")
    left_on = left_on or await tenant_today(scope.tenant_id)
    async with scope.write() as q:
        member_filter = AllianceMember.id == member_id
        rows = await q.select(AllianceMember, *_MEMBER).where(member_filter)
        if not rows:
            await q.get(AllianceMember, member_id, what="Alliance member")  # NotFound
        await _locked_alliance(q, rows[0]["alliance"])
        row = (await q.select(AllianceMember, *_MEMBER).where(member_filter))[0]
        if row["left_on"] is not None:
            raise Conflict(
                f"{_member(row).name} left the alliance on {row['left_on']}.",
                code="alliances.member_already_left",
                left_on=row["left_on"].isoformat(),
            )
        if left_on < row["joined_on"]:
            check = Checker()
            check.add(
                "left_on",
                "before_joined_on",
                f"A member cannot leave before joining on {row['joined_on']}.",
                joined_on=row["joined_on"].isoformat(),
            )
            check.raise_if_any()
        await q.update(AllianceMember, {AllianceMember.left_on: left_on}).where(member_filter)
    return _member({**row, "left_on": left_on})


async def list_members(
    scope: TenantScope, alliance_id: int, *, include_former: bool = False
) -> list[MemberOut]:
    """The alliance's members: communities first, then organisations, then units, by name."""
    scope.actor.require_member(action="see alliance members")
    async with scope.read() as q:
        await q.get(Alliance, alliance_id, what="Alliance")
        query = q.select(AllianceMember, *_MEMBER).where(AllianceMember.alliance == alliance_id)
        if not include_former:
            query = query.where(AllianceMember.left_on.is_null())
        rows = await query
    members = [_member(row) for row in rows]
    return sorted(members, key=lambda m: (_KIND_ORDER[MemberKind(m.kind)], m.name, m.id))


# --- resources -----------------------------------------------------------------------------


async def add_resource(scope: TenantScope, alliance_id: int, data: ResourceInput) -> ResourceOut:
    """Put a venue, equipment, funds or a service on the alliance's resource list."""
    scope.actor.require(Role.TENANT_ADMIN, action="add to an alliance's resource list")
    check = Checker()
    check.choice("kind", data.kind, set(ResourceKind))
    check.required("name", data.name)
    check.optional("description", data.description, max_length=5000)
    check.optional("quantity", data.quantity, max_length=100)
    check.raise_if_any()
    async with scope.write() as q:
        alliance = await _locked_alliance(q, alliance_id)
        if data.provider_member_id is not None:
            provider = await q.exists(AllianceMember).where(
                (AllianceMember.id == data.provider_member_id)
                & (AllianceMember.alliance == alliance.id)
                & AllianceMember.left_on.is_null()
            )
            if not provider:
                check.add(
                    "provider_member_id",
                    "not_a_member",
                    f"The provider must be an active member of {alliance.name}.",
                    alliance=alliance.name,
                )
                check.raise_if_any()
        row = await q.create(
            AllianceResource,
            alliance=alliance.id,
            kind=data.kind,
            name=data.name.strip(),
            description=data.description.strip(),
            quantity=data.quantity.strip(),
            provider=data.provider_member_id,
        )
        (out,) = await _resources(q, AllianceResource.id == row.id)
    return out


async def list_resources(
    scope: TenantScope, alliance_id: int, *, kind: str | None = None
) -> list[ResourceOut]:
    scope.actor.require_member(action="see alliance resources")
    async with scope.read() as q:
        await q.get(Alliance, alliance_id, what="Alliance")
        where: Any = AllianceResource.alliance == alliance_id
        if kind is not None:
            where &= AllianceResource.kind == kind
        return await _resources(q, where)
