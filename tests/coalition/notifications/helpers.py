"""A small tenant for the notification tests, a mailer that keeps what it is given, and
ways to read the outbox and run its deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from coalition.actors.tables import Membership
from coalition.notifications import delivery
from coalition.notifications.mail import PermanentFailure
from coalition.notifications.outbox import load_data
from coalition.notifications.tables import Delivery, Notification, Outbox
from coalition.shifts import services as shifts
from coalition.shifts.schemas import ShiftInput
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    CommunityFactory,
    GridFactory,
    NeedFactory,
    OrganisationFactory,
    PersonFactory,
    VolunteerFactory,
)

#: Monday 1 June 2026, 08:00 in Shanghai.
NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


def later(**delta: float) -> datetime:
    return NOW + timedelta(**delta)


class Crash(BaseException):
    """The process dies in the middle of a send (nothing catches it)."""


@dataclass
class Mailer:
    """Keeps every message it is asked to send; ``fail`` makes the next sends fail."""

    sender: str = "通知 <notice@coalition.example.cn>"
    sent: list[EmailMessage] = field(default_factory=list)
    fail: list[BaseException] = field(default_factory=list)

    async def send(self, message: EmailMessage) -> None:
        if self.fail:
            raise self.fail.pop(0)
        self.sent.append(message)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sent if address in str(m["To"])]


REFUSED = PermanentFailure("550 no such mailbox")


async def person(tenant_id: int, *roles: Role, email: str = "", **covers: Any) -> TenantScope:
    row = await PersonFactory.create(tenant=tenant_id, email=email)
    covered: dict[str, Any] = {key: frozenset(ids) for key, ids in covers.items()}
    actor = Actor(person_id=row.id, roles=frozenset(roles), **covered)
    return TenantScope(tenant_id, actor)


@dataclass
class World:
    tenant_id: int
    village: int
    grid: int
    need: int  # accepted, takes sign-ups
    staff: TenantScope  # the village office
    org: int
    coordinator: TenantScope  # the organisation's coordinator, with an e-mail address

    async def shift(self, starts_at: datetime, *, headcount: int = 2, place: str = "村委会"):
        data = ShiftInput(
            need_id=self.need,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            place=place,
            headcount=headcount,
        )
        return await shifts.create_shift(self.staff, data, now=NOW)

    async def volunteer(self, email: str = "") -> tuple[Any, TenantScope]:
        who = await PersonFactory.create(tenant=self.tenant_id, email=email)
        row = await VolunteerFactory.create(tenant=self.tenant_id, person=who)
        actor = Actor(person_id=who.id, roles=frozenset({Role.VOLUNTEER}))
        return row, TenantScope(self.tenant_id, actor)


async def world(tenant_id: int) -> World:
    village = await CommunityFactory.create(tenant=tenant_id, name="东村")
    grid = await GridFactory.create(tenant=tenant_id, community=village, name="东村第一网格")
    need = await NeedFactory.create(
        tenant=tenant_id, grid=grid, state="accepted", title="帮独居老人王奶奶买菜"
    )
    org = await OrganisationFactory.create(tenant=tenant_id, name="阳光社工服务中心")
    coordinator = await person(
        tenant_id, Role.ORG_COORDINATOR, email="coordinator@example.cn", organisations={org.id}
    )
    async with TenantScope.system(tenant_id).write() as q:
        await q.create(
            Membership,
            person=coordinator.actor.person_id,
            role=Role.ORG_COORDINATOR,
            organisation=org.id,
        )
    return World(
        tenant_id=tenant_id,
        village=village.id,
        grid=grid.id,
        need=need.id,
        staff=await person(tenant_id, Role.COMMUNITY_STAFF, communities={village.id}),
        org=org.id,
        coordinator=coordinator,
    )


async def outbox_rows(tenant_id: int, topic: str | None = None) -> list[dict[str, Any]]:
    async with TenantScope.system(tenant_id).read() as q:
        query = q.select(Outbox).order_by(Outbox.id)
        if topic is not None:
            query = query.where(Outbox.topic == topic)
        rows = await query
    return [{**row, "data": load_data(row["data"])} for row in rows]


async def deliver_all(
    tenant_id: int, mailer: Any = None, *, now: datetime = NOW
) -> list[delivery.Outcome]:
    """Deliver every pending outbox row of the tenant once, oldest first."""
    outcomes = []
    for row in await outbox_rows(tenant_id):
        if row["status"] == "pending":
            outcomes.append(await delivery.deliver(tenant_id, row["id"], mailer=mailer, now=now))
    return outcomes


async def inbox(tenant_id: int, person_id: int) -> list[dict[str, Any]]:
    async with TenantScope.system(tenant_id).read() as q:
        rows = await (
            q.select(Notification).where(Notification.person == person_id).order_by(Notification.id)
        )
    return [{**row, "params": load_data(row["params"])} for row in rows]


async def deliveries(tenant_id: int) -> list[dict[str, Any]]:
    async with TenantScope.system(tenant_id).read() as q:
        return await q.select(Delivery).order_by(Delivery.id)
