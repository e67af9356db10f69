"""Helpers of the alliances tests: organisations and units of a tenant, and actors."""

from __future__ import annotations

from typing import Any

from coalition.actors.tables import Organisation, Unit
from coalition.tenancy import Actor, Role, TenantScope


async def organisations(tenant_id: int, *names: str) -> list[int]:
    """Social organisations of the tenant, by name; their ids in the same order."""
    async with TenantScope.system(tenant_id).write() as q:
        rows = await q.add(
            *(q.new(Organisation, name=name, kind="social_group", services=[]) for name in names)
        )
    return [row.id for row in rows]


async def units(tenant_id: int, *names: str) -> list[int]:
    """Units in the area (辖区单位) of the tenant, by name; their ids in the same order."""
    async with TenantScope.system(tenant_id).write() as q:
        rows = await q.add(
            *(q.new(Unit, name=name, kind="enterprise", resources=[]) for name in names)
        )
    return [row.id for row in rows]


def acting(tenant_id: int, *roles: Role, **covers: Any) -> TenantScope:
    """A scope of a person with ``roles`` covering e.g. ``communities={id}``, ``units={id}``."""
    return TenantScope(
        tenant_id,
        Actor(
            person_id=1,
            roles=frozenset(roles),
            **{name: frozenset(ids) for name, ids in covers.items()},
        ),
    )
