"""Helpers shared by the alliance, agreement and commitment services."""

from __future__ import annotations

from coalition.errors import PermissionDenied
from coalition.tenancy import Actor, Role


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
