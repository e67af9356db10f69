"""Inputs and outputs of the matching services, and their vocabularies."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec


class ReasonCode(StrEnum):
    """What a part of a score says; the portal translates by code, with ``params``."""

    SKILLS = "skills"  # params: held, required
    PROXIMITY = "proximity"  # params: level (ProximityLevel)
    RECENT_HOURS = "recent_hours"  # params: hours, days
    ATTENDANCE = "attendance"  # params: attended, past
    LIVED_EXPERIENCE = "lived_experience"  # no params: the kind is never shown here


class ProximityLevel(StrEnum):
    GRID = "grid"  # the volunteer's home grid is the need's grid
    COMMUNITY = "community"  # the same community, another grid
    ALLIANCE = "alliance"  # a community or organisation of one of the need's alliances
    ELSEWHERE = "elsewhere"


class RuledOut(StrEnum):
    """Why a volunteer of the tenant is not a candidate (the first rule that failed)."""

    INACTIVE = "inactive"
    ALREADY_ON_SHIFT = "already_on_shift"  # signed up, waitlisted or invited already
    MISSING_SKILLS = "missing_skills"
    UNAVAILABLE = "unavailable"  # outside their weekly availability
    OVERLAPPING_SHIFT = "overlapping_shift"  # holds a confirmed shift at the same time
    WEEKLY_HOURS = "weekly_hours"  # the shift would take them over their weekly hours


class LineStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"  # an invitation was sent (source "matching")
    DROPPED = "dropped"


# --- weights ------------------------------------------------------------------------------


class WeightsInput(msgspec.Struct, kw_only=True, frozen=True):
    """How much each part of the score counts (0 to 10 each). The defaults are the
    library's; passing ``WeightsInput()`` resets a tenant to them."""

    skills: float = 1.0
    proximity: float = 1.0
    fairness: float = 0.6
    reliability: float = 0.8
    lived_experience: float = 1.0  # only for dispute mediation, and only for some roles


class WeightsOut(msgspec.Struct, kw_only=True, frozen=True):
    skills: float
    proximity: float
    fairness: float
    reliability: float
    lived_experience: float
    is_default: bool  # the tenant has not set its own
    updated_at: datetime | None
    updated_by: int | None

    def values(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in WeightsInput.__struct_fields__}


# --- ranking ------------------------------------------------------------------------------


class Reason(msgspec.Struct, kw_only=True, frozen=True):
    """One part of a candidate's score: a stable code with its parameters, the points it
    adds, and the same in English."""

    code: str  # ReasonCode
    params: dict[str, Any]
    points: float
    text: str


class CandidateOut(msgspec.Struct, kw_only=True, frozen=True):
    volunteer_id: int
    person_id: int
    name: str
    score: float
    reasons: list[Reason]
    explanation: str  # the reasons as one English sentence


class RankingOut(msgspec.Struct, kw_only=True, frozen=True):
    shift_id: int
    need_id: int
    starts_at: datetime
    ends_at: datetime
    volunteers: int  # the tenant's volunteers, active or not
    eligible: int  # how many pass every hard rule
    ruled_out: dict[str, int]  # RuledOut code → how many it kept out
    lived_experience_considered: bool
    weights: dict[str, float]
    candidates: list[CandidateOut]


# --- proposals ----------------------------------------------------------------------------


class ProposalRequest(msgspec.Struct, kw_only=True, frozen=True):
    """Which open shifts to fill: those starting in ``[window_start, window_end)`` (default:
    from now for 14 days), of the tenant or of one alliance's needs list, and that the
    caller runs.

    Organisation caps (volunteers who serve with an organisation, ``Volunteer.organisation``;
    volunteers of none are never capped):

    * ``max_per_organisation_per_shift``: on any one shift, at most this many volunteers
      of one organisation, counting those already confirmed there;
    * ``max_per_organisation_total``: at most this many lines of the proposal go to
      volunteers of one organisation.
    """

    alliance_id: int | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    max_per_organisation_per_shift: int | None = None
    max_per_organisation_total: int | None = None


class ProposalLineOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    shift_id: int
    need_id: int
    need_title: str
    starts_at: datetime
    ends_at: datetime
    volunteer_id: int
    person_id: int
    name: str
    score: float
    reasons: list[Reason]
    explanation: str
    status: str  # LineStatus
    invitation_id: int | None
    decided_by: int | None
    decided_at: datetime | None


class ProposalOut(msgspec.Struct, kw_only=True, frozen=True):
    """A stored proposal as one caller sees it.

    ``lines`` are those of the shifts the caller runs. The figures of the whole proposal
    (``shifts`` to ``solve_ms``) are given to tenant admins and to the person who made it;
    for anyone else they are None, since they would describe lines that person does not
    see: count what you see from ``lines``.
    """

    id: int
    created_by: int | None
    created_at: datetime
    alliance_id: int | None
    window_start: datetime
    window_end: datetime
    max_per_organisation_per_shift: int | None
    max_per_organisation_total: int | None
    weights: dict[str, float]
    shifts: int | None  # open shifts considered
    places: int | None  # free places they had (headcount − confirmed − pending invitations)
    candidates: int | None  # (shift, volunteer) pairs the solver chose among
    objective: float | None  # total score of the lines, plus 0.001 a line (solver.FILL)
    bound: float | None  # the solver's upper bound (objective / bound ≥ 1 − gap), if known
    greedy_objective: float | None  # what taking the best pair first would have reached
    solver_status: str | None
    solve_ms: int | None
    lines: list[ProposalLineOut]  # those of shifts the caller runs, by shift start

    @property
    def whole(self) -> bool:
        """Whether the figures of the whole proposal are given (to its maker, to admins)."""
        return self.shifts is not None


class ProposalSummary(msgspec.Struct, kw_only=True, frozen=True):
    """A proposal in the list; its counts are of the lines the caller runs (all of them
    for tenant admins), as :class:`ProposalOut` ``lines`` would show them."""

    id: int
    created_by: int | None
    created_at: datetime
    alliance_id: int | None
    window_start: datetime
    window_end: datetime
    lines: int
    proposed: int
    confirmed: int
    dropped: int
