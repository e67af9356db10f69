"""People, their logins, and the memberships that give them roles in a tenant."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.table import Table

from coalition.actors.passwords import MIN_LENGTH, hash_password, verify_password
from coalition.actors.schemas import MembershipInput, MembershipOut, PersonInput, PersonOut
from coalition.actors.tables import Account, Membership, Organisation, Person, Unit
from coalition.errors import Checker, Conflict, DomainError, NotFound
from coalition.places.tables import Community, Grid
from coalition.tenancy import Actor, Role, TenantScope
from coalition.tenancy.roles import STRUCTURE_ROLES
from coalition.tenancy.scope import TenantQueries

USERNAME_MAX = 64


class AuthenticationFailed(DomainError):
    code = "auth.invalid_credentials"


def _person(row: Any) -> PersonOut:
    return PersonOut(id=row.id, name=row.name, phone=row.phone, email=row.email)


def _membership(row: dict[str, Any]) -> MembershipOut:
    return MembershipOut(
        id=row["id"],
        person_id=row["person"],
        role=row["role"],
        community_id=row["community"],
        grid_id=row["grid"],
        organisation_id=row["organisation"],
        unit_id=row["unit"],
    )


def check_person(check: Checker, data: PersonInput) -> None:
    check.required("name", data.name, max_length=100)
    check.optional("phone", data.phone, max_length=32)
    check.optional("email", data.email, max_length=200)
    if data.email and "@" not in data.email:
        check.add("email", "invalid_email", "This is not an email address.")


async def create_person(scope: TenantScope, data: PersonInput) -> PersonOut:
    scope.actor.require(*STRUCTURE_ROLES, Role.GRID_WORKER, action="record a person")
    check = Checker()
    check_person(check, data)
    check.raise_if_any()
    async with scope.write() as q:
        row = await q.create(
            Person, name=data.name.strip(), phone=data.phone.strip(), email=data.email.strip()
        )
    return _person(row)


async def get_person(scope: TenantScope, person_id: int) -> PersonOut:
    async with scope.read() as q:
        return _person(await q.get(Person, person_id, what="Person"))


async def create_account(
    scope: TenantScope, *, person_id: int, username: str, password: str
) -> int:
    """Give a person a login; returns the account id."""
    scope.actor.require(Role.TENANT_ADMIN, action="create a login")
    check = Checker()
    check.required("username", username, max_length=USERNAME_MAX)
    if len(password) < MIN_LENGTH:
        check.add(
            "password",
            "password_too_short",
            f"Use at least {MIN_LENGTH} characters.",
            min_length=MIN_LENGTH,
        )
    check.raise_if_any()
    username = username.strip().lower()
    password_hash = await hash_password(password)
    async with scope.write() as q:
        await q.get(Person, person_id, what="Person")
        if await q.exists(Account).where(Account.username == username):
            raise Conflict(
                f"The username {username!r} is taken.",
                code="actors.username_taken",
                username=username,
            )
        if await q.exists(Account).where(Account.person == person_id):
            raise Conflict("This person has a login already.", code="actors.has_account")
        account = await q.create(
            Account, person=person_id, username=username, password_hash=password_hash
        )
    return account.id


async def authenticate(tenant_id: int, username: str, password: str) -> Actor:
    """The actor behind a username and password in one tenant, or AuthenticationFailed."""
    scope = TenantScope.system(tenant_id)
    async with scope.read() as q:
        row = (
            await q.select(Account, Account.id, Account.person, Account.password_hash)
            .where(Account.username == (username or "").strip().lower())
            .where(Account.is_active.eq(True))
            .first()
        )
    if not await verify_password(row["password_hash"] if row else None, password or ""):
        raise AuthenticationFailed("The username or password is wrong.")
    assert row is not None
    async with scope.write() as q:
        await q.update(Account, {Account.last_login_at: datetime.now(UTC)}).where(
            Account.id == row["id"]
        )
    return await load_actor(tenant_id, row["person"])


async def load_signed_in_actor(tenant_id: int, person_id: int) -> Actor:
    """The actor of a session, as of now; AuthenticationFailed once the login is disabled."""
    async with TenantScope.system(tenant_id).read() as q:
        active = (
            await q.exists(Account)
            .where(Account.person == person_id)
            .where(Account.is_active.eq(True))
        )
    if not active:
        raise AuthenticationFailed("This login is no longer active.", code="auth.inactive")
    return await load_actor(tenant_id, person_id)


async def set_login_active(scope: TenantScope, person_id: int, *, active: bool) -> None:
    """Disable a person's login (their sessions end at their next request) or enable it."""
    scope.actor.require(Role.TENANT_ADMIN, action="disable or enable logins")
    async with scope.write() as q:
        await q.get(Person, person_id, what="Person")
        if not await q.exists(Account).where(Account.person == person_id):
            raise NotFound("This person has no login.", code="actors.no_account")
        await q.update(Account, {Account.is_active: active}).where(Account.person == person_id)


