"""Random small matching instances for property tests, and an oracle that judges the hard
rules directly from datetimes (minute by minute), independent of the kernel's arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from coalition.matching.bookings import Booking, Bookings
from coalition.matching.features import Features, Stats, VolunteerData
from coalition.matching.scoring import ShiftSpec, timing

ZONES = ("Asia/Shanghai", "America/New_York", "UTC")
SKILLS = ("助老服务", "矛盾调解", "法律咨询")
#: Monday 2 March 2026; New York moves its clocks on Sunday 8 March.
BASE = datetime(2026, 3, 2, tzinfo=UTC)
GRID_COMMUNITY = {1: 1, 2: 1, 3: 2}
ALWAYS = [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]


@dataclass(frozen=True)
class Shift:
    id: int
    starts: datetime
    ends: datetime
    required: tuple[str, ...]
    places: int
    grid: int
    excluded: frozenset[int]


@dataclass(frozen=True)
class Held:
    """A confirmed place (on another shift, or on one of the instance's)."""

    volunteer: int
    shift: int
    starts: datetime
    ends: datetime


@dataclass(frozen=True)
class Instance:
    zone: ZoneInfo
    volunteers: list[VolunteerData]
    stats: dict[int, Stats]
    shifts: list[Shift]
    held: list[Held]

    def features(self) -> Features:
        return Features.build(self.volunteers, self.stats)

    def bookings(self, features: Features) -> Bookings:
        return Bookings.build(
            features,
            [
                Booking(h.volunteer, h.shift, int(h.starts.timestamp()), int(h.ends.timestamp()))
                for h in self.held
            ],
        )

    def spec(self, shift: Shift) -> ShiftSpec:
        return ShiftSpec(
            shift_id=shift.id,
            required=shift.required,
            grid=shift.grid,
            community=GRID_COMMUNITY[shift.grid],
            excluded=shift.excluded,
            **timing(shift.starts, shift.ends, self.zone),  # type: ignore[arg-type]
        )


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def slots(draw: st.DrawFn) -> dict:
    start = draw(st.integers(0, 95)) * 15
    length = draw(st.integers(1, 40)) * 15
    return {
        "weekday": draw(st.integers(0, 6)),
        "start": _hhmm(start),
        "end": _hhmm(min(1440, start + length)),
    }


@st.composite
def instances(draw: st.DrawFn, max_volunteers: int = 7, max_shifts: int = 5) -> Instance:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    volunteers, stats = [], {}
    for i in range(1, draw(st.integers(1, max_volunteers)) + 1):
        always = draw(st.booleans())
        volunteers.append(
            VolunteerData(
                id=i,
                person=100 + i,
                active=draw(st.integers(0, 5)) > 0,
                skills=tuple(draw(st.sets(st.sampled_from(SKILLS), max_size=3))),
                availability=ALWAYS if always else draw(st.lists(slots(), max_size=6)),
                grid=draw(st.integers(1, 3)),
                community=None,
                organisation=draw(st.sampled_from([None, 1, 2])),
                max_hours_week=draw(st.integers(1, 8)),
            )
        )
        past = draw(st.integers(0, 5))
        stats[i] = Stats(draw(st.integers(0, 3000)), past, draw(st.integers(0, past)))
    volunteers = [_with_community(v) for v in volunteers]
    ids = [v.id for v in volunteers]
    shifts = []
    days = draw(st.sampled_from([1, 2, 9]))  # crowded (overlapping) or spread out
    for j in range(1, draw(st.integers(1, max_shifts)) + 1):
        starts = BASE + timedelta(minutes=30 * draw(st.integers(0, days * 48)))
        shifts.append(
            Shift(
                id=j,
                starts=starts,
                ends=starts + timedelta(minutes=30 * draw(st.integers(1, 8))),
                required=tuple(draw(st.sets(st.sampled_from(SKILLS), max_size=1))),
                places=draw(st.integers(1, 3)),
                grid=draw(st.integers(1, 3)),
                excluded=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
            )
        )
    held = []
    for k in range(draw(st.integers(0, 6))):
        starts = BASE + timedelta(minutes=30 * draw(st.integers(-48, 9 * 48)))
        held.append(
            Held(
                volunteer=draw(st.sampled_from(ids)),
                shift=1000 + k,
                starts=starts,
                ends=starts + timedelta(minutes=30 * draw(st.integers(1, 8))),
            )
        )
    # Someone already confirmed on one of the shifts: on it, and excluded from it.
    if draw(st.booleans()):
        shift = draw(st.sampled_from(shifts))
        volunteer = draw(st.sampled_from(ids))
        held.append(Held(volunteer, shift.id, shift.starts, shift.ends))
        shifts = [
            Shift(**{**s.__dict__, "excluded": s.excluded | {volunteer}}) if s is shift else s
            for s in shifts
        ]
    return Instance(zone=zone, volunteers=volunteers, stats=stats, shifts=shifts, held=held)


def _with_community(v: VolunteerData) -> VolunteerData:
    return VolunteerData(
        id=v.id,
        person=v.person,
        active=v.active,
        skills=v.skills,
        availability=v.availability,
        grid=v.grid,
        community=GRID_COMMUNITY[v.grid or 1],
        organisation=v.organisation,
        max_hours_week=v.max_hours_week,
    )


# --- the oracle ----------------------------------------------------------------------------


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def available(v: VolunteerData, starts: datetime, ends: datetime, zone: ZoneInfo) -> bool:
    """Every real minute of the shift falls, in local time, inside one of the slots."""
    t = starts
    while t < ends:
        local = t.astimezone(zone)
        minute = local.hour * 60 + local.minute
        if not any(
            s["weekday"] == local.weekday() and _minutes(s["start"]) <= minute < _minutes(s["end"])
            for s in v.availability
        ):
            return False
        t += timedelta(minutes=1)
    return True


def week_of(moment: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    return (
        datetime.combine(monday, time(0), tzinfo=zone),
        datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone),
    )


def eligible(inst: Instance, v: VolunteerData, shift: Shift) -> bool:
    if not v.active or v.id in shift.excluded or not set(shift.required) <= set(v.skills):
        return False
    if not available(v, shift.starts, shift.ends, inst.zone):
        return False
    mine = [h for h in inst.held if h.volunteer == v.id and h.shift != shift.id]
    if any(h.starts < shift.ends and h.ends > shift.starts for h in mine):
        return False
    start, end = week_of(shift.starts, inst.zone)
    booked = sum((h.ends - h.starts for h in mine if start <= h.starts < end), timedelta())
    return booked + (shift.ends - shift.starts) <= timedelta(hours=v.max_hours_week)


def broken_rules(
    inst: Instance,
    chosen: set[tuple[int, int]],
    *,
    per_shift_cap: int | None = None,
    total_cap: int | None = None,
) -> list[str]:
    """What a set of (shift, volunteer) pairs breaks, judged from the instance alone."""
    shifts = {s.id: s for s in inst.shifts}
    people = {v.id: v for v in inst.volunteers}
    found = []
    for s, v in sorted(chosen):
        if not eligible(inst, people[v], shifts[s]):
            found.append(f"{v} cannot take {s}")
    for shift in inst.shifts:
        if sum(1 for s, _ in chosen if s == shift.id) > shift.places:
            found.append(f"{shift.id} over its places")
    for v in people.values():
        mine = [shifts[s] for s, w in chosen if w == v.id]
        for a, b in combinations(mine, 2):
            if a.starts < b.ends and b.starts < a.ends:
                found.append(f"{v.id} in overlapping {a.id}, {b.id}")
        for shift in mine:
            start, end = week_of(shift.starts, inst.zone)
            held = sum(
                (
                    h.ends - h.starts
                    for h in inst.held
                    if h.volunteer == v.id and start <= h.starts < end
                ),
                timedelta(),
            )
            taken = sum((s.ends - s.starts for s in mine if start <= s.starts < end), timedelta())
            if held + taken > timedelta(hours=v.max_hours_week):
                found.append(f"{v.id} over their weekly hours")
    organisation = {v.id: v.organisation for v in inst.volunteers}
    for o in (1, 2):
        if total_cap is not None and sum(1 for _, v in chosen if organisation[v] == o) > total_cap:
            found.append(f"organisation {o} over its total cap")
        for shift in inst.shifts:
            new = sum(1 for s, v in chosen if s == shift.id and organisation[v] == o)
            there = new + sum(
                1 for h in inst.held if h.shift == shift.id and organisation[h.volunteer] == o
            )
            if per_shift_cap is not None and new and there > per_shift_cap:
                found.append(f"organisation {o} over its cap on {shift.id}")
    return found
