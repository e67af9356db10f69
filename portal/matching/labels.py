"""The matching engine's codes in the page's language: a score's reasons (by code and
parameters, never the library's English sentence), why volunteers were ruled out, line
statuses, the weights explained, and refusals worded for the coordinator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coalition.errors import DomainError, InvalidInput
from coalition.matching.schemas import (
    LineStatus,
    ProximityLevel,
    Reason,
    ReasonCode,
    RuledOut,
)
from portal.i18n import N_, Translator

PROXIMITY = {
    ProximityLevel.GRID.value: N_("Lives in the need's grid"),
    ProximityLevel.COMMUNITY.value: N_("Lives in the need's community"),
    ProximityLevel.ALLIANCE.value: N_("Belongs to the need's alliance"),
    ProximityLevel.ELSEWHERE.value: N_("Lives outside the need's community and alliances"),
}
RULED_OUT = {
    RuledOut.INACTIVE.value: N_("Not active"),
    RuledOut.ALREADY_ON_SHIFT.value: N_("Already signed up or invited"),
    RuledOut.MISSING_SKILLS.value: N_("Missing a required skill"),
    RuledOut.UNAVAILABLE.value: N_("Not available at that time"),
    RuledOut.OVERLAPPING_SHIFT.value: N_("On another shift at the same time"),
    RuledOut.WEEKLY_HOURS.value: N_("Would go over their weekly hours"),
}
LINE_STATUS = {
    LineStatus.PROPOSED.value: N_("Proposed"),
    LineStatus.CONFIRMED.value: N_("Confirmed: invitation sent"),
    LineStatus.DROPPED.value: N_("Dropped"),
}

#: How the solver ended (coalition.matching.solver), for the proposal's page.
SOLVER_STATUS = {
    "optimal": N_("The best possible proposal"),
    "time_limit": N_("The best found in the time allowed"),
    "greedy": N_("Best volunteer first, shift by shift"),
}
SOLVER_UNKNOWN = N_("Not recorded")


@dataclass(frozen=True, slots=True)
class Weight:
    name: str
    label: str
    explanation: str


WEIGHTS = (
    Weight(
        "skills",
        N_("Skills"),
        N_("How much it counts that a volunteer has the skills the need asks for."),
    ),
    Weight(
        "proximity",
        N_("Nearness"),
        N_(
            "How much it counts that a volunteer lives in the need's grid, its community "
            "or its alliance."
        ),
    ),
    Weight(
        "fairness",
        N_("Sharing the work"),
        N_(
            "How much volunteers who served fewer hours lately come first, so that the "
            "same people are not always asked."
        ),
    ),
    Weight(
        "reliability",
        N_("Reliability"),
        N_("How much it counts that a volunteer turned up for the shifts they took."),
    ),
    Weight(
        "lived_experience",
        N_("Lived experience"),
        N_(
            "For dispute mediation only: how much it counts that a volunteer went "
            "through a similar dispute and agreed that this may be used. Only workspace "
            "administrators see such matches here."
        ),
    ),
)


def number(value: float) -> str:
    """1, 1.5, 0.25: no trailing zeros."""
    return f"{round(float(value), 2):g}"


def reason_text(t: Translator, code: str, params: Mapping[str, Any]) -> str | None:
    """One part of a score in the page's language; None for a code this page does not know."""
    if code == ReasonCode.SKILLS:
        if not params.get("required"):
            return t(N_("No particular skills needed"))
        return t(
            N_("Has {held} of the {required} skills needed"),
            held=params.get("held", 0),
            required=params["required"],
        )
    if code == ReasonCode.PROXIMITY:
        label = PROXIMITY.get(str(params.get("level")))
        return t(label) if label else None
    if code == ReasonCode.RECENT_HOURS:
        days = params.get("days", 30)
        if not params.get("hours"):
            return t(N_("No service hours in the last {days} days"), days=days)
        return t(
            N_("{hours} hours of service in the last {days} days"),
            hours=number(params["hours"]),
            days=days,
        )
    if code == ReasonCode.ATTENDANCE:
        if not params.get("past"):
            return t(N_("No past shifts yet"))
        return t(
            N_("Turned up for {attended} of {past} past shifts"),
            attended=params.get("attended", 0),
            past=params["past"],
        )
    if code == ReasonCode.LIVED_EXPERIENCE:
        return t(N_("Has lived through a similar dispute"))
    return None


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    points: str


def breakdown(t: Translator, reasons: list[Reason]) -> list[Part]:
    parts = []
    for reason in reasons:
        text = reason_text(t, reason.code, reason.params)
        if text is not None:
            parts.append(Part(text=text, points=number(reason.points)))
    return parts


#: Refusals whose library wording speaks to a volunteer ("you"): the coordinator's words.
COORDINATOR_WORDS = {
    "shifts.already_signed_up": N_("This volunteer is signed up for this shift already."),
    "shifts.overlapping_shift": N_("This volunteer holds a confirmed shift at the same time."),
    "shifts.weekly_hours_exceeded": N_(
        "This shift would take the volunteer over their {max_hours_week} hours that week."
    ),
}


def refusal(t: Translator, error: DomainError) -> str:
    """A library refusal in the page's language, worded for the one who invites; for
    invalid input, what is wrong with each field."""
    if isinstance(error, InvalidInput) and error.fields:
        return " ".join(t.field_error(problem) for problem in error.fields.values())
    text = COORDINATOR_WORDS.get(error.code)
    if text is not None:
        return t(text, **error.params)
    return t.error(error)


#: Why a background run made no proposal, by failure code.
RUN_FAILURES = {
    "matching.too_many_shifts": N_(
        "There are more than {max_shifts} open shifts in this window: choose a shorter one."
    ),
    "permission_denied": N_("Your roles do not allow you to propose volunteers."),
    "alliances_alliance.not_found": N_("This alliance does not exist in your workspace."),
    "invalid_input": N_("The window or the caps were not accepted: start a new proposal."),
}
RUN_FAILED = N_("The proposal could not be made. Please try again.")


def run_failure(t: Translator, code: str, params: Mapping[str, Any]) -> str:
    text = RUN_FAILURES.get(code)
    if text is None:
        return t(RUN_FAILED)
    return t(text, **{k: v for k, v in params.items() if isinstance(v, (str, int, float))})


__all__ = [
    "LINE_STATUS",
    "PROXIMITY",
    "RULED_OUT",
    "SOLVER_STATUS",
    "SOLVER_UNKNOWN",
    "WEIGHTS",
    "Part",
    "breakdown",
    "number",
    "reason_text",
    "refusal",
    "run_failure",
]
