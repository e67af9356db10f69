"""The "log an activity" form: reading it, and placing every error next to its field.

Participants are repeated rows named ``participants.<n>.person``, ``.role`` and
``.minutes`` (n from 0). A row left blank is skipped; the library numbers the rows it
receives from 0, so its errors (``participants[2].minutes``) are moved back to the row
the person typed them in. Co-organisers and linked needs are check boxes sent as repeated
fields (``community_ids``, ``organisation_ids``, ``unit_ids``, ``need_ids``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from litestar import Request

from coalition.activities.schemas import ActivityInput, ParticipantInput, ParticipantRole
from coalition.errors import DomainError, FieldError, InvalidInput
from portal.forms import FormState
from portal.i18n import N_, Translator

FIELDS = ("title", "area", "held_on", "place", "alliance", "outcome")
MULTI = ("community_ids", "organisation_ids", "unit_ids", "need_ids")
ROW_PARTS = ("person", "role", "minutes")
#: Empty rows offered on a new form, and the most rows a form may have (the library's cap).
DEFAULT_ROWS = 5
MAX_ROWS = 500

PARTICIPANT_ROLES = [
    (ParticipantRole.VOLUNTEER.value, N_("Volunteer")),
    (ParticipantRole.STAFF.value, N_("Staff")),
]
CHOOSE_ORGANISER = N_("Choose at least one co-organiser.")

_FORM_ROW = re.compile(r"^participants\.(\d+)\.(person|role|minutes)$")
_LIBRARY_ROW = re.compile(r"^participants\[(\d+)\]\.(person_id|role|minutes)$")


def row_field(n: int, part: str) -> str:
    return f"participants.{n}.{part}"


@dataclass
class ActivityForm:
    """What was typed (kept on errors), and the input for the library when it reads well."""

    values: dict[str, str]
    selected: dict[str, list[int]]
    rows: int
    errors: dict[str, FieldError] = field(default_factory=dict)
    data: ActivityInput | None = None
    #: The form row of each participant given to the library, in order.
    row_of: list[int] = field(default_factory=list)

    @classmethod
    def blank(cls, today: date) -> ActivityForm:
        values = {name: "" for name in FIELDS}
        values["held_on"] = today.isoformat()
        for n in range(DEFAULT_ROWS):
            values[row_field(n, "role")] = ParticipantRole.VOLUNTEER.value
        return cls(values=values, selected={name: [] for name in MULTI}, rows=DEFAULT_ROWS)

    def state(self, t: Translator, error: DomainError | None = None) -> FormState:
        """The form with every error (ours and the library's) next to its field."""
        state = FormState(values=dict(self.values))
        for name, field_error in self.errors.items():
            _place(state, t, name, field_error)
        if isinstance(error, InvalidInput):
            for name, field_error in error.fields.items():
                _place(state, t, self._form_field(name), field_error)
        elif error is not None:
            state.message = t.error(error)
        return state

    def _form_field(self, library_field: str) -> str:
        match = _LIBRARY_ROW.match(library_field)
        if match is None:
            return library_field
        n, part = int(match[1]), match[2]
        row = self.row_of[n] if n < len(self.row_of) else n
        return row_field(row, "person" if part == "person_id" else part)


def _place(state: FormState, t: Translator, name: str, error: FieldError) -> None:
    if name == "organisers" and error.code == "required":
        state.errors[name] = t(CHOOSE_ORGANISER)
    elif name in state.values or name in ("organisers", "participants", "need_ids"):
        state.errors.setdefault(name, t.field_error(error))
    else:
        state.message = t.field_error(error)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _ids(values: list[object]) -> list[int]:
    """The ids among ``values``, in the order given, each once."""
    found: dict[int, None] = {}
    for value in values:
        text = _text(value)
        if text.isdigit() and len(text) < 10:
            found[int(text)] = None
    return list(found)


def _error(code: str, message: str, **params: object) -> FieldError:
    return FieldError(code=code, message=message, params=params)


async def read_activity_form(request: Request, *, extra_row: bool = False) -> ActivityForm:
    """The posted form, and an ``ActivityInput`` when nothing is wrong with it here."""
    form = await request.form()
    values = {name: _text(form.get(name)) for name in FIELDS}
    outcome = form.get("outcome")
    values["outcome"] = outcome if isinstance(outcome, str) else ""  # line breaks kept
    typed_rows = [
        int(match[1])
        for key in form
        if (match := _FORM_ROW.match(key)) and int(match[1]) < MAX_ROWS
    ]
    rows = max([DEFAULT_ROWS, *(n + 1 for n in typed_rows)])
    if extra_row:
        rows = min(rows + 1, MAX_ROWS)
    for n in range(rows):
        for part in ROW_PARTS:
            values[row_field(n, part)] = _text(form.get(row_field(n, part)))
        values[row_field(n, "role")] = values[row_field(n, "role")] or ParticipantRole.VOLUNTEER
    parsed = ActivityForm(
        values=values,
        selected={name: _ids(form.getall(name, [])) for name in MULTI},
        rows=rows,
    )
    _check(parsed)
    return parsed


def _check(parsed: ActivityForm) -> None:
    values, errors = parsed.values, parsed.errors
    # Checked again by the library; here so that they show with the errors found here.
    if not values["title"]:
        errors["title"] = _error("required", "This field is required.")
    if not values["area"]:
        errors["area"] = _error("required", "This field is required.")
    if not any(parsed.selected[name] for name in MULTI[:3]):
        errors["organisers"] = _error("required", "Name at least one co-organiser.")
    held_on: date | None = None
    if not values["held_on"]:
        errors["held_on"] = _error("required", "This field is required.")
    else:
        try:
            held_on = date.fromisoformat(values["held_on"])
        except ValueError:
            errors["held_on"] = _error("invalid_date", "Enter a date as YYYY-MM-DD.")
    alliance_id: int | None = None
    if values["alliance"]:
        if values["alliance"].isdigit():
            alliance_id = int(values["alliance"])
        else:
            errors["alliance"] = _error("invalid_choice", "Choose one of the listed values.")
    participants: list[ParticipantInput] = []
    for n in range(parsed.rows):
        person, role, minutes = (values[row_field(n, part)] for part in ROW_PARTS)
        if not person and not minutes:
            continue  # a blank row
        if not person:
            errors[row_field(n, "person")] = _error("required", "This field is required.")
        elif not person.isdigit():
            errors[row_field(n, "person")] = _error(
                "invalid_choice", "Choose one of the listed values."
            )
        count = 0
        if not minutes:
            if role != ParticipantRole.STAFF:
                errors[row_field(n, "minutes")] = _error("required", "This field is required.")
        else:
            try:
                count = int(minutes)
            except ValueError:
                errors[row_field(n, "minutes")] = _error(
                    "not_a_number", "Give a whole number of minutes."
                )
        if person.isdigit():
            participants.append(ParticipantInput(person_id=int(person), role=role, minutes=count))
            parsed.row_of.append(n)
    if errors or held_on is None:
        return
    parsed.data = ActivityInput(
        title=values["title"],
        area=values["area"],
        held_on=held_on,
        community_ids=parsed.selected["community_ids"],
        organisation_ids=parsed.selected["organisation_ids"],
        unit_ids=parsed.selected["unit_ids"],
        alliance_id=alliance_id,
        place=values["place"],
        outcome=values["outcome"],
        participants=participants,
        need_ids=parsed.selected["need_ids"],
    )
