"""Reading the needs pages' forms, and showing the library's errors next to their fields.

Form fields are text; the services take numbers, dates and time-zone aware datetimes.
:class:`Parser` turns the text into those, collecting one error per field in the
library's own shape (:class:`~coalition.errors.InvalidInput`), so that a typing mistake and
a refused value come back the same way: next to the field, with what was typed kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from coalition.errors import DomainError, FieldError, InvalidInput
from coalition.needs.schemas import NeedInput
from coalition.shifts.schemas import MAX_HEADCOUNT
from portal.forms import FormState
from portal.i18n import N_, Translator
from portal.needs.labels import LEVEL_LABELS, STATE_LABELS

#: Skills are typed in one field, separated by commas, 、 or semicolons.
SKILL_SEPARATORS = re.compile(r"[,，、;；\n]+")
PHONE = re.compile(r"^[0-9+\-() ]*$")  # as coalition.needs.services checks it
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$")

NEED_FIELDS = [
    "title",
    "description",
    "category",
    "community_id",
    "grid_id",
    "alliance_id",
    "required_skills",
    "urgency",
    "resident_name",
    "resident_phone",
    "resident_address",
]
#: The first shift, in the form that posts a need.
FIRST_SHIFT_FIELDS = ["shift_date", "shift_start", "shift_end", "shift_place", "shift_headcount"]
SHIFT_FIELDS = ["date", "start", "end", "place", "headcount"]
#: The services' names of a shift's fields, and the form's.
SHIFT_FIELD_NAMES = {"starts_at": "start", "ends_at": "end"}
FIRST_SHIFT_FIELD_NAMES = {
    "starts_at": "shift_start",
    "ends_at": "shift_end",
    "place": "shift_place",
    "headcount": "shift_headcount",
}

#: A step the need's state does not allow, by the step (the ``action`` of the error).
ILLEGAL_STEP = {
    "opened": N_("This need is “{state}” now: it cannot be published."),
    "dispatched": N_("This need is “{state}” now: it cannot be dispatched."),
    "accepted": N_("This need is “{state}” now: it cannot be accepted."),
    "declined": N_("This need is “{state}” now: it cannot be declined."),
    "service_started": N_("This need is “{state}” now: its service cannot start."),
    "escalated": N_("This need is “{state}” now: it cannot be escalated."),
    "completed": N_("This need is “{state}” now: it cannot be completed."),
    "reviewed": N_("This need is “{state}” now: it cannot be reviewed."),
    "cancelled": N_("This need is “{state}” now: it cannot be cancelled."),
}
#: Errors whose message names the need's state, by code.
STATE_ERRORS = {
    "needs.not_editable": (
        "current",
        N_("This need is “{state}” now: only drafts and needs awaiting dispatch can be edited."),
    ),
    "shifts.need_closed_to_shifts": (
        "state",
        N_("This need is “{state}” now: its shifts can no longer be planned or changed."),
    ),
    "shifts.need_not_taking_signups": (
        "state",
        N_(
            "This need is “{state}” now: volunteers can be invited once it is accepted "
            "or in the volunteer pool."
        ),
    ),
}


class Forms(dict[str, FormState]):
    """The page's forms by name; a form not named yet is empty."""

    def __missing__(self, name: str) -> FormState:
        return FormState()


class Parser:
    """Text fields to values, with the errors collected per field."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = values
        self.fields: dict[str, FieldError] = {}

    def add(self, field: str, code: str, message: str, **params: Any) -> None:
        self.fields.setdefault(field, FieldError(code, message, params))

    def text(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def integer(self, name: str, *, required: bool = False) -> int | None:
        value = self.text(name)
        if not value:
            if required:
                self.add(name, "required", "This field is required.")
            return None
        try:
            return int(value)
        except ValueError:
            self.add(name, "invalid_number", "Enter a whole number.")
            return None

    def day(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name)
        if not value:
            if required:
                self.add(name, "required", "This field is required.")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.add(name, "invalid_date", "Give the date as YYYY-MM-DD.")
            return None

    def clock(self, name: str, *, required: bool = False) -> time | None:
        value = self.text(name)
        match = _TIME.match(value)
        if match:
            return time(int(match[1]), int(match[2]))
        if value or required:
            code = "invalid_time" if value else "required"
            self.add(name, code, "Give the time as HH:MM, e.g. 09:30.")
        return None

    def raise_if_any(self) -> None:
        if self.fields:
            raise InvalidInput(self.fields)


def skills(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in SKILL_SEPARATORS.split(text) if s.strip())


def need_input(values: Mapping[str, str]) -> NeedInput:
    """The need typed into the form (InvalidInput for a number that is not one)."""
    parse = Parser(values)
    community_id = parse.integer("community_id")
    grid_id = parse.integer("grid_id")
    alliance_id = parse.integer("alliance_id")
    parse.raise_if_any()
    return NeedInput(
        title=values.get("title", ""),
        description=values.get("description", ""),
        category=values.get("category", ""),
        community_id=community_id,
        grid_id=grid_id,
        alliance_id=alliance_id,
        required_skills=skills(values.get("required_skills", "")),
        urgency=values.get("urgency", "") or "normal",
        resident_name=values.get("resident_name", ""),
        resident_phone=values.get("resident_phone", ""),
        resident_address=values.get("resident_address", ""),
    )


def precheck_need(values: Mapping[str, str]) -> dict[str, FieldError]:
    """The need's plainest mistakes, found without the library (which checks everything
    again): shown together with the first shift's errors, which stop the need from being
    posted before the library has looked at it."""
    parse = Parser(values)
    if not parse.text("title"):
        parse.add("title", "required", "This field is required.")
    if not parse.text("category"):
        parse.add("category", "unknown_category", "Choose a category from the list.")
    phone = parse.text("resident_phone")
    if phone and not PHONE.match(phone):
        parse.add("resident_phone", "invalid_phone", "Use digits, spaces, +, - and brackets.")
    return parse.fields


def span(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A shift on ``day`` from ``start`` to ``end`` local time; an end before the start is
    on the next day (a night patrol 22:00–06:00)."""
    starts_at = datetime.combine(day, start, tzinfo=zone)
    end_day = day if end > start else day + timedelta(days=1)
    return starts_at, datetime.combine(end_day, end, tzinfo=zone)


