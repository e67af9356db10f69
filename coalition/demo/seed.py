"""``coalition demo``: two demo tenants built through the library's own services.

The first models the Yantai alliance of DOMAIN.md (8 villages with grids under one joint
party branch, 100+ social organisations, 20 units, a few hundred volunteers, social
workers and a co-building agreement over the six joint areas); the second, smaller one
models the Weihai community with its justice office's volunteer mediators.
"""

from __future__ import annotations

import random

from coalition.actors import consent, services, social_workers, volunteers
from coalition.actors.schemas import OrganisationInput, SocialWorkerInput, UnitInput
from coalition.alliances.schemas import JointArea
from coalition.db import current_engine, transaction
from coalition.demo import data
from coalition.demo.build import (
    Built,
    Login,
    Names,
    add_agreement,
    add_alliance,
    add_organisations,
    add_person,
    add_places,
    add_role_logins,
    add_volunteers,
)
from coalition.demo.cycle import add_working_cycle
from coalition.errors import NotFound
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.schemas import TenantInput
from coalition.tenancy.services import create_tenant, get_tenant_by_slug

ITEMS = [
    ("每月开展一次党员志愿服务日", JointArea.IDEOLOGY, 4, "done"),
    ("组建片区联防巡逻队，夜间巡逻每周三次", JointArea.SECURITY_PATROL, 5, "in_progress"),
    ("为80岁以上老人提供助餐服务", JointArea.PUBLIC_WELFARE, 6, "done"),
    ("背街小巷环境整治", JointArea.SANITATION, 7, "in_progress"),
    ("举办邻里文化节", JointArea.CULTURE, 9, "open"),
    ("搭建农产品产销对接平台", JointArea.ECONOMY, 10, "open"),
    ("开设法律明白人培训班", JointArea.IDEOLOGY, 8, "open"),
    ("增设智能监控点位", JointArea.SECURITY_PATROL, 12, "open"),
]

RESOURCES = [
    ("venue", "多功能活动室", "120 平方米"),
    ("funds", "公益项目资金", "5 万元/年"),
    ("equipment", "应急救援车辆", "2 辆"),
    ("service", "义诊服务", "每月一次"),
    ("venue", "学校操场（周末开放）", "周末"),
    ("service", "法律咨询", "每周二下午"),
]


async def _yantai() -> Built:
    d = data.YANTAI
    tenant = await create_tenant(TenantInput(slug=d.slug, name=d.name))
    b = Built(scope=TenantScope.system(tenant.id), slug=tenant.slug)
    rng = random.Random(2026)
    names = Names(rng)
    await add_places(b, list(d.communities), d.township, range(3, 6))
    await add_organisations(b, list(d.communities), per_village=12)
    for name, kind, offered in data.AREA_ORGANISATIONS:
        b.organisations.append(
            (
                await services.create_organisation(
                    b.scope, OrganisationInput(name=name, kind=kind, services=offered)
                )
            ).id
        )
    for index, (name, kind, offered) in enumerate(data.UNITS):
        unit = await services.create_unit(
            b.scope,
            UnitInput(
                name=name,
                kind=kind,
                resources=offered,
                address=f"狮子山片区{index + 1}号",
                community_id=b.communities[index % len(b.communities)],
            ),
        )
        b.units.append(unit.id)
    for i in range(8):
        person_id = await add_person(b, names())
        await social_workers.register_social_worker(
            b.scope,
            SocialWorkerInput(
                person_id=person_id,
                certification=["assistant", "intermediate", "senior"][i % 3],
                certificate_no=f"SG2026-{i + 10:04d}",
                employer_id=b.organisations[-6 + i % 2],
            ),
        )
    await add_volunteers(b, rng, 300, names)
    await add_role_logins(b, names, "yt")
    await add_alliance(b, d.alliance, d.lead_branch, RESOURCES)
    await add_agreement(b, "狮子山村共建协议", ITEMS)
    await add_working_cycle(b, utc_now(), past_needs=40, activities=10)
    return b


