"""The roles a membership gives a person inside one tenant."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    TENANT_ADMIN = "tenant_admin"
    COMMUNITY_STAFF = "community_staff"
    GRID_WORKER = "grid_worker"
    SOCIAL_WORKER = "social_worker"
    ORG_COORDINATOR = "org_coordinator"
    UNIT_LIAISON = "unit_liaison"
    VOLUNTEER = "volunteer"


#: Roles that administer the tenant's structure (places, actors, alliances, agreements).
STRUCTURE_ROLES = frozenset({Role.TENANT_ADMIN, Role.COMMUNITY_STAFF})

#: Roles that may read a volunteer's lived experience, to match mediators.
LIVED_EXPERIENCE_ROLES = frozenset({Role.TENANT_ADMIN, Role.SOCIAL_WORKER})
