"""A small tenant for the needs pages: a village in an alliance with a grid, another
village outside it, alliance members and people who sign in with each role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition.needs.schemas import NeedInput
from coalition.needs.services import post_need
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    AllianceMemberFactory,
    CommunityFactory,
    GridFactory,
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    VolunteerFactory,
)
from tests.portal.conftest import Workspace, person_with_login

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class World:
    slug: str
    tenant_id: int
    village: int  # 东村, in the alliance
    grid: int  # 东村第一网格
    other_village: int  # 西村, not in the alliance
    alliance: int
    member_org: int  # 阳光社工服务中心, in the alliance
    member_unit: int  # 供电所, in the alliance
    outside_org: int  # 外区志愿者协会, not in the alliance
    staff_id: int
    grid_worker_id: int

    def url(self, need_id: int | None = None, tail: str = "") -> str:
        base = f"/t/{self.slug}/needs"
        return base if need_id is None else f"{base}/{need_id}{tail}"

    def staff_scope(self) -> TenantScope:
        actor = Actor(
            person_id=self.staff_id,
            roles=frozenset({Role.COMMUNITY_STAFF}),
            communities=frozenset({self.village}),
        )
        return TenantScope(self.tenant_id, actor)

    def grid_worker_scope(self) -> TenantScope:
        actor = Actor(
            person_id=self.grid_worker_id,
            roles=frozenset({Role.GRID_WORKER}),
            grids=frozenset({self.grid}),
        )
        return TenantScope(self.tenant_id, actor)

    async def need(self, *, draft: bool = False, grid: bool = True, **changes: Any) -> int:
        """A need posted by the grid worker (or, without a grid, by the village's staff)."""
        values: dict[str, Any] = {
            "title": "帮独居老人王奶奶买菜",
            "category": "elderly_care",
            "description": "每周二、五上午",
            "required_skills": ("助老服务",),
            "urgency": "high",
            "resident_name": "王秀英",
            "resident_phone": "13800001111",
            "resident_address": "幸福路12号",
            **({"grid_id": self.grid} if grid else {"community_id": self.village}),
            **changes,
        }
        scope = self.grid_worker_scope() if grid else self.staff_scope()
        need = await post_need(scope, NeedInput(**values), draft=draft)
        return need.id


async def needs_world(workspace: Workspace) -> World:
    tenant_id = workspace.tenant.id
    village = await CommunityFactory.create(tenant=tenant_id, name="东村")
    grid = await GridFactory.create(tenant=tenant_id, community=village, name="东村第一网格")
    other = await CommunityFactory.create(tenant=tenant_id, name="西村")
    await GridFactory.create(tenant=tenant_id, community=other, name="西村第一网格")
    alliance = await AllianceFactory.create(tenant=tenant_id, name="狮子山片区党建联盟")
    member_org = await OrganisationFactory.create(tenant=tenant_id, name="阳光社工服务中心")
    member_unit = await UnitFactory.create(tenant=tenant_id, name="供电所")
    outside_org = await OrganisationFactory.create(tenant=tenant_id, name="外区志愿者协会")
    for member in ({"community": village}, {"organisation": member_org}, {"unit": member_unit}):
        await AllianceMemberFactory.create(tenant=tenant_id, alliance=alliance, **member)
    staff = await person_with_login(
        tenant_id, "staff", {"role": "community_staff", "community_id": village.id}
    )
    await person_with_login(
        tenant_id, "otherstaff", {"role": "community_staff", "community_id": other.id}
    )
    worker = await person_with_login(
        tenant_id, "gridworker", {"role": "grid_worker", "grid_id": grid.id}
    )
    await person_with_login(
        tenant_id, "coordinator", {"role": "org_coordinator", "organisation_id": member_org.id}
    )
    await person_with_login(
        tenant_id, "outsider", {"role": "org_coordinator", "organisation_id": outside_org.id}
    )
    await person_with_login(
        tenant_id, "liaison", {"role": "unit_liaison", "unit_id": member_unit.id}
    )
    await person_with_login(tenant_id, "socialworker", {"role": "social_worker"})
    return World(
        slug=workspace.slug,
        tenant_id=tenant_id,
        village=village.id,
        grid=grid.id,
        other_village=other.id,
        alliance=alliance.id,
        member_org=member_org.id,
        member_unit=member_unit.id,
        outside_org=outside_org.id,
        staff_id=staff,
        grid_worker_id=worker,
    )


async def volunteer(tenant_id: int, name: str, **values: Any) -> Any:
    person = await PersonFactory.create(tenant=tenant_id, name=name)
    return await VolunteerFactory.create(tenant=tenant_id, person=person, **values)


def next_week(hour: int = 9) -> datetime:
    """A day next week at ``hour`` o'clock Shanghai time."""
    day = (datetime.now(SHANGHAI) + timedelta(days=7)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
