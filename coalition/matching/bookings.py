"""Confirmed places on scheduled shifts, as arrays aligned with a tenant's features: what
the overlap and weekly-hours rules read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from coalition.matching.features import Features


@dataclass(frozen=True, slots=True)
class Booking:
    """A confirmed place on a scheduled shift (times in epoch seconds)."""

    volunteer_id: int
    shift_id: int
    starts: int
    ends: int


@dataclass(frozen=True, slots=True)
class Bookings:
    row: np.ndarray
    shift: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def build(cls, features: Features, bookings: Iterable[Booking]) -> Bookings:
        empty = np.zeros(0, dtype=np.int64)
        return cls(row=empty, shift=empty, starts=empty, ends=empty).replaced(
            features, None, bookings
        )

    @property
    def size(self) -> int:
        return int(self.row.shape[0])

    def replaced(
        self, features: Features, rows: np.ndarray | None, bookings: Iterable[Booking]
    ) -> Bookings:
        """The bookings of ``rows`` (None: of everyone) replaced by ``bookings``; those of
        volunteers not in ``features`` are left out."""
        keep = np.zeros(self.size, dtype=bool) if rows is None else ~np.isin(self.row, rows)
        new = [b for b in bookings if b.volunteer_id in features.row_of]
        return Bookings(
            row=np.concatenate(
                [
                    self.row[keep],
                    np.asarray([features.row_of[b.volunteer_id] for b in new], np.int64),
                ]
            ),
            shift=np.concatenate(
                [self.shift[keep], np.asarray([b.shift_id for b in new], np.int64)]
            ),
            starts=np.concatenate(
                [self.starts[keep], np.asarray([b.starts for b in new], np.int64)]
            ),
            ends=np.concatenate([self.ends[keep], np.asarray([b.ends for b in new], np.int64)]),
        )

    def week_seconds(self, size: int, week_start: int, week_end: int, but: int) -> np.ndarray:
        """Per row, seconds of confirmed shifts starting in the week, except shift ``but``."""
        sel = (self.starts >= week_start) & (self.starts < week_end) & (self.shift != but)
        return np.bincount(
            self.row[sel], weights=(self.ends[sel] - self.starts[sel]), minlength=size
        ).astype(np.int64)

    def overlapping(self, size: int, starts: int, ends: int, but: int) -> np.ndarray:
        """Rows holding a confirmed shift (other than ``but``) that overlaps [starts, ends)."""
        sel = (self.starts < ends) & (self.ends > starts) & (self.shift != but)
        out = np.zeros(size, dtype=bool)
        out[self.row[sel]] = True
        return out
