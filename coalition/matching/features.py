"""A tenant's volunteers as numpy arrays: what the ranking reads, and nothing from the DB.

One row per volunteer. Rows are only ever appended (a changed volunteer is rewritten in
place, a new one added at the end), so a row index stays valid; every change returns a new
:class:`Features` and leaves the old one intact, so a ranking that holds a snapshot is never
disturbed by a refresh that runs meanwhile.

* skills: a bitset per volunteer (``uint64`` words; bit ``i`` is the tenant's ``i``-th
  skill name in ``vocabulary``);
* weekly availability: merged intervals in minutes of the week (Monday 00:00 = 0,
  local time), flattened into ``iv_start``, ``iv_end`` and the row they belong to;
* home grid, its community and the organisation served with (0 = none), active, the
  weekly limit in seconds;
* recent minutes (for fairness) and past confirmed shifts / attended ones (reliability).

Bookings (confirmed sign-ups of scheduled shifts) are :class:`coalition.matching.bookings.Bookings`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
import numpy as np

DAY = 1440
WEEK = 7 * DAY
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def _minute(text: object, *, end: bool) -> int | None:
    match = _TIME.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not end)):
        return None
    return hours * 60 + minutes


def weekly_intervals(availability: Any) -> list[tuple[int, int]]:
    """A volunteer's availability (the JSON of ``Volunteer.availability``) as sorted,
    merged ``[start, end)`` minutes of the week; touching slots merge, so 20:00-24:00 on
    Monday and 00:00-02:00 on Tuesday make one interval. Malformed slots count as none."""
    if isinstance(availability, (str, bytes)):
        try:
            availability = msgspec.json.decode(availability or b"[]")
        except msgspec.DecodeError:
            return []
    pieces = []
    for slot in availability if isinstance(availability, list) else []:
        if not isinstance(slot, dict):
            continue
        weekday = slot.get("weekday")
        start, end = _minute(slot.get("start"), end=False), _minute(slot.get("end"), end=True)
        if type(weekday) is not int or not 0 <= weekday <= 6 or start is None or end is None:
            continue
        if start < end:
            pieces.append((weekday * DAY + start, weekday * DAY + end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _spans(
    starts_at: datetime, ends_at: datetime, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """``[starts_at, ends_at)`` cut where the zone's UTC offset changes (a clock change)."""
    last = ends_at - timedelta(microseconds=1)
    if starts_at.astimezone(zone).utcoffset() == last.astimezone(zone).utcoffset():
        return [(starts_at, ends_at)]
    low, high = starts_at, last  # the offset at low differs from the one at high
    offset = starts_at.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == offset:
            low = middle
        else:
            high = middle
    cut = high.replace(microsecond=0) if high.microsecond else high
    return [(starts_at, cut), *_spans(cut, ends_at, zone)]


def window_pieces(
    starts_at: datetime, ends_at: datetime, zone: ZoneInfo
) -> tuple[tuple[int, int], ...]:
    """The local minutes of the week a shift covers: one piece, or more when it runs past
    Sunday midnight or across a clock change. The start is rounded down and the end up
    to the minute (never looser)."""
    pieces: list[tuple[int, int]] = []
    for begin, finish in _spans(starts_at, ends_at, zone):
        local = begin.astimezone(zone)
        start = local.weekday() * DAY + local.hour * 60 + local.minute
        seconds = (finish - begin).total_seconds() + local.second + local.microsecond / 1e6
        end = start + max(1, math.ceil(seconds / 60))
        while end > WEEK:
            pieces.append((start, WEEK))
            start, end = 0, end - WEEK
        pieces.append((start, end))
    return tuple(pieces)


def covers(intervals: Sequence[tuple[int, int]], pieces: Iterable[tuple[int, int]]) -> bool:
    """Whether the merged ``intervals`` hold every piece whole."""
    return all(any(s <= a and b <= e for s, e in intervals) for a, b in pieces)


@dataclass(frozen=True, slots=True)
class VolunteerData:
    """A volunteer as the loader reads them."""

    id: int
    person: int
    active: bool
    skills: Sequence[str]
    availability: Any
    grid: int | None
    community: int | None
    organisation: int | None
    max_hours_week: int


@dataclass(frozen=True, slots=True)
class Stats:
    recent_minutes: int = 0  # pending + verified minutes served in the last 30 days
    past_shifts: int = 0  # confirmed places on scheduled shifts that have ended
    attended: int = 0  # of those, the ones checked in on


def _ints(n: int, dtype: Any = np.int64) -> np.ndarray:
    return np.zeros(n, dtype=dtype)