async def _weihai() -> Built:
    d = data.WEIHAI
    tenant = await create_tenant(TenantInput(slug=d.slug, name=d.name))
    b = Built(scope=TenantScope.system(tenant.id), slug=tenant.slug)
    rng = random.Random(1997)
    names = Names(rng)
    await add_places(b, list(d.communities), d.township, range(4, 5))
    for name, kind, offered in [
        ("环山司法所调解志愿者协会", "social_group", ["mediation"]),
        ("东北村老年协会", "social_group", ["elderly_care"]),
        ("威海市环翠区社工服务中心", "service_agency", ["mediation"]),
    ]:
        b.organisations.append(
            (
                await services.create_organisation(
                    b.scope,
                    OrganisationInput(
                        name=name, kind=kind, services=offered, community_id=b.communities[0]
                    ),
                )
            ).id
        )
    for name, kind, offered in [
        ("环山司法所", "government_office", ["mediation", "legal_aid"]),
        ("威海东北村物业公司", "enterprise", ["equipment"]),
        ("东北村小学", "public_institution", ["venue"]),
        ("环翠区人民医院东北村分院", "public_institution", ["health"]),
    ]:
        b.units.append(
            (
                await services.create_unit(
                    b.scope,
                    UnitInput(
                        name=name, kind=kind, resources=offered, community_id=b.communities[0]
                    ),
                )
            ).id
        )
    await add_volunteers(b, rng, 40, names)
    await add_role_logins(b, names, "wh")
    # Former parties to resolved disputes who now help mediate, each under their consent.
    for volunteer_id in b.volunteers[:5]:
        volunteer = await volunteers.get_volunteer(b.scope, volunteer_id)
        given = await consent.record_consent(
            b.scope,
            volunteer.person_id,
            "mediator_matching",
            "本人同意将纠纷经历用于调解员匹配，可随时撤回。",
        )
        await consent.record_lived_experience(
            b.scope,
            volunteer_id,
            given.id,
            "neighbour_dispute",
            "曾为邻里宅基地纠纷当事人，经司法所调解和解。",
        )
    await add_alliance(b, d.alliance, d.lead_branch, RESOURCES[:3])
    await add_agreement(b, "东北村社区共建协议", ITEMS[:6])
    await add_working_cycle(b, utc_now(), past_needs=8, activities=3)
    return b


def print_logins(logins: list[Login]) -> None:
    print(f"\nDemo logins (password for all: {data.DEMO_PASSWORD})")
    print(f"{'sign in at':<52} {'username':<18} {'role'}")
    for login in logins:
        url = f"http://127.0.0.1:8000/t/{login.tenant_slug}/login"
        who = f" ({login.name})" if login.name else ""
        print(f"{url:<52} {login.username:<18} {login.role}{who}")


def known_logins(prefix: str, slug: str) -> list[Login]:
    """The logins of a demo tenant built earlier (their names are in the database)."""
    roles = [
        "tenant_admin",
        "community_staff",
        "grid_worker",
        "social_worker",
        "org_coordinator",
        "unit_liaison",
        "volunteer",
    ]
    suffixes = ["admin", "staff", "grid", "social", "org", "unit", "volunteer"]
    return [
        Login(slug, role, f"{prefix}-{suffix}", "")
        for role, suffix in zip(roles, suffixes, strict=True)
    ]


async def seed_demo() -> list[Login]:
    """Create the demo tenants that do not exist yet, and print the logins of both.

    Each tenant is built in one transaction: an interrupted run leaves no half-built
    tenant, and the next run builds it again.
    """
    logins: list[Login] = []
    for demo, prefix, build in ((data.YANTAI, "yt", _yantai), (data.WEIHAI, "wh", _weihai)):
        try:
            await get_tenant_by_slug(demo.slug)
        except NotFound:
            async with transaction(current_engine(), write=True):
                logins += (await build()).logins
        else:
            logins += known_logins(prefix, demo.slug)
    print_logins(logins)
    return logins
