"""Tenancy: the tenant, the tenant scope, and the database's row-level security."""

from coalition.tenancy.roles import Role
from coalition.tenancy.scope import SYSTEM_ACTOR, Actor, TenantQueries, TenantScope
from coalition.tenancy.tables import Tenant, TenantOwned

__all__ = ["SYSTEM_ACTOR", "Actor", "Role", "Tenant", "TenantOwned", "TenantQueries", "TenantScope"]
