"""Building blocks of the demo tenants: each step calls the library's services."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from coalition.actors import accounts, services, social_workers, volunteers
from coalition.actors.schemas import (
    AvailabilitySlot,
    MembershipInput,
    OrganisationInput,
    PersonInput,
    SocialWorkerInput,
    VolunteerInput,
)
from coalition.alliances import agreements, commitments
from coalition.alliances import services as alliances
from coalition.alliances.schemas import (
    AgreementInput,
    AllianceInput,
    CommitmentItemInput,
    ItemProgressInput,
    JointArea,
    MemberInput,
    ResourceInput,
)
from coalition.demo import data
from coalition.places import services as places
from coalition.places.schemas import CommunityInput, GridInput
from coalition.tenancy import Role, TenantScope

TODAY = date(2026, 11, 26)


@dataclass
class Login:
    tenant_slug: str
    role: str
    username: str
    name: str


@dataclass
class Built:
    """What one tenant's seeding made, for the steps after it."""

    scope: TenantScope
    slug: str
    communities: list[int] = field(default_factory=list)
    grids: dict[int, list[int]] = field(default_factory=dict)  # community -> grids
    organisations: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    volunteers: list[int] = field(default_factory=list)
    logins: list[Login] = field(default_factory=list)


class Names:
    """Deterministic Chinese personal names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)

    def phone(self) -> str:
        return "13" + "".join(str(self.rng.randrange(10)) for _ in range(9))


async def add_person(b: Built, name: str, phone: str = "") -> int:
    return (await accounts.create_person(b.scope, PersonInput(name=name, phone=phone))).id


async def _login(b: Built, person_id: int, name: str, username: str, grants: list[dict]) -> None:
    for grant in grants:
        await accounts.grant_role(b.scope, MembershipInput(person_id=person_id, **grant))
    await accounts.create_account(
        b.scope, person_id=person_id, username=username, password=data.DEMO_PASSWORD
    )
    role = ", ".join(g["role"] for g in grants)
    b.logins.append(Login(b.slug, role, username, name))


def _availability(rng: random.Random) -> list[AvailabilitySlot]:
    days = sorted(rng.sample(range(7), rng.randint(1, 4)))
    slots = []
    for day in days:
        start = rng.choice([8, 9, 14, 18])
        slots.append(
            AvailabilitySlot(weekday=day, start=f"{start:02d}:00", end=f"{start + 3:02d}:00")
        )
    return slots


async def add_places(b: Built, villages: list[str], township: str, grids_each: range) -> None:
    rng = random.Random(len(villages))
    for village in villages:
        kind = "village" if village.endswith("村") else "urban"
        c = await places.create_community(
            b.scope, CommunityInput(name=village, kind=kind, township=township)
        )
        b.communities.append(c.id)
        count = rng.choice(list(grids_each))
        b.grids[c.id] = [
            (
                await places.create_grid(
                    b.scope,
                    GridInput(community_id=c.id, name=f"第{n}网格", code=f"{c.id:02d}-{n:02d}"),
                )
            ).id
            for n in range(1, count + 1)
        ]


async def add_organisations(b: Built, villages: list[str], per_village: int) -> None:
    for index, village in enumerate(villages):
        for name, kind, offered in data.ORGANISATION_PATTERNS[:per_village]:
            org = await services.create_organisation(
                b.scope,
                OrganisationInput(
                    name=name.format(v=village),
                    kind=kind,
                    services=offered,
                    registration_no=f"5137060{index}MJ{len(b.organisations):05d}",
                    community_id=b.communities[index],
                ),
            )
            b.organisations.append(org.id)


async def add_volunteers(b: Built, rng: random.Random, count: int, names: Names) -> None:
    all_grids = [g for grids in b.grids.values() for g in grids]
    for _ in range(count):
        person_id = await add_person(b, names(), names.phone())
        v = await volunteers.register_volunteer(
            b.scope,
            VolunteerInput(
                person_id=person_id,
                skills=rng.sample(data.SKILLS, rng.randint(1, 3)),
                languages=["zh"] if rng.random() < 0.9 else ["zh", "en"],
                availability=_availability(rng),
                home_grid_id=rng.choice(all_grids),
                max_hours_week=rng.choice([4, 6, 8, 10, 12]),
                organisation_id=rng.choice(b.organisations) if rng.random() < 0.4 else None,
                joined_on=TODAY - timedelta(days=rng.randint(30, 900)),
            ),
        )
        await accounts.grant_role(
            b.scope, MembershipInput(person_id=person_id, role=Role.VOLUNTEER)
        )
        b.volunteers.append(v.id)


async def add_role_logins(b: Built, names: Names, prefix: str) -> None:
    """One login for each role, so a visitor can see the portal as each of them sees it."""
    community = b.communities[0]
    grid = b.grids[community][0]
    admin = names()
    await _login(
        b, await add_person(b, admin), admin, f"{prefix}-admin", [{"role": Role.TENANT_ADMIN}]
    )
    staff = names()
    await _login(
        b,
        await add_person(b, staff),
        staff,
        f"{prefix}-staff",
        [{"role": Role.COMMUNITY_STAFF, "community_id": community}],
    )
    gridder = names()
    await _login(
        b,
        await add_person(b, gridder),
        gridder,
        f"{prefix}-grid",
        [{"role": Role.GRID_WORKER, "grid_id": grid}],
    )
    worker = names()
    worker_id = await add_person(b, worker)
    await social_workers.register_social_worker(
        b.scope,
        SocialWorkerInput(
            person_id=worker_id,
            certification="intermediate",
            certificate_no="SG2026-0001",
            employer_id=b.organisations[-1],
        ),
    )
    await _login(b, worker_id, worker, f"{prefix}-social", [{"role": Role.SOCIAL_WORKER}])
    coordinator = names()
    await _login(
        b,
        await add_person(b, coordinator),
        coordinator,
        f"{prefix}-org",
        [{"role": Role.ORG_COORDINATOR, "organisation_id": b.organisations[0]}],
    )
    liaison = names()
    await _login(
        b,
        await add_person(b, liaison),
        liaison,
        f"{prefix}-unit",
        [{"role": Role.UNIT_LIAISON, "unit_id": b.units[0]}],
    )
    volunteer = names()
    volunteer_id = await add_person(b, volunteer)
    v = await volunteers.register_volunteer(
        b.scope,
        VolunteerInput(
            person_id=volunteer_id,
            skills=["矛盾调解", "助老服务"],
            home_grid_id=grid,
            availability=[AvailabilitySlot(weekday=5, start="09:00", end="17:00")],
        ),
    )
    b.volunteers.append(v.id)
    await _login(b, volunteer_id, volunteer, f"{prefix}-volunteer", [{"role": Role.VOLUNTEER}])


async def add_agreement(b: Built, title: str, items: Sequence[tuple[str, str, int, str]]) -> None:
    """A co-building agreement of the first community over the six joint areas."""
    agreement = await agreements.create_agreement(
        b.scope,
        AgreementInput(
            community_id=b.communities[0],
            title=title,
            signed_on=date(2026, 3, 1),
            valid_until=date(2027, 2, 28),
            areas=[area.value for area in JointArea],
            organisation_ids=b.organisations[:2],
            unit_ids=b.units[:4],
            summary="思想工作联做、社会治安联防、公益事业联办、环境卫生连抓、文化活动连搞、经济工作互促",
        ),
    )
    parties = [p.id for p in agreement.parties]
    made = await commitments.add_commitment_items(
        b.scope,
        agreement.id,
        [
            CommitmentItemInput(
                title=t,
                area=area,
                due_on=date(2026, month, 28),
                owner_party_id=parties[i % len(parties)] if i % 3 else None,
            )
            for i, (t, area, month, _) in enumerate(items)
        ],
        today=date(2026, 3, 1),
    )
    for item, (_, _, _, status) in zip(made, items, strict=True):
        if status in {"in_progress", "done"}:
            await commitments.update_item_progress(
                b.scope,
                item.id,
                ItemProgressInput(status="in_progress", progress_note="已启动"),
                today=TODAY,
            )
        if status == "done":
            await commitments.update_item_progress(
                b.scope,
                item.id,
                ItemProgressInput(status="done", progress_note="已完成并公示"),
                today=TODAY,
            )


async def add_alliance(
    b: Built, name: str, lead_branch: str, resources: list[tuple[str, str, str]]
) -> None:
    alliance = await alliances.create_alliance(
        b.scope,
        AllianceInput(
            name=name,
            lead_branch=lead_branch,
            founded_on=date(2021, 7, 1),
            description="共同为群众办实事",
        ),
    )
    members = []
    for index, community in enumerate(b.communities):
        role = "lead" if index == 0 else "member"
        members.append(
            await alliances.add_member(
                b.scope,
                alliance.id,
                MemberInput(community_id=community, role=role, joined_on=date(2021, 7, 1)),
            )
        )
    for organisation in b.organisations:
        members.append(
            await alliances.add_member(
                b.scope,
                alliance.id,
                MemberInput(organisation_id=organisation, joined_on=date(2022, 1, 1)),
            )
        )
    for unit in b.units:
        members.append(
            await alliances.add_member(
                b.scope, alliance.id, MemberInput(unit_id=unit, joined_on=date(2022, 1, 1))
            )
        )
    unit_members = [m for m in members if m.kind == "unit"]
    for i, (kind, title, quantity) in enumerate(resources):
        await alliances.add_resource(
            b.scope,
            alliance.id,
            ResourceInput(
                kind=kind,
                name=title,
                quantity=quantity,
                provider_member_id=unit_members[i % len(unit_members)].id,
            ),
        )
