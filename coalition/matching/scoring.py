"""The ranking kernel: hard rules and scores over a tenant's feature arrays (no database).

Hard rules, never broken (a volunteer failing one is no candidate):

1. active;
2. not already on the shift (a live sign-up, or a pending invitation);
3. holds every skill the need requires;
4. available for the whole shift by their weekly availability, in the tenant's time zone;
5. holds no confirmed place on a scheduled shift that overlaps it;
6. confirmed hours in the shift's ISO week (by start, tenant's time zone) plus this shift
   stay within their weekly maximum.

The score is a weighted sum of parts, each between 0 and 1:

* skills: the share of the need's required skills held (1 when none are required; as
  holding them all is a hard rule, it is the base value of every candidate);
* proximity: 1 for the need's grid, 0.6 for its community, 0.3 for one of its alliances;
* fairness: ``1 / (1 + h / 10)`` for ``h`` hours served in the last 30 days, so those who
  served less come first;
* reliability: ``(attended + 1.5) / (past + 2)`` over past confirmed shifts (0.75 with no
  history);
* lived experience: 1, only for dispute mediation, only under a live consent, only when
  the caller may see it.

Ties break by volunteer id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from coalition.matching.bookings import Bookings
from coalition.matching.features import Features, window_pieces
from coalition.matching.schemas import ProximityLevel, RuledOut
from coalition.shifts.placing import week_bounds

#: The value of each proximity level, in the order of ``LEVELS``.
LEVELS = (
    ProximityLevel.GRID,
    ProximityLevel.COMMUNITY,
    ProximityLevel.ALLIANCE,
    ProximityLevel.ELSEWHERE,
)
LEVEL_VALUE = np.asarray([1.0, 0.6, 0.3, 0.0])
FAIRNESS_HOURS = 10.0
PRIOR_ATTENDED, PRIOR_SHIFTS = 1.5, 2.0
PARTS = ("skills", "proximity", "fairness", "reliability", "lived_experience")


@dataclass(frozen=True, slots=True)
class ShiftSpec:
    """What the kernel needs to know of one shift (times in epoch seconds)."""

    shift_id: int
    starts: int
    ends: int
    week_start: int
    week_end: int
    pieces: tuple[tuple[int, int], ...]  # local minutes of the week (features.window_pieces)
    required: tuple[str, ...] = ()
    grid: int | None = None
    community: int | None = None
    alliance_communities: frozenset[int] = field(default_factory=frozenset)
    alliance_organisations: frozenset[int] = field(default_factory=frozenset)
    excluded: frozenset[int] = field(default_factory=frozenset)  # volunteer ids
    lived_applies: bool = False
    lived: frozenset[int] = field(default_factory=frozenset)  # volunteer ids

    @property
    def seconds(self) -> int:
        return self.ends - self.starts


def timing(starts_at: datetime, ends_at: datetime, zone: ZoneInfo) -> dict[str, object]:
    """The time fields of a :class:`ShiftSpec`."""
    week_start, week_end = week_bounds(starts_at, zone)
    return {
        "starts": int(starts_at.timestamp()),
        "ends": int(ends_at.timestamp()),
        "week_start": int(week_start.timestamp()),
        "week_end": int(week_end.timestamp()),
        "pieces": window_pieces(starts_at, ends_at, zone),
    }


def hard_rules(
    f: Features,
    bookings: Bookings,
    spec: ShiftSpec,
    *,
    count: bool = True,
    booked: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, int]]:
    """The rows passing every hard rule, and (with ``count``) how many each rule kept out:
    the first rule a volunteer failed, in the order of :class:`RuledOut`. ``booked``: the
    seconds each row holds in the shift's week, if the caller has them already."""
    n = f.size
    ok = f.active.copy()
    counts = {RuledOut.INACTIVE.value: int(n - ok.sum())} if count else {}

    def rule(code: RuledOut, passing: np.ndarray) -> None:
        nonlocal ok
        if count:
            counts[code.value] = int((ok & ~passing).sum())
        ok &= passing

    rule(RuledOut.ALREADY_ON_SHIFT, ~f.mask(spec.excluded))
    bits = f.skill_bits(spec.required)
    if bits is None:
        rule(RuledOut.MISSING_SKILLS, np.zeros(n, dtype=bool))
    else:
        rule(RuledOut.MISSING_SKILLS, ((f.skills & bits) == bits).all(axis=1))
    rule(RuledOut.UNAVAILABLE, f.available(spec.pieces))
    rule(
        RuledOut.OVERLAPPING_SHIFT,
        ~bookings.overlapping(n, spec.starts, spec.ends, spec.shift_id),
    )
    if booked is None:
        booked = bookings.week_seconds(n, spec.week_start, spec.week_end, spec.shift_id)
    rule(RuledOut.WEEKLY_HOURS, booked + spec.seconds <= f.max_seconds)
    return ok, counts


