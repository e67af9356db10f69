"""Helpers shared by the alliance, agreement and commitment services."""

from __future__ import annotations

from typing import Any, TypeVar

from coalition.db import current_engine, is_postgres
from coalition.errors import PermissionDenied
from coalition.tenancy import Actor, Role

Q = TypeVar("Q")


def for_update(query: Q) -> Q:
    """Lock the selected rows on PostgreSQL (SELECT ... FOR UPDATE).

    Use cases that read a row and then write depending on it lock the row so that
    concurrent requests queue. SQLite needs no lock: a write block is an IMMEDIATE
    transaction there, which already serialises writers.
    """
    if is_postgres(current_engine()):
        locked: Any = query
        return locked.lock_rows()
    return query


def manages_community(actor: Actor, community_id: int) -> bool:
    """Tenant admins, and the staff of this community, manage its agreements."""
    return actor.has(Role.TENANT_ADMIN) or (
        actor.has(Role.COMMUNITY_STAFF) and community_id in actor.communities
    )


def require_community_manager(actor: Actor, community_id: int, *, action: str) -> None:
    if not manages_community(actor, community_id):
        raise PermissionDenied(
            f"Only tenant admins and this community's staff may {action}.",
            code="permission_denied",
            action=action,
        )