@dataclass(frozen=True, slots=True)
class Features:
    ids: np.ndarray
    person: np.ndarray
    active: np.ndarray
    grid: np.ndarray
    community: np.ndarray
    organisation: np.ndarray
    max_seconds: np.ndarray
    skills: np.ndarray  # (n, words) uint64
    vocabulary: Mapping[str, int]
    iv_start: np.ndarray
    iv_end: np.ndarray
    iv_row: np.ndarray
    recent_minutes: np.ndarray
    past_shifts: np.ndarray
    attended: np.ndarray
    row_of: Mapping[int, int]

    @classmethod
    def empty(cls) -> Features:
        i = _ints(0)
        return cls(
            ids=i,
            person=i,
            active=_ints(0, bool),
            grid=i,
            community=i,
            organisation=i,
            max_seconds=i,
            skills=np.zeros((0, 1), dtype=np.uint64),
            vocabulary={},
            iv_start=_ints(0, np.int32),
            iv_end=_ints(0, np.int32),
            iv_row=i,
            recent_minutes=i,
            past_shifts=i,
            attended=i,
            row_of={},
        )

    @classmethod
    def build(
        cls, volunteers: Sequence[VolunteerData], stats: Mapping[int, Stats] | None = None
    ) -> Features:
        built = cls.empty().with_volunteers(volunteers)
        return built.with_stats(stats or {}, rows=None)

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    def rows(self, volunteer_ids: Iterable[int]) -> np.ndarray:
        """The rows of those of ``volunteer_ids`` that are known."""
        found = [self.row_of[v] for v in volunteer_ids if v in self.row_of]
        return np.asarray(found, dtype=np.int64)

    def mask(self, volunteer_ids: Iterable[int]) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        out[self.rows(volunteer_ids)] = True
        return out

    def skill_bits(self, required: Iterable[str]) -> np.ndarray | None:
        """The bitset of ``required``, or None when a skill is held by nobody here."""
        bits = np.zeros(self.skills.shape[1], dtype=np.uint64)
        for name in required:
            index = self.vocabulary.get(name)
            if index is None:
                return None
            bits[index // 64] |= np.uint64(1) << np.uint64(index % 64)
        return bits

    def with_volunteers(self, volunteers: Sequence[VolunteerData]) -> Features:
        """These volunteers rewritten (or added): profile, skills and availability."""
        latest = {v.id: v for v in volunteers}
        if not latest:
            return self
        vocabulary = dict(self.vocabulary)
        for v in latest.values():
            for name in v.skills:
                vocabulary.setdefault(name, len(vocabulary))
        new = [vid for vid in latest if vid not in self.row_of]
        n0, n1 = self.size, self.size + len(new)
        row_of = dict(self.row_of)
        row_of.update({vid: n0 + i for i, vid in enumerate(new)})
        order = list(latest.values())
        target = np.asarray([row_of[v.id] for v in order], dtype=np.int64)

        def grown(old: np.ndarray, values: list[Any]) -> np.ndarray:
            out = np.zeros(n1, dtype=old.dtype)
            out[:n0] = old
            out[target] = np.asarray(values, dtype=old.dtype)
            return out

        def extended(old: np.ndarray) -> np.ndarray:
            out = np.zeros(n1, dtype=old.dtype)
            out[:n0] = old
            return out

        words = max(1, -(-len(vocabulary) // 64))
        skills = np.zeros((n1, words), dtype=np.uint64)
        skills[:n0, : self.skills.shape[1]] = self.skills
        skills[target] = 0
        pairs = [
            (row, vocabulary[s]) for row, v in zip(target, order, strict=True) for s in v.skills
        ]
        if pairs:
            rows, bits = np.asarray(pairs, dtype=np.int64).T
            ones = np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
            np.bitwise_or.at(skills, (rows, bits // 64), ones)

        parsed: dict[str, list[tuple[int, int]]] = {}
        starts, ends, owners = [], [], []
        for row, v in zip(target.tolist(), order, strict=True):
            key = v.availability if isinstance(v.availability, str) else None
            intervals = parsed.get(key) if key is not None else None
            if intervals is None:
                intervals = weekly_intervals(v.availability)
                if key is not None:  # many volunteers share one pattern
                    parsed[key] = intervals
            for start, end in intervals:
                starts.append(start)
                ends.append(end)
                owners.append(row)
        keep = ~np.isin(self.iv_row, target)
        return Features(
            ids=grown(self.ids, [v.id for v in order]),
            person=grown(self.person, [v.person for v in order]),
            active=grown(self.active, [bool(v.active) for v in order]),
            grid=grown(self.grid, [v.grid or 0 for v in order]),
            community=grown(self.community, [v.community or 0 for v in order]),
            organisation=grown(self.organisation, [v.organisation or 0 for v in order]),
            max_seconds=grown(self.max_seconds, [v.max_hours_week * 3600 for v in order]),
            skills=skills,
            vocabulary=vocabulary,
            iv_start=np.concatenate([self.iv_start[keep], np.asarray(starts, dtype=np.int32)]),
            iv_end=np.concatenate([self.iv_end[keep], np.asarray(ends, dtype=np.int32)]),
            iv_row=np.concatenate([self.iv_row[keep], np.asarray(owners, dtype=np.int64)]),
            recent_minutes=extended(self.recent_minutes),
            past_shifts=extended(self.past_shifts),
            attended=extended(self.attended),
            row_of=row_of,
        )

    def with_stats(self, stats: Mapping[int, Stats], *, rows: np.ndarray | None) -> Features:
        """Recent minutes and attendance: ``rows`` are reset first (None: every row), then
        ``stats`` (by volunteer id) written."""
        recent, past, attended = (
            a.copy() for a in (self.recent_minutes, self.past_shifts, self.attended)
        )
        reset = slice(None) if rows is None else rows
        for array in (recent, past, attended):
            array[reset] = 0
        known = [(self.row_of[vid], s) for vid, s in stats.items() if vid in self.row_of]
        if known:
            index = np.asarray([row for row, _ in known], dtype=np.int64)
            recent[index] = [s.recent_minutes for _, s in known]
            past[index] = [s.past_shifts for _, s in known]
            attended[index] = [min(s.attended, s.past_shifts) for _, s in known]
        return replace(self, recent_minutes=recent, past_shifts=past, attended=attended)

    def available(self, pieces: Iterable[tuple[int, int]]) -> np.ndarray:
        """Rows whose weekly availability holds every piece of a shift's window."""
        result = np.ones(self.size, dtype=bool)
        for a, b in pieces:
            inside = (self.iv_start <= a) & (self.iv_end >= b)
            piece = np.zeros(self.size, dtype=bool)
            piece[self.iv_row[inside]] = True
            result &= piece
        return result
