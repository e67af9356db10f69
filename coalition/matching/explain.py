"""A candidate's score as reasons a coordinator can read: codes with parameters (which the
portal translates) and the same in English, e.g. "has 2 of 2 skills; same grid; 3 h in the
last 30 days; attended 9 of 10 past shifts".

Lived experience appears only where it counted (dispute mediation, a live consent, a
caller who may see it), and then without its kind or story.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coalition.matching.schemas import ProximityLevel, Reason, ReasonCode
from coalition.matching.scoring import LEVELS, Parts

RECENT_DAYS = 30

_PROXIMITY_TEXT = {
    ProximityLevel.GRID: "same grid",
    ProximityLevel.COMMUNITY: "same community",
    ProximityLevel.ALLIANCE: "same alliance",
    ProximityLevel.ELSEWHERE: "outside the need's community and alliances",
}


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _number(value: float) -> str:
    return f"{value:g}"


def text(code: str, params: Mapping[str, Any]) -> str:
    """The English of one reason."""
    if code == ReasonCode.SKILLS:
        if not params["required"]:
            return "no particular skills needed"
        noun = "skill" if params["required"] == 1 else "skills"
        return f"has {params['held']} of {params['required']} {noun}"
    if code == ReasonCode.PROXIMITY:
        return _PROXIMITY_TEXT[ProximityLevel(params["level"])]
    if code == ReasonCode.RECENT_HOURS:
        if not params["hours"]:
            return f"no hours in the last {params['days']} days"
        return f"{_number(params['hours'])} h in the last {params['days']} days"
    if code == ReasonCode.ATTENDANCE:
        if not params["past"]:
            return "no past shifts yet"
        return f"attended {params['attended']} of {params['past']} past shifts"
    if code == ReasonCode.LIVED_EXPERIENCE:
        return "has lived experience of such disputes"
    raise ValueError(f"unknown reason {code!r}")


def sentence(reasons: list[Reason]) -> str:
    return "; ".join(r.text for r in reasons)


def reason(code: str, params: dict[str, Any], points: float) -> Reason:
    return Reason(code=code, params=params, points=round(points, 3), text=text(code, params))


def reasons(parts: Parts, i: int, weights: Mapping[str, float]) -> list[Reason]:
    """The reasons of the ``i``-th row of ``parts``."""
    v = parts.values

    def points(name: str) -> float:
        return float(weights[name]) * float(v[name][i])

    found = [
        reason(
            ReasonCode.SKILLS,
            {"held": int(parts.held[i]), "required": parts.required},
            points("skills"),
        ),
        reason(
            ReasonCode.PROXIMITY,
            {"level": LEVELS[int(parts.level[i])].value},
            points("proximity"),
        ),
        reason(
            ReasonCode.RECENT_HOURS,
            {"hours": _hours(int(parts.recent_minutes[i])), "days": RECENT_DAYS},
            points("fairness"),
        ),
        reason(
            ReasonCode.ATTENDANCE,
            {"attended": int(parts.attended[i]), "past": int(parts.past[i])},
            points("reliability"),
        ),
    ]
    if parts.lived_applies and parts.lived[i]:
        found.append(reason(ReasonCode.LIVED_EXPERIENCE, {}, points("lived_experience")))
    return found


def stored(found: list[Reason]) -> list[dict[str, Any]]:
    """Reasons as a proposal line keeps them: never lived experience."""
    return [
        {"code": r.code, "params": r.params, "points": r.points}
        for r in found
        if r.code != ReasonCode.LIVED_EXPERIENCE
    ]


def restored(rows: Any) -> list[Reason]:
    """Reasons kept by :func:`stored`, with their English rendered again."""
    return [reason(r["code"], dict(r["params"]), float(r["points"])) for r in rows or []]