async def load_actor(tenant_id: int, person_id: int) -> Actor:
    """A person's roles, and the places and members they cover, as of now."""
    async with TenantScope.system(tenant_id).read() as q:
        await q.get(Person, person_id, what="Person")
        rows = await q.select(
            Membership,
            Membership.role,
            Membership.community,
            Membership.grid,
            Membership.organisation,
            Membership.unit,
        ).where(Membership.person == person_id)

    def covered(role: Role, key: str) -> frozenset[int]:
        """What one role covers; a role never lends its coverage to another."""
        return frozenset(r[key] for r in rows if r["role"] == role and r[key] is not None)

    return Actor(
        person_id=person_id,
        roles=frozenset(Role(r["role"]) for r in rows),
        communities=covered(Role.COMMUNITY_STAFF, "community"),
        grids=covered(Role.GRID_WORKER, "grid"),
        organisations=covered(Role.ORG_COORDINATOR, "organisation"),
        units=covered(Role.UNIT_LIAISON, "unit"),
    )


_ROLE_NEEDS = {
    Role.COMMUNITY_STAFF: "community_id",
    Role.GRID_WORKER: "grid_id",
    Role.ORG_COORDINATOR: "organisation_id",
    Role.UNIT_LIAISON: "unit_id",
}
_TARGETS: dict[str, tuple[type[Table], str]] = {
    "community_id": (Community, "Community"),
    "grid_id": (Grid, "Grid"),
    "organisation_id": (Organisation, "Organisation"),
    "unit_id": (Unit, "Unit"),
}


async def _check_targets(q: TenantQueries, data: MembershipInput) -> None:
    for field, (table, label) in _TARGETS.items():
        value = getattr(data, field)
        if value is not None:
            await q.get(table, value, what=label)


async def grant_role(scope: TenantScope, data: MembershipInput) -> MembershipOut:
    """Give a person a role; community staff, grid workers, coordinators and liaisons
    need the community, grid, organisation or unit they work for."""
    scope.actor.require(Role.TENANT_ADMIN, action="grant roles")
    check = Checker()
    check.choice("role", data.role, set(Role))
    needed = _ROLE_NEEDS.get(Role(data.role)) if data.role in set(Role) else None
    if needed and getattr(data, needed) is None:
        check.add(needed, "required_for_role", "This role needs it.", role=data.role)
    for field in _TARGETS:
        if field != needed and getattr(data, field) is not None:
            check.add(field, "not_for_role", "This role does not use it.", role=data.role)
    check.raise_if_any()
    values = {
        "person": data.person_id,
        "role": data.role,
        "community": data.community_id,
        "grid": data.grid_id,
        "organisation": data.organisation_id,
        "unit": data.unit_id,
    }
    async with scope.write() as q:
        # Locked: two requests granting the same role never both pass the check below.
        await q.get(Person, data.person_id, what="Person", lock=True)
        await _check_targets(q, data)
        same = q.exists(Membership)
        for key, value in values.items():
            column = Membership._meta.get_column_by_name(key)
            same = same.where(column.is_null() if value is None else column == value)
        if await same:
            raise Conflict("This person holds that role already.", code="actors.role_held")
        row = await q.create(Membership, **values)
    return _membership({**values, "id": row.id})


async def revoke_role(scope: TenantScope, membership_id: int) -> None:
    scope.actor.require(Role.TENANT_ADMIN, action="revoke roles")
    async with scope.write() as q:
        await q.get(Membership, membership_id, what="Membership")
        await q.delete(Membership).where(Membership.id == membership_id)


async def list_memberships(scope: TenantScope, person_id: int) -> list[MembershipOut]:
    async with scope.read() as q:
        rows = await q.select(
            Membership,
            Membership.id,
            Membership.person,
            Membership.role,
            Membership.community,
            Membership.grid,
            Membership.organisation,
            Membership.unit,
        ).where(Membership.person == person_id)
    if not rows:
        await get_person(scope, person_id)  # NotFound for a person of another tenant
    return [_membership(r) for r in rows]


__all__ = [
    "AuthenticationFailed",
    "NotFound",
    "authenticate",
    "create_account",
    "create_person",
    "get_person",
    "grant_role",
    "list_memberships",
    "load_actor",
    "load_signed_in_actor",
    "revoke_role",
    "set_login_active",
]