class ShiftFields:
    """A shift typed as a date, a start and an end time, a place and a headcount."""

    def __init__(self, starts_at: datetime, ends_at: datetime, place: str, headcount: int) -> None:
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.place = place
        self.headcount = headcount


def shift_fields(
    values: Mapping[str, str],
    zone: ZoneInfo,
    *,
    prefix: str = "",
    now: datetime | None = None,
) -> ShiftFields:
    """The shift typed into the fields ``<prefix>date``, ``start``, ``end``, ``place`` and
    ``headcount``. With ``now``, a start in the past is refused here already (the first
    shift of a new need is checked before the need is posted)."""
    parse = Parser(values)
    day = parse.day(f"{prefix}date", required=True)
    start = parse.clock(f"{prefix}start", required=True)
    end = parse.clock(f"{prefix}end", required=True)
    headcount = parse.integer(f"{prefix}headcount", required=True)
    place = parse.text(f"{prefix}place")
    if start is not None and end is not None and start == end:
        parse.add(f"{prefix}end", "ends_at_start", "A shift must end after it starts.")
    if headcount is not None and not 1 <= headcount <= MAX_HEADCOUNT:
        parse.add(
            f"{prefix}headcount",
            "out_of_range",
            f"Must be between 1 and {MAX_HEADCOUNT}.",
            low=1,
            high=MAX_HEADCOUNT,
        )
    if len(place) > 300:
        parse.add(f"{prefix}place", "too_long", "At most 300 characters.", max_length=300)
    parse.raise_if_any()
    assert day is not None and start is not None and end is not None and headcount is not None
    starts_at, ends_at = span(day, start, end, zone)
    if now is not None and starts_at <= now:
        parse.add(f"{prefix}start", "in_past", "A shift must start in the future.")
        parse.raise_if_any()
    return ShiftFields(starts_at, ends_at, place, headcount)


def wants_shift(values: Mapping[str, str], fields: list[str]) -> bool:
    """Something was typed into the shift's date or times."""
    return any(values.get(name, "").strip() for name in fields[:3])


def describe(error: DomainError, _: Translator) -> str:
    """An error that belongs to no single field, in the person's language; errors that
    name the need's state name it in words."""
    params = error.params
    if error.code == "needs.illegal_transition" and params.get("action") in ILLEGAL_STEP:
        state = _(STATE_LABELS.get(params.get("current", ""), str(params.get("current"))))
        return _(ILLEGAL_STEP[params["action"]], state=state)
    if error.code in STATE_ERRORS:
        key, text = STATE_ERRORS[error.code]
        state = _(STATE_LABELS.get(params.get(key, ""), str(params.get(key))))
        return _(text, state=state)
    return _.error(error)


def field_message(name: str, error: FieldError, _: Translator) -> str:
    """A field's error; a few codes mean something else for a shift or a level."""
    if name == "ends_at" and error.code == "too_long" and "hours" in error.params:
        return _("A shift lasts at most {hours} hours.", hours=error.params["hours"])
    if name == "required_skills" and error.code == "too_long":
        return _("A skill has at most 64 characters.")
    if error.code == "not_higher" and error.params.get("current") in LEVEL_LABELS:
        level = _(LEVEL_LABELS[error.params["current"]])
        return _("The need is at the {level} already: choose a higher level.", level=level)
    return _.field_error(error)


def failed_form(
    values: dict[str, str],
    error: DomainError,
    _: Translator,
    *,
    field_names: Mapping[str, str] | None = None,
    field_for_code: Mapping[str, str] | None = None,
) -> FormState:
    """The form again with ``error`` next to its fields (named as in the form through
    ``field_names``), or above the form when it concerns none of them."""
    state = FormState(values=values)
    names = field_names or {}
    if isinstance(error, InvalidInput):
        for name, field_error in error.fields.items():
            form_name = names.get(name, name)
            message = field_message(name, field_error, _)
            if form_name in values:
                state.errors.setdefault(form_name, message)
            else:
                state.message = message
    elif field_for_code and error.code in field_for_code:
        state.errors[field_for_code[error.code]] = describe(error, _)
    else:
        state.message = describe(error, _)
    return state
