"""Outputs of the reports: plain data, ready for the portal, exports and embedding apps.

Every report covers a period of whole days, ``start`` and ``end`` both included, counted
in the tenant's time zone. A ratio whose denominator is zero is ``None`` (shown as "—"),
never a division by zero.
"""

from __future__ import annotations

from datetime import date

import msgspec

from coalition.needs.schemas import Level

#: Where a need was settled: the headline figure of grid-based governance.
SettledLevel = Level


# --- hours -------------------------------------------------------------------------------


class HoursRow(msgspec.Struct, kw_only=True, frozen=True):
    """Hours served by, or with, one volunteer / organisation / unit / community / alliance.

    Rejected records are never counted; pending ones are counted apart from verified ones.
    """

    id: int
    name: str
    verified_minutes: int
    pending_minutes: int
    verified_records: int
    pending_records: int

    @property
    def verified_hours(self) -> float:
        return self.verified_minutes / 60

    @property
    def pending_hours(self) -> float:
        return self.pending_minutes / 60


class VolunteerRanking(msgspec.Struct, kw_only=True, frozen=True):
    """The volunteers who served most in a period: ``rows`` holds at most the limit asked
    for, out of ``volunteers`` who served (verified or pending time) in the period."""

    start: date
    end: date
    volunteers: int
    rows: list[HoursRow]


class HoursTotals(msgspec.Struct, kw_only=True, frozen=True):
    """All hours of the tenant in a period, by status."""

    start: date
    end: date
    verified_minutes: int
    pending_minutes: int
    verified_records: int
    pending_records: int
    rejected_minutes: int
    rejected_records: int

    @property
    def verified_hours(self) -> float:
        return self.verified_minutes / 60


# --- needs -------------------------------------------------------------------------------


class NeedsSummary(msgspec.Struct, kw_only=True, frozen=True):
    """The flow of needs through the period.

    ``posted``: created in the period; ``opened``: of those, the ones opened (not left as
    drafts); ``filled_of_opened``: of those, the ones whose shifts have all reached their
    headcount (by now). ``filled``, ``completed`` and ``cancelled`` count what happened in
    the period, whenever the need was posted. ``fill_rate`` is
    ``filled_of_opened / opened``; ``median_hours_to_fill`` is the median of
    ``filled_at - opened_at`` over the needs filled in the period.
    """

    start: date
    end: date
    posted: int
    opened: int
    filled_of_opened: int
    filled: int
    completed: int
    cancelled: int
    fill_rate: float | None
    median_hours_to_fill: float | None


class LevelShare(msgspec.Struct, kw_only=True, frozen=True):
    level: str  # SettledLevel
    needs: int
    share: float | None  # of the needs with a recorded level


class SettledLevels(msgspec.Struct, kw_only=True, frozen=True):
    """Needs completed in the period (reviewed later or not), by the level that settled them.

    ``levels`` lists every level, in order from grid to county, zeros included.
    ``unrecorded`` counts completed needs without a settled level (left out of the shares).
    """

    start: date
    end: date
    total: int
    levels: list[LevelShare]
    unrecorded: int


class MediationOutcomes(msgspec.Struct, kw_only=True, frozen=True):
    """Dispute-mediation needs (category ``dispute_mediation``).

    ``received``: posted in the period; ``resolved``: completed in the period (reviewed
    later or not); ``cancelled``: cancelled in the period; ``open_at_end``: opened by the
    end of the period and neither completed nor cancelled by then, whenever posted.
    ``success_rate`` is ``resolved / (resolved + cancelled)``.
    """

    start: date
    end: date
    received: int
    resolved: int
    cancelled: int
    open_at_end: int
    success_rate: float | None

    @property
    def unresolved(self) -> int:
        return self.cancelled + self.open_at_end


# --- activities --------------------------------------------------------------------------


class AreaActivities(msgspec.Struct, kw_only=True, frozen=True):
    """Joint activities of one area held in the period.

    ``participants`` counts participations (人次): a person at two activities counts twice.
    ``minutes`` adds up the minutes recorded for the participants.
    """

    area: str
    activities: int
    participants: int
    minutes: int


# --- commitments -------------------------------------------------------------------------


class CommitmentCounts(msgspec.Struct, kw_only=True, frozen=True):
    """``done + open + cancelled == total``; ``overdue`` are the open items past due."""

    total: int
    done: int
    open: int  # open or in progress
    overdue: int
    cancelled: int


class AgreementCommitments(msgspec.Struct, kw_only=True, frozen=True):
    agreement_id: int
    title: str
    community_id: int
    community_name: str
    items: CommitmentCounts


class CommitmentReport(msgspec.Struct, kw_only=True, frozen=True):
    """Commitment items due in the period, over all agreements and per agreement.

    An item is overdue when it is due before ``today`` and neither done nor cancelled.
    Agreements are listed by community name and title; those with no item due are left out.
    """

    start: date
    end: date
    today: date
    overall: CommitmentCounts
    agreements: list[AgreementCommitments]
