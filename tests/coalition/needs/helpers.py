"""A small tenant for the needs tests: two villages, grids, members and people in roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coalition import events
from coalition.needs.schemas import NeedInput
from coalition.needs.tables import NeedEvent
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    AllianceMemberFactory,
    CommunityFactory,
    GridFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
)


async def person(tenant_id: int, *roles: Role, name: str = "张三", **covers: Any) -> TenantScope:
    """A scope of a new person with ``roles`` covering e.g. ``communities={id}``."""
    row = await PersonFactory.create(tenant=tenant_id, name=name)
    actor = Actor(
        person_id=row.id,
        roles=frozenset(roles),
        **{key: frozenset(ids) for key, ids in covers.items()},
    )
    return TenantScope(tenant_id, actor)


@dataclass
class World:
    tenant_id: int
    village: int  # 东村, in the alliance
    village_grid: int  # 东村第一网格
    village_grid2: int  # 东村第二网格
    other_village: int  # 西村, not in the alliance
    other_grid: int  # 西村第一网格
    alliance: int
    member_org: int  # an organisation in the alliance
    member_unit: int  # a unit in the alliance
    outside_org: int  # an organisation of the tenant outside the alliance
    outside_unit: int
    admin: TenantScope
    staff: TenantScope  # 东村 office
    other_staff: TenantScope  # 西村 office
    grid_worker: TenantScope  # 东村第一网格
    other_grid_worker: TenantScope  # 东村第二网格
    coordinator: TenantScope  # of member_org
    outside_coordinator: TenantScope  # of outside_org
    liaison: TenantScope  # of member_unit
    volunteer: TenantScope

    def need(self, **changes: Any) -> NeedInput:
        values: dict[str, Any] = {
            "title": "帮独居老人王奶奶买菜",
            "category": "elderly_care",
            "grid_id": self.village_grid,
            "description": "每周二、五上午",
            "required_skills": ("助老服务",),
            "urgency": "high",
            "resident_name": "王秀英",
            "resident_phone": "13800001111",
            "resident_address": "幸福路12号",
            **changes,
        }
        return NeedInput(**values)


async def world(tenant_id: int) -> World:
    village = await CommunityFactory.create(tenant=tenant_id, name="东村")
    other_village = await CommunityFactory.create(tenant=tenant_id, name="西村")
    grid = await GridFactory.create(tenant=tenant_id, community=village, name="东村第一网格")
    grid2 = await GridFactory.create(tenant=tenant_id, community=village, name="东村第二网格")
    other_grid = await GridFactory.create(
        tenant=tenant_id, community=other_village, name="西村第一网格"
    )
    alliance = await AllianceFactory.create(tenant=tenant_id, name="狮子山片区党建联盟")
    member_org = await OrganisationFactory.create(tenant=tenant_id, name="阳光社工服务中心")
    member_unit = await UnitFactory.create(tenant=tenant_id, name="供电所")
    outside_org = await OrganisationFactory.create(tenant=tenant_id, name="外区志愿者协会")
    outside_unit = await UnitFactory.create(tenant=tenant_id, name="外区银行")
    for member in ({"community": village}, {"organisation": member_org}, {"unit": member_unit}):
        await AllianceMemberFactory.create(tenant=tenant_id, alliance=alliance, **member)
    return World(
        tenant_id=tenant_id,
        village=village.id,
        village_grid=grid.id,
        village_grid2=grid2.id,
        other_village=other_village.id,
        other_grid=other_grid.id,
        alliance=alliance.id,
        member_org=member_org.id,
        member_unit=member_unit.id,
        outside_org=outside_org.id,
        outside_unit=outside_unit.id,
        admin=await person(tenant_id, Role.TENANT_ADMIN, name="街道管理员"),
        staff=await person(
            tenant_id, Role.COMMUNITY_STAFF, name="东村李主任", communities={village.id}
        ),
        other_staff=await person(
            tenant_id, Role.COMMUNITY_STAFF, name="西村赵主任", communities={other_village.id}
        ),
        grid_worker=await person(
            tenant_id,
            Role.GRID_WORKER,
            name="网格员小刘",
            grids={grid.id},
            communities={village.id},
        ),
        other_grid_worker=await person(
            tenant_id,
            Role.GRID_WORKER,
            name="网格员小陈",
            grids={grid2.id},
            communities={village.id},
        ),
        coordinator=await person(
            tenant_id, Role.ORG_COORDINATOR, name="社工王老师", organisations={member_org.id}
        ),
        outside_coordinator=await person(
            tenant_id, Role.ORG_COORDINATOR, name="外区孙会长", organisations={outside_org.id}
        ),
        liaison=await person(
            tenant_id, Role.UNIT_LIAISON, name="供电所周科长", units={member_unit.id}
        ),
        volunteer=await person(tenant_id, Role.VOLUNTEER, name="志愿者老杨"),
    )


async def history_count(tenant_id: int) -> int:
    async with TenantScope.system(tenant_id).read() as q:
        return await q.count(NeedEvent)


class Heard:
    """The need events announced after commit, while subscribed."""

    def __init__(self) -> None:
        self.events: list[events.Event] = []

    async def __call__(self, event: events.Event) -> None:
        if event.name.startswith("need."):
            self.events.append(event)

    def names(self) -> list[str]:
        return [event.name for event in self.events]
