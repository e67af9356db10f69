"""Inputs and outputs of the shift, sign-up and invitation services, and their vocabularies."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

import msgspec


class ShiftStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SignUpStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


#: A volunteer holds at most one sign-up in these statuses per shift (a unique index).
LIVE_SIGNUP = (SignUpStatus.CONFIRMED.value, SignUpStatus.WAITLISTED.value)


class SignUpSource(StrEnum):
    SELF = "self"  # the volunteer signed up
    INVITATION = "invitation"  # the volunteer accepted an invitation


class InvitationStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by staff, or because the shift was cancelled


class InvitationSource(StrEnum):
    COORDINATOR = "coordinator"
    MATCHING = "matching"  # the matching engine


class Proximity(StrEnum):
    """How near an open shift's need is to a volunteer's home grid."""

    GRID = "grid"
    COMMUNITY = "community"
    ELSEWHERE = "elsewhere"


#: The longest shift: a night patrol or a day of service, never more.
MAX_SHIFT_LENGTH = timedelta(hours=24)
MAX_HEADCOUNT = 1000
#: A weekly series makes at most this many shifts (two years).
MAX_OCCURRENCES = 104


# --- shifts -------------------------------------------------------------------------------


class ShiftInput(msgspec.Struct, kw_only=True, frozen=True):
    need_id: int
    starts_at: datetime  # time-zone aware
    ends_at: datetime
    place: str = ""
    headcount: int = 1


class ShiftChange(msgspec.Struct, kw_only=True, frozen=True):
    """The fields to change; ``None`` keeps the current value."""

    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str | None = None
    headcount: int | None = None


class ShiftOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    need_id: int
    series_id: int | None
    starts_at: datetime
    ends_at: datetime
    place: str
    headcount: int
    confirmed: int
    waitlisted: int
    status: str

    @property
    def is_full(self) -> bool:
        return self.confirmed >= self.headcount


class SeriesInput(msgspec.Struct, kw_only=True, frozen=True):
    """A weekly shift: every ``weekday`` (Monday = 0) from ``first_date`` to ``last_date``,
    ``start_time`` to ``end_time`` ("HH:MM", the tenant's local time; an end before the
    start runs past midnight)."""

    need_id: int
    weekday: int
    start_time: str
    end_time: str
    first_date: date
    last_date: date
    place: str = ""
    headcount: int = 1


class SeriesOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    need_id: int
    weekday: int
    start_time: str
    end_time: str
    first_date: date
    last_date: date
    place: str
    headcount: int
    shifts: list[ShiftOut]


# --- sign-ups -----------------------------------------------------------------------------


class SignUpOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    shift_id: int
    volunteer_id: int
    status: str
    source: str
    waitlist_position: int | None  # 1 = next to be promoted; None unless waitlisted
    queued_at: datetime
    confirmed_at: datetime | None
    promoted_at: datetime | None
    cancelled_at: datetime | None


class RosterEntry(msgspec.Struct, kw_only=True, frozen=True):
    """A volunteer on a shift, as its coordinators see it."""

    signup_id: int
    volunteer_id: int
    person_id: int
    name: str
    phone: str
    status: str
    source: str
    waitlist_position: int | None
    queued_at: datetime


class MySignUpOut(msgspec.Struct, kw_only=True, frozen=True):
    """One of a volunteer's sign-ups, with what they need to know of the shift."""

    signup_id: int
    shift_id: int
    need_id: int
    need_title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    shift_status: str
    status: str
    source: str
    waitlist_position: int | None


class OpenShiftOut(msgspec.Struct, kw_only=True, frozen=True):
    """A shift a volunteer may sign up for (or join the waitlist of)."""

    shift_id: int
    need_id: int
    need_title: str
    community_id: int
    grid_id: int | None
    starts_at: datetime
    ends_at: datetime
    place: str
    headcount: int
    confirmed: int
    waitlisted: int
    proximity: str
    my_status: str | None  # confirmed / waitlisted when the volunteer holds a place already


class OpenShiftPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[OpenShiftOut]
    total: int
    offset: int
    limit: int


class CalendarShift(msgspec.Struct, kw_only=True, frozen=True):
    """A confirmed shift in a volunteer's calendar feed."""

    shift_id: int
    need_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    updated_at: datetime
    description: str = ""


# --- invitations --------------------------------------------------------------------------


class InvitationInput(msgspec.Struct, kw_only=True, frozen=True):
    shift_id: int
    volunteer_id: int
    message: str = ""
    source: str = InvitationSource.COORDINATOR


class InvitationOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    shift_id: int
    need_id: int
    need_title: str
    volunteer_id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    source: str
    message: str
    status: str
    invited_by: int | None
    created_at: datetime
    responded_at: datetime | None


class InvitationAnswer(msgspec.Struct, kw_only=True, frozen=True):
    """What became of an answered invitation: the sign-up when it was accepted."""

    invitation_id: int
    status: str
    signup: SignUpOut | None
