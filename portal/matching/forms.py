"""The matching forms as the library reads them: a proposal's window and caps, and the
weights. Each error stands next to its field, in the person's language."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coalition.errors import FieldError, InvalidInput
from coalition.matching.proposals import MAX_CAP, MAX_WINDOW
from coalition.matching.schemas import ProposalRequest, WeightsInput
from coalition.matching.weights import NAMES, WEIGHT_MAX
from portal.i18n import N_
from portal.needs.forms import Parser

RUN_FIELDS = ["window_from", "window_to", "alliance_id", "cap_shift", "cap_total"]
WEIGHT_FIELDS = list(NAMES)
DEFAULT_DAYS = 14

WINDOW_ORDER = N_("The last day must be on or after the first day.")
WINDOW_TOO_LONG = N_("Choose at most {days} days.")
WINDOW_OUT_OF_RANGE = N_("Choose a day from {first} to {last}.")
INVALID_CAP = N_("Enter a whole number from 1 to {most}, or leave it empty.")
INVALID_CHOICE = N_("Choose one of the listed values.")
INVALID_WEIGHT = N_("Enter a number from 0 to 10, for example 1.5.")
ALL_ZERO = N_("At least one weight must be above zero.")
#: How far back and ahead of the tenant's today a proposal's window may reach.
EARLIEST = timedelta(days=365)
LATEST = timedelta(days=2 * 365)

#: This context's field error codes (catalogue.ERROR_MESSAGES translates them).
FIELD_CODES = {
    "matching.window_order": WINDOW_ORDER,
    "matching.window_too_long": WINDOW_TOO_LONG,
    "matching.window_out_of_range": WINDOW_OUT_OF_RANGE,
    "matching.invalid_cap": INVALID_CAP,
    "matching.invalid_weight": INVALID_WEIGHT,
    "matching.all_zero": ALL_ZERO,
}


def _error(code: str, **params: object) -> FieldError:
    return FieldError(code, FIELD_CODES[code].format(**params), dict(params))


def _add(parse: Parser, name: str, code: str, **params: object) -> None:
    parse.add(name, code, FIELD_CODES[code].format(**params), **params)


def run_defaults(today: date) -> dict[str, str]:
    """The next 14 days, from today."""
    last = today + timedelta(days=DEFAULT_DAYS - 1)
    return {
        "window_from": today.isoformat(),
        "window_to": last.isoformat(),
        "alliance_id": "",
        "cap_shift": "",
        "cap_total": "",
    }


def proposal_request(
    values: dict[str, str], zone: ZoneInfo, alliances: set[int], *, today: date | None = None
) -> ProposalRequest:
    """The window (whole days in the tenant's zone, the last one included, from a year ago
    to two years ahead), the alliance and the caps; InvalidInput with every problem at
    once."""
    today = today or datetime.now(zone).date()
    earliest, latest = today - EARLIEST, today + LATEST
    parse = Parser(values)
    days: dict[str, date | None] = {}
    for name in ("window_from", "window_to"):
        day = parse.day(name, required=True)
        if day is not None and not earliest <= day <= latest:
            _add(
                parse,
                name,
                "matching.window_out_of_range",
                first=earliest.isoformat(),
                last=latest.isoformat(),
            )
            day = None
        days[name] = day
    first, last = days["window_from"], days["window_to"]
    if first is not None and last is not None:
        if last < first:
            _add(parse, "window_to", "matching.window_order")
        elif (last - first) + timedelta(days=1) > MAX_WINDOW:
            _add(parse, "window_to", "matching.window_too_long", days=MAX_WINDOW.days)
    alliance_id = None
    if parse.text("alliance_id"):
        try:
            alliance_id = int(parse.text("alliance_id"))
        except ValueError:
            alliance_id = None
        if alliance_id not in alliances:
            parse.add("alliance_id", "invalid_choice", INVALID_CHOICE)
    caps: dict[str, int | None] = {}
    for name in ("cap_shift", "cap_total"):
        cap = parse.integer(name)
        if cap is not None and not 1 <= cap <= MAX_CAP:
            _add(parse, name, "matching.invalid_cap", most=MAX_CAP)
        caps[name] = cap
    parse.raise_if_any()
    assert first is not None and last is not None
    start = datetime.combine(first, time(0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
    return ProposalRequest(
        alliance_id=alliance_id,
        window_start=start,
        window_end=end,
        max_per_organisation_per_shift=caps["cap_shift"],
        max_per_organisation_total=caps["cap_total"],
    )


def weights_input(values: dict[str, str]) -> WeightsInput:
    """Five numbers from 0 to 10, not all zero."""
    problems: dict[str, FieldError] = {}
    numbers: dict[str, float] = {}
    for name in WEIGHT_FIELDS:
        try:
            value = float(values[name].strip().replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not 0 <= value <= WEIGHT_MAX:
            problems[name] = _error("matching.invalid_weight")
        else:
            numbers[name] = value
    if not problems and not any(numbers.values()):
        problems[WEIGHT_FIELDS[0]] = _error("matching.all_zero")
    if problems:
        raise InvalidInput(problems)
    return WeightsInput(**numbers)


__all__ = [
    "FIELD_CODES",
    "RUN_FIELDS",
    "WEIGHT_FIELDS",
    "proposal_request",
    "run_defaults",
    "weights_input",
]
