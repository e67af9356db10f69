"""Inputs and outputs of the hours services, and their vocabularies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec


class HoursKind(StrEnum):
    ATTENDANCE = "attendance"  # from a check-in and a check-out on a shift
    SELF_REPORTED = "self_reported"  # the volunteer (or staff on their behalf) reported it
    ACTIVITY = "activity"  # a participant of a logged joint activity


class HoursStatus(StrEnum):
    CHECKED_IN = "checked_in"  # attendance under way: no minutes yet, counts nowhere
    PENDING = "pending"  # waits for a coordinator's decision
    VERIFIED = "verified"
    REJECTED = "rejected"


#: A record in these statuses has been decided and is not decided again.
DECIDED_STATUSES = frozenset({HoursStatus.VERIFIED, HoursStatus.REJECTED})


class HoursReportInput(msgspec.Struct, kw_only=True, frozen=True):
    """Hours a volunteer reports themselves (自主填报), pending until verified."""

    served_on: date  # not in the future, not older than REPORT_MAX_AGE_DAYS
    minutes: int  # 1 .. 16 hours
    volunteer_id: int | None = None  # None: the caller's own volunteer profile
    need_id: int | None = None  # a need the volunteer served
    shift_id: int | None = None  # a shift the volunteer had a confirmed place on
    note: str = ""


class CorrectionOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    old_minutes: int
    new_minutes: int
    reason: str
    corrected_by_id: int | None
    corrected_at: datetime


class HoursRecordOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    volunteer_id: int
    person_id: int
    person_name: str
    kind: str  # HoursKind
    status: str  # HoursStatus
    served_on: date
    minutes: int  # current minutes, after any corrections
    need_id: int | None
    need_title: str | None
    shift_id: int | None
    activity_id: int | None
    community_id: int | None
    organisation_id: int | None
    unit_id: int | None
    alliance_id: int | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    note: str
    reported_at: datetime
    decided_by_id: int | None
    decided_at: datetime | None
    rejection_reason: str
    corrections: list[CorrectionOut]  # oldest first

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


class PendingFilter(msgspec.Struct, kw_only=True, frozen=True):
    community_id: int | None = None
    organisation_id: int | None = None
    unit_id: int | None = None
    volunteer_id: int | None = None
    limit: int = 50
    offset: int = 0


class HoursPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[HoursRecordOut]
    total: int  # rows matching the filter, over all pages
    limit: int
    offset: int


class ServiceLine(msgspec.Struct, kw_only=True, frozen=True):
    """Minutes of one group of a service record: a need, an organisation or unit, a month.

    ``key`` is the need's or member's id, or the month as "YYYY-MM"; None gathers the
    records that belong to no need (or no organisation or unit).
    """

    key: int | str | None
    name: str
    verified_minutes: int
    pending_minutes: int

    @property
    def verified_hours(self) -> float:
        return round(self.verified_minutes / 60, 2)

    @property
    def pending_hours(self) -> float:
        return round(self.pending_minutes / 60, 2)


class MemberLine(msgspec.Struct, kw_only=True, frozen=True):
    """Minutes served with one organisation or unit (``kind`` "organisation" or "unit")."""

    kind: str | None  # None: served with neither
    id: int | None
    name: str
    verified_minutes: int
    pending_minutes: int


class ServiceRecordOut(msgspec.Struct, kw_only=True, frozen=True):
    """A volunteer's service record (志愿服务记录) over a date range; rejected and
    still-open records are left out."""

    volunteer_id: int
    person_id: int
    person_name: str
    start: date | None
    end: date | None
    verified_minutes: int
    pending_minutes: int
    by_need: list[ServiceLine]
    by_member: list[MemberLine]
    by_month: list[ServiceLine]

    @property
    def verified_hours(self) -> float:
        return round(self.verified_minutes / 60, 2)

    @property
    def pending_hours(self) -> float:
        return round(self.pending_minutes / 60, 2)
