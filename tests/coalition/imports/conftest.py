from dataclasses import dataclass

import pytest

from coalition.actors.tables import Membership
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    CommunityFactory,
    GridFactory,
    OrganisationFactory,
    PersonFactory,
)


@dataclass
class Roster:
    tenant_id: int
    village: int
    admin: TenantScope
    staff: TenantScope  # staff of 东北村社区 only


async def _person(tenant_id: int, role: Role, **cover: int) -> TenantScope:
    person = await PersonFactory.create(tenant=tenant_id)
    async with TenantScope.system(tenant_id).write() as q:
        await q.create(Membership, person=person.id, role=role, **cover)
    covers = {"communities": frozenset(cover.values())} if cover else {}
    return TenantScope(tenant_id, Actor(person_id=person.id, roles=frozenset({role}), **covers))


@pytest.fixture
async def r(tenant) -> Roster:
    village = await CommunityFactory.create(tenant=tenant.id, name="东北村社区")
    await CommunityFactory.create(tenant=tenant.id, name="狮子山村")
    await GridFactory.create(tenant=tenant.id, community=village, code="G0001", name="第一网格")
    await OrganisationFactory.create(tenant=tenant.id, name="阳光社工服务中心")
    return Roster(
        tenant_id=tenant.id,
        village=village.id,
        admin=await _person(tenant.id, Role.TENANT_ADMIN),
        staff=await _person(tenant.id, Role.COMMUNITY_STAFF, community=village.id),
    )
