"""Who hears of an outbox row, and the params of what they read.

Read when the notification is delivered, not when the change happened: a shift that was
moved again since shows its latest time, and a reminder whose sign-up was cancelled in the
meantime is not sent. Params are plain values (names, titles, local times) so that the
text can be rendered later in any language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from coalition import events
from coalition.actors.tables import Membership, Organisation, Person, Unit
from coalition.hours.tables import HoursRecord
from coalition.needs.tables import Need
from coalition.notifications.outbox import DIGEST, REMINDER_2H, REMINDER_24H
from coalition.places.tables import Community
from coalition.shifts.schemas import ShiftStatus, SignUpStatus
from coalition.shifts.tables import Invitation, Shift, SignUp
from coalition.tenancy.roles import Role
from coalition.tenancy.scope import TenantQueries


@dataclass(frozen=True, slots=True)
class At:
    """When and where a notification is delivered: the tenant's time zone and the clock."""

    zone: ZoneInfo
    now: datetime


@dataclass(frozen=True, slots=True)
class Message:
    """One notification for one person."""

    person_id: int
    kind: str
    params: dict[str, Any]


def local_time(moment: datetime, zone: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return moment.astimezone(zone).strftime(fmt)


async def shift_params(q: TenantQueries, shift_id: Any, zone: ZoneInfo) -> dict[str, Any] | None:
    row = await (
        q.select(Shift, Shift.starts_at, Shift.ends_at, Shift.place, Shift.need, Shift.need.title)
        .where(Shift.id == shift_id)
        .first()
    )
    if row is None:
        return None
    return {
        "shift_id": shift_id,
        "need_id": row["need"],
        "need": row["need.title"],
        "starts": local_time(row["starts_at"], zone),
        "ends": local_time(row["ends_at"], zone, "%H:%M"),
        "place": row["place"],
    }


async def _person_name(q: TenantQueries, person_id: Any) -> str:
    if person_id is None:
        return ""
    row = await q.select(Person, Person.name).where(Person.id == person_id).first()
    return row["name"] if row else ""


def _ids(value: Any) -> list[int]:
    return [int(v) for v in value or [] if v is not None]


async def _about_shift(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    """Sign-up, promotion, change and cancellation notices to the volunteers concerned."""
    params = await shift_params(q, data.get("shift_id"), at.zone)
    if params is None:
        return []
    if kind == events.SHIFT_CANCELLED:
        params["reason"] = data.get("reason", "")
    if kind == events.SIGNUP_WAITLISTED:
        params["position"] = data.get("position")
    people = _ids(data.get("person_ids")) or _ids([data.get("person_id")])
    return [Message(person, kind, params) for person in dict.fromkeys(people)]


async def _invitation(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    params = await shift_params(q, data.get("shift_id"), at.zone)
    if params is None or data.get("person_id") is None:
        return []
    params["inviter"] = await _person_name(q, data.get("invited_by"))
    params["message"] = ""
    if data.get("invitation_id") is not None:
        row = await (
            q.select(Invitation, Invitation.message)
            .where(Invitation.id == data["invitation_id"])
            .first()
        )
        params["message"] = row["message"] if row else ""
    return [Message(int(data["person_id"]), kind, params)]


async def _hours(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    row = await (
        q.select(
            HoursRecord,
            HoursRecord.need,
            HoursRecord.minutes,
            HoursRecord.served_on,
            HoursRecord.rejection_reason,
            HoursRecord.need.title,
            HoursRecord.activity.title,
        )
        .where(HoursRecord.id == data.get("record_id"))
        .first()
    )
    if row is None or data.get("person_id") is None:
        return []
    params = {
        "record_id": data.get("record_id"),
        "need_id": row["need"],
        "hours": f"{row['minutes'] / 60:.1f}",
        "served_on": row["served_on"].isoformat(),
        "need": row["need.title"] or row["activity.title"] or "",
        "reason": row["rejection_reason"] if kind == events.HOURS_REJECTED else "",
    }
    return [Message(int(data["person_id"]), kind, params)]


async def _dispatched(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    """A need dispatched to an organisation or a unit: its coordinators or liaisons."""
    column: Any
    member_table: Any
    if data.get("kind") == "organisation" and data.get("organisation_id") is not None:
        role, column, member_table = Role.ORG_COORDINATOR, Membership.organisation, Organisation
        member_id = data["organisation_id"]
    elif data.get("kind") == "unit" and data.get("unit_id") is not None:
        role, column, member_table = Role.UNIT_LIAISON, Membership.unit, Unit
        member_id = data["unit_id"]
    else:
        return []
    need = await q.select(Need, Need.title).where(Need.id == data.get("need_id")).first()
    member = await (
        q.select(member_table, member_table.name).where(member_table.id == member_id).first()
    )
    community = await (
        q.select(Community, Community.name).where(Community.id == data.get("community_id")).first()
    )
    people = await (
        q.select(Membership, Membership.person)
        .where(Membership.role == role)
        .where(column == member_id)
        .order_by(Membership.person)
    )
    params = {
        "need_id": data.get("need_id"),
        "need": need["title"] if need else "",
        "member": member["name"] if member else "",
        "community": community["name"] if community else "",
    }
    return [Message(p, kind, params) for p in dict.fromkeys(r["person"] for r in people)]


async def _reminder(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    """Only while the sign-up still holds a place on the shift at the time reminded of."""
    row = await (
        q.select(SignUp, SignUp.status, SignUp.shift.status, SignUp.shift.starts_at)
        .where(SignUp.id == data.get("signup_id"))
        .first()
    )
    if (
        row is None
        or row["status"] != SignUpStatus.CONFIRMED
        or row["shift.status"] != ShiftStatus.SCHEDULED
        or int(row["shift.starts_at"].timestamp()) != data.get("starts_at")
        or row["shift.starts_at"] <= at.now
    ):
        return []
    params = await shift_params(q, data.get("shift_id"), at.zone)
    return [] if params is None else [Message(int(data["person_id"]), kind, params)]


async def _digest(q: TenantQueries, kind: str, data: dict[str, Any], at: At) -> list[Message]:
    return [Message(int(data["person_id"]), kind, dict(data.get("params") or {}))]


Resolver = Callable[[TenantQueries, str, dict[str, Any], At], Awaitable[list[Message]]]

RESOLVERS: dict[str, Resolver] = {
    events.INVITATION_SENT: _invitation,
    events.SIGNUP_CONFIRMED: _about_shift,
    events.SIGNUP_WAITLISTED: _about_shift,
    events.SIGNUP_PROMOTED: _about_shift,
    events.SHIFT_CHANGED: _about_shift,
    events.SHIFT_CANCELLED: _about_shift,
    events.HOURS_VERIFIED: _hours,
    events.HOURS_REJECTED: _hours,
    events.NEED_DISPATCHED: _dispatched,
    REMINDER_24H: _reminder,
    REMINDER_2H: _reminder,
    DIGEST: _digest,
}


async def messages_for(q: TenantQueries, topic: str, data: dict[str, Any], at: At) -> list[Message]:
    """The notifications an outbox row makes (none for a topic nobody is told of)."""
    resolver = RESOLVERS.get(topic)
    return [] if resolver is None else await resolver(q, topic, data, at)