@dataclass(frozen=True, slots=True)
class Parts:
    """The parts of the score of some rows, with what the explanation quotes."""

    rows: np.ndarray
    held: np.ndarray
    required: int
    level: np.ndarray  # index into LEVELS
    recent_minutes: np.ndarray
    past: np.ndarray
    attended: np.ndarray
    lived: np.ndarray  # bool
    lived_applies: bool
    values: dict[str, np.ndarray]  # PARTS → value in [0, 1]

    def take(self, positions: np.ndarray) -> Parts:
        return Parts(
            rows=self.rows[positions],
            held=self.held[positions],
            required=self.required,
            level=self.level[positions],
            recent_minutes=self.recent_minutes[positions],
            past=self.past[positions],
            attended=self.attended[positions],
            lived=self.lived[positions],
            lived_applies=self.lived_applies,
            values={name: value[positions] for name, value in self.values.items()},
        )

    def total(self, weights: Mapping[str, float]) -> np.ndarray:
        total = np.zeros(self.rows.shape[0])
        for name in PARTS:
            total = total + float(weights[name]) * self.values[name]
        return total


def parts(f: Features, spec: ShiftSpec, rows: np.ndarray) -> Parts:
    required = len(spec.required)
    if required:
        bits = f.skill_bits(spec.required)
        if bits is None:
            held = np.zeros(rows.shape[0], dtype=np.int64)
        else:
            held = np.bitwise_count(f.skills[rows] & bits).sum(axis=1).astype(np.int64)
        skills = held / required
    else:
        held, skills = np.zeros(rows.shape[0], dtype=np.int64), np.ones(rows.shape[0])
    grid, community, organisation = f.grid[rows], f.community[rows], f.organisation[rows]
    allied = np.isin(community, list(spec.alliance_communities)) | np.isin(
        organisation, list(spec.alliance_organisations)
    )
    level = np.full(rows.shape[0], 3, dtype=np.int64)
    level[allied] = 2
    if spec.community:
        level[community == spec.community] = 1
    if spec.grid:
        level[grid == spec.grid] = 0
    recent, past, attended = f.recent_minutes[rows], f.past_shifts[rows], f.attended[rows]
    lived = f.mask(spec.lived)[rows] if spec.lived_applies else np.zeros(rows.shape[0], bool)
    values = {
        "skills": skills.astype(float),
        "proximity": LEVEL_VALUE[level],
        "fairness": 1.0 / (1.0 + recent / 60.0 / FAIRNESS_HOURS),
        "reliability": (attended + PRIOR_ATTENDED) / (past + PRIOR_SHIFTS),
        "lived_experience": lived.astype(float),
    }
    return Parts(
        rows=rows,
        held=held,
        required=required,
        level=level,
        recent_minutes=recent,
        past=past,
        attended=attended,
        lived=lived,
        lived_applies=spec.lived_applies,
        values=values,
    )


def best(f: Features, rows: np.ndarray, total: np.ndarray, k: int) -> np.ndarray:
    """Positions (into ``rows``) of the ``k`` best: highest score, then lowest id."""
    if rows.shape[0] > 4 * k:
        # Only those at least as good as the k-th best can make the cut.
        kth = np.partition(total, rows.shape[0] - k)[rows.shape[0] - k]
        keep = np.flatnonzero(total >= kth)
    else:
        keep = np.arange(rows.shape[0])
    order = np.lexsort((f.ids[rows[keep]], -total[keep]))
    return keep[order[:k]]


@dataclass(frozen=True, slots=True)
class Ranked:
    eligible: int
    ruled_out: dict[str, int]
    parts: Parts  # of the best, best first
    total: np.ndarray  # their scores


def rank(
    f: Features, bookings: Bookings, spec: ShiftSpec, weights: Mapping[str, float], k: int
) -> Ranked:
    """The ``k`` best candidates for one shift, with the parts of their scores."""
    ok, counts = hard_rules(f, bookings, spec)
    rows = np.flatnonzero(ok)
    scored = parts(f, spec, rows)
    total = scored.total(weights)
    top = best(f, rows, total, k)
    return Ranked(
        eligible=int(rows.shape[0]), ruled_out=counts, parts=scored.take(top), total=total[top]
    )
