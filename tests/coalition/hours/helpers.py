"""A small world for the hours tests: a need dispatched to an organisation, one shift
on Saturday 6 June 2026 from 09:00 to 12:00 (Asia/Shanghai), a volunteer with a
confirmed place on it, and the people who decide on hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from coalition import events
from coalition.actors.tables import Volunteer
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    AllianceFactory,
    CommunityFactory,
    GridFactory,
    NeedFactory,
    OrganisationFactory,
    PersonFactory,
    ShiftFactory,
    SignUpFactory,
    UnitFactory,
    VolunteerFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHIFT_DAY = date(2026, 6, 6)


def at(hour: int, minute: int = 0, second: int = 0, *, day: date = SHIFT_DAY) -> datetime:
    """A moment of ``day`` in Shanghai, in UTC."""
    local = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)
    return local.astimezone(UTC)


def acting(tenant_id: int, person_id: int, *roles: Role, **covers: Any) -> TenantScope:
    return TenantScope(
        tenant_id,
        Actor(
            person_id=person_id,
            roles=frozenset(roles),
            **{name: frozenset(ids) for name, ids in covers.items()},
        ),
    )


async def make_shift(tenant_id: int, need_id: int, **values: Any) -> Shift:
    """A shift of the need, on the shift day from 09:00 to 12:00 unless told otherwise."""
    values = {"starts_at": at(9), "ends_at": at(12), "headcount": 5, **values}
    return await ShiftFactory.create(tenant=tenant_id, need=need_id, **values)


async def sign_up(
    tenant_id: int, shift_id: int, volunteer_id: int, status: str = "confirmed"
) -> SignUp:
    return await SignUpFactory.create(
        tenant=tenant_id, shift=shift_id, volunteer=volunteer_id, status=status
    )


@dataclass
class World:
    tenant_id: int
    community: Any
    other_community: Any
    grid: Any
    organisation: Any
    unit: Any
    alliance: Any
    need: Any
    shift: Shift
    volunteer: Volunteer
    admin: TenantScope
    staff: TenantScope  # community staff of the need's community
    other_staff: TenantScope  # community staff of another community
    coordinator: TenantScope  # coordinator of the organisation the need went to
    liaison: TenantScope  # liaison of the unit (to which the need did not go)

    @property
    def me(self) -> TenantScope:
        """The volunteer."""
        return acting(self.tenant_id, self.volunteer.person, Role.VOLUNTEER)

    async def new_volunteer(self, **values: Any) -> tuple[Volunteer, TenantScope]:
        volunteer = await VolunteerFactory.create(tenant=self.tenant_id, **values)
        return volunteer, acting(self.tenant_id, volunteer.person, Role.VOLUNTEER)


async def build_world(tenant_id: int, *, need_state: str = "accepted") -> World:
    community = await CommunityFactory.create(tenant=tenant_id, name="幸福里社区")
    other = await CommunityFactory.create(tenant=tenant_id, name="东北村社区")
    grid = await GridFactory.create(tenant=tenant_id, community=community)
    organisation = await OrganisationFactory.create(tenant=tenant_id, name="阳光社工服务中心")
    unit = await UnitFactory.create(tenant=tenant_id, name="市供电公司")
    alliance = await AllianceFactory.create(tenant=tenant_id, name="狮子山片区党建联盟")
    need = await NeedFactory.create(
        tenant=tenant_id,
        title="陪同独居老人就医",
        community=community,
        grid=grid,
        alliance=alliance,
        state=need_state,
        dispatch_kind="organisation",
        dispatched_organisation=organisation,
    )
    shift = await make_shift(tenant_id, need.id)
    volunteer = await VolunteerFactory.create(tenant=tenant_id, home_grid=grid)
    await sign_up(tenant_id, shift.id, volunteer.id)
    people = [await PersonFactory.create(tenant=tenant_id) for _ in range(5)]
    return World(
        tenant_id=tenant_id,
        community=community,
        other_community=other,
        grid=grid,
        organisation=organisation,
        unit=unit,
        alliance=alliance,
        need=need,
        shift=shift,
        volunteer=volunteer,
        admin=acting(tenant_id, people[0].id, Role.TENANT_ADMIN),
        staff=acting(tenant_id, people[1].id, Role.COMMUNITY_STAFF, communities={community.id}),
        other_staff=acting(tenant_id, people[2].id, Role.COMMUNITY_STAFF, communities={other.id}),
        coordinator=acting(
            tenant_id, people[3].id, Role.ORG_COORDINATOR, organisations={organisation.id}
        ),
        liaison=acting(tenant_id, people[4].id, Role.UNIT_LIAISON, units={unit.id}),
    )


class Heard:
    """Events heard after commit, while subscribed."""

    def __init__(self) -> None:
        self.events: list[events.Event] = []

    async def __call__(self, event: events.Event) -> None:
        self.events.append(event)

    def named(self, name: str) -> list[events.Event]:
        return [e for e in self.events if e.name == name]
