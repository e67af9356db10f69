"""A small tenant for the matching tests, on the shift tests' world: two villages (东村 with
two grids, 西村), an accepted need in 东村第一网格 requiring 助老服务, and staff."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coalition.actors.tables import Volunteer
from coalition.shifts import signups
from coalition.shifts.schemas import ShiftOut
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    HoursRecordFactory,
    ShiftFactory,
    SignUpFactory,
    VolunteerFactory,
)
from tests.coalition.shifts.helpers import NOW, World, day, person, world

__all__ = ["NOW", "World", "day", "person", "world"]

#: Available every day, all day.
ALWAYS = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
TODAY = date(2026, 6, 1)  # NOW's date in Shanghai


async def vol(w: World, **values: Any) -> Volunteer:
    """A volunteer who can do the world's need (助老服务), any time, in 东村第一网格."""
    values.setdefault("skills", ["助老服务"])
    values.setdefault("availability", ALWAYS)
    values.setdefault("home_grid", w.grid)
    values.setdefault("max_hours_week", 20)
    return await VolunteerFactory.create(tenant=w.tenant_id, **values)


def as_volunteer(w: World, volunteer: Volunteer) -> TenantScope:
    return TenantScope(
        w.tenant_id, Actor(person_id=volunteer.person, roles=frozenset({Role.VOLUNTEER}))
    )


async def confirmed_on(w: World, shift: ShiftOut, volunteer: Volunteer) -> None:
    """Sign the volunteer up through the service (a confirmed place, events and all)."""
    await signups.sign_up(as_volunteer(w, volunteer), shift.id, now=NOW)


async def served(w: World, volunteer: Volunteer, minutes: int, days_ago: int = 3) -> None:
    await HoursRecordFactory.create(
        tenant=w.tenant_id,
        volunteer=volunteer.id,
        status="verified",
        minutes=minutes,
        served_on=TODAY - timedelta(days=days_ago),
    )


async def past_shifts(w: World, volunteer: Volunteer, held: int, attended: int) -> None:
    """``held`` confirmed places on shifts of past weeks, ``attended`` of them checked in."""
    for n in range(held):
        starts = NOW - timedelta(days=7 + n)
        shift = await ShiftFactory.create(
            tenant=w.tenant_id, need=w.need, starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
        await SignUpFactory.create(
            tenant=w.tenant_id, shift=shift, volunteer=volunteer.id, status="confirmed"
        )
        if n < attended:
            await HoursRecordFactory.create(
                tenant=w.tenant_id,
                volunteer=volunteer.id,
                kind="attendance",
                status="verified",
                shift=shift,
                need=w.need,
                minutes=120,
                served_on=(NOW - timedelta(days=40)).date(),
            )


__all__ += [
    "ALWAYS",
    "TODAY",
    "as_volunteer",
    "confirmed_on",
    "day",
    "past_shifts",
    "served",
    "vol",
]
