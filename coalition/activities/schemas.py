"""Inputs and outputs of the joint activity log, and its vocabularies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec


class ParticipantRole(StrEnum):
    VOLUNTEER = "volunteer"  # their minutes become activity hours on their service record
    STAFF = "staff"  # working: no volunteer hours


class ParticipantInput(msgspec.Struct, kw_only=True, frozen=True):
    person_id: int
    role: str = ParticipantRole.VOLUNTEER
    minutes: int = 0  # 0 .. 24 hours


class ActivityInput(msgspec.Struct, kw_only=True, frozen=True):
    """An activity co-organised by communities, organisations and units (at least one).

    ``area`` is one of the six joint areas of co-building (alliances.schemas.JointArea)
    or a need category (a built-in one or one the tenant added).
    """

    title: str
    area: str
    held_on: date  # not in the future
    community_ids: list[int] = msgspec.field(default_factory=list)
    organisation_ids: list[int] = msgspec.field(default_factory=list)
    unit_ids: list[int] = msgspec.field(default_factory=list)
    alliance_id: int | None = None
    place: str = ""
    outcome: str = ""
    participants: list[ParticipantInput] = msgspec.field(default_factory=list)
    need_ids: list[int] = msgspec.field(default_factory=list)


class OrganiserOut(msgspec.Struct, kw_only=True, frozen=True):
    kind: str  # alliances.schemas.MemberKind: community / organisation / unit
    target_id: int
    name: str


class ParticipantOut(msgspec.Struct, kw_only=True, frozen=True):
    person_id: int
    person_name: str
    role: str
    minutes: int
    hours_record_id: int | None  # the activity hours made for a volunteer, if any


class LinkedNeedOut(msgspec.Struct, kw_only=True, frozen=True):
    need_id: int
    title: str
    category: str
    state: str


class ActivityOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    title: str
    area: str
    held_on: date
    place: str
    outcome: str
    alliance_id: int | None
    alliance_name: str | None
    logged_by_id: int | None
    created_at: datetime
    organisers: list[OrganiserOut]
    participants: list[ParticipantOut]
    needs: list[LinkedNeedOut]


class ActivitySummary(msgspec.Struct, kw_only=True, frozen=True):
    """A line of the activity log."""

    id: int
    title: str
    area: str
    held_on: date
    place: str
    alliance_id: int | None
    alliance_name: str | None
    organisers: list[OrganiserOut]
    participant_count: int
    volunteer_minutes: int


class ActivityFilter(msgspec.Struct, kw_only=True, frozen=True):
    area: str | None = None
    start: date | None = None  # held on or after
    end: date | None = None  # held on or before
    community_id: int | None = None  # organised by (among others) this community
    organisation_id: int | None = None
    unit_id: int | None = None
    alliance_id: int | None = None
    limit: int = 50
    offset: int = 0


class ActivityPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[ActivitySummary]
    total: int  # activities matching the filter, over all pages
    limit: int
    offset: int
