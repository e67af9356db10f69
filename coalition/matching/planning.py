"""From open shifts to the solver's problem: the best candidates of each shift.

Each shift keeps only its top ``k`` candidates by score (``k`` grows with its free
places), so the problem stays small: a dense shifts × volunteers matrix of a large tenant
would cost more to build than to solve. The candidates already pass every hard rule
against the volunteers' *confirmed* shifts; the solver adds the rules between the shifts
it proposes together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from coalition.matching.bookings import Bookings
from coalition.matching.features import Features
from coalition.matching.scoring import Parts, ShiftSpec, best, hard_rules, parts
from coalition.matching.solver import Problem

K_MIN, K_PER_PLACE, K_MAX = 15, 5, 200


def k_for(places: int) -> int:
    return min(K_MAX, max(K_MIN, K_PER_PLACE * places))


@dataclass(frozen=True, slots=True)
class Planned:
    problem: Problem
    parts: list[Parts]  # per shift, of its candidates, best first
    pair_position: np.ndarray  # per pair, its index in its shift's parts


def plan(
    f: Features,
    bookings: Bookings,
    specs: Sequence[ShiftSpec],
    places: Sequence[int],
    weights: Mapping[str, float],
    *,
    per_shift_cap: int | None = None,
    total_cap: int | None = None,
    k: int | None = None,
) -> Planned:
    """The problem of filling ``places[i]`` on ``specs[i]`` for each shift."""
    pair_shift, pair_rows, pair_score, pair_position = [], [], [], []
    capacity: dict[tuple[int, int], int] = {}
    shift_parts = []
    weeks: dict[int, np.ndarray] = {}  # seconds booked per row, by week
    for index, spec in enumerate(specs):
        if spec.week_start not in weeks:
            weeks[spec.week_start] = bookings.week_seconds(
                f.size, spec.week_start, spec.week_end, 0
            )
        booked = weeks[spec.week_start]
        if (bookings.shift == spec.shift_id).any():  # its own places do not count
            booked = bookings.week_seconds(f.size, spec.week_start, spec.week_end, spec.shift_id)
        ok, _ = hard_rules(f, bookings, spec, count=False, booked=booked)
        rows = np.flatnonzero(ok)
        scored = parts(f, spec, rows)
        total = scored.total(weights)
        top = best(f, rows, total, k or k_for(places[index]))
        chosen_rows = rows[top]
        shift_parts.append(scored.take(top))
        left = f.max_seconds[chosen_rows] - booked[chosen_rows]
        for vid, seconds in zip(f.ids[chosen_rows].tolist(), left.tolist(), strict=True):
            capacity[(vid, spec.week_start)] = seconds
        pair_shift.append(np.full(chosen_rows.shape[0], index, dtype=np.int64))
        pair_rows.append(chosen_rows)
        pair_score.append(np.round(total[top], 9))
        pair_position.append(np.arange(chosen_rows.shape[0]))
    rows = _joined(pair_rows)
    shift_ids = np.asarray([s.shift_id for s in specs], dtype=np.int64)
    index_of = {sid: i for i, sid in enumerate(shift_ids.tolist())}
    taken = np.isin(bookings.shift, shift_ids)
    org_confirmed = Counter(
        (index_of[s], o)
        for s, o in zip(
            bookings.shift[taken].tolist(),
            f.organisation[bookings.row[taken]].tolist(),
            strict=True,
        )
        if o
    )
    problem = Problem(
        starts=np.asarray([s.starts for s in specs], dtype=np.int64),
        ends=np.asarray([s.ends for s in specs], dtype=np.int64),
        weeks=np.asarray([s.week_start for s in specs], dtype=np.int64),
        places=np.asarray(places, dtype=np.int64),
        shift_ids=shift_ids,
        pair_shift=_joined(pair_shift),
        pair_volunteer=f.ids[rows],
        pair_score=np.concatenate(pair_score) if pair_score else np.zeros(0),
        pair_organisation=f.organisation[rows],
        capacity=capacity,
        org_confirmed=dict(org_confirmed),
        per_shift_cap=per_shift_cap,
        total_cap=total_cap,
    )
    return Planned(problem=problem, parts=shift_parts, pair_position=_joined(pair_position))


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays).astype(np.int64) if arrays else np.zeros(0, dtype=np.int64)
