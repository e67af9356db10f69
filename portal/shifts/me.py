"""The volunteer's own page (我的服务): what it shows, part by part.

``/t/{slug}/me`` has four parts; htmx asks for one of them with ``?part=``:

- ``shifts``: upcoming sign-ups (confirmed, or the place on the waitlist) with cancel,
  check-in and check-out, attendance still open, and pending invitations;
- ``report``: the form to report hours (申报时长);
- ``record``: the service record (服务记录) over a date range, and the latest records;
- the calendar feed address (only on the whole page).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from litestar import Request
from litestar.response import Template

from coalition.actors.schemas import VolunteerOut
from coalition.actors.volunteers import volunteer_of_person
from coalition.errors import FieldError, InvalidInput
from coalition.hours.attendance import CHECK_IN_OPENS
from coalition.hours.schemas import HoursRecordOut, HoursReportInput, HoursStatus
from coalition.hours.services import REPORT_MAX_AGE_DAYS, list_volunteer_hours, service_record
from coalition.shifts.invitations import my_invitations
from coalition.shifts.schemas import MySignUpOut, SignUpStatus
from coalition.shifts.signups import my_signups
from coalition.tenancy import TenantScope
from portal.auth.members import Member
from portal.forms import FormState
from portal.hours.labels import KIND_LABELS, STATUS_LABELS, namespaced
from portal.i18n import N_, Translator, translator
from portal.rendering import render, wants_fragment
from portal.shifts.calendar import feed_url
from portal.shifts.display import Display, display

PARTS = {
    "shifts": "shifts/partials/my_shifts.html",
    "report": "shifts/partials/report_form.html",
    "record": "shifts/partials/service_record.html",
}
#: Told to the page after an action without JavaScript (``/me?done=...``).
DONE = {
    "cancelled": N_("Your sign-up is cancelled."),
    "checked_in": N_("You are checked in."),
    "checked_out": N_("You are checked out; your hours wait for verification."),
    "accepted": N_("Invitation accepted."),
    "declined": N_("Invitation declined."),
    "reported": N_("Your hours are reported and wait for verification."),
}
REPORT_FIELDS = ["served_on", "amount", "unit", "need_id", "note"]
UNITS = [("hours", N_("hours")), ("minutes", N_("minutes"))]
RECORDS_SHOWN = 10
#: Event on <body> after hours change: the service record reloads itself.
HOURS_CHANGED = "hoursChanged"


@dataclass(frozen=True, slots=True)
class Notes:
    """What to tell above a part: a success or an error that belongs to no field."""

    notice: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class SignupEntry:
    signup: MySignUpOut
    attendance: HoursRecordOut | None
    can_check_in: bool
    check_in_opens: datetime
    can_cancel: bool

    @property
    def confirmed(self) -> bool:
        return self.signup.status == SignUpStatus.CONFIRMED


@dataclass(slots=True)
class MeState:
    """What a handler changes about the page it sends back."""

    shifts: Notes = field(default_factory=Notes)
    report: FormState | None = None
    record_values: dict[str, str] = field(default_factory=dict)


# --- reading the parts ---------------------------------------------------------------------


async def own_volunteer(member: Member) -> VolunteerOut | None:
    person_id = member.actor.person_id
    if person_id is None:
        return None
    return await volunteer_of_person(member.scope, person_id)


def _today(show: Display, now: datetime) -> date:
    return show.local(now).date()


async def shifts_part(
    scope: TenantScope, volunteer: VolunteerOut, show: Display, notes: Notes
) -> dict[str, Any]:
    now = datetime.now(UTC)
    signups = await my_signups(scope)
    invitations = await my_invitations(scope)
    recent = await list_volunteer_hours(
        scope, volunteer.id, start=_today(show, now) - timedelta(days=2), limit=200
    )
    still_open = await list_volunteer_hours(
        scope, volunteer.id, status=HoursStatus.CHECKED_IN.value, limit=50
    )
    attendance = {
        r.shift_id: r
        for r in [*recent.items, *still_open.items]
        if r.shift_id is not None and r.status != HoursStatus.REJECTED
    }
    entries = []
    for s in signups:
        record = attendance.get(s.shift_id)
        opens = s.starts_at - CHECK_IN_OPENS
        confirmed = s.status == SignUpStatus.CONFIRMED
        entries.append(
            SignupEntry(
                signup=s,
                attendance=record,
                can_check_in=confirmed and record is None and opens <= now <= s.ends_at,
                check_in_opens=opens,
                can_cancel=s.starts_at > now,
            )
        )
    listed = {s.shift_id for s in signups}
    return {
        "entries": entries,
        "invitations": invitations,
        "checked_in": [r for r in still_open.items if r.shift_id not in listed],
        "shifts_notes": notes,
    }


async def report_part(
    scope: TenantScope, show: Display, t: Translator, form: FormState | None
) -> dict[str, Any]:
    signups = await my_signups(scope, upcoming_only=False)
    since = datetime.now(UTC) - timedelta(days=REPORT_MAX_AGE_DAYS + 1)
    needs: dict[int, str] = {}
    for s in signups:
        if s.status == SignUpStatus.CONFIRMED and s.starts_at >= since:
            needs.setdefault(s.need_id, s.need_title)
    today = _today(show, datetime.now(UTC))
    return {
        "report_form": form or blank_report(today),
        "need_options": [("", t("No particular need"))]
        + [(str(need_id), title) for need_id, title in needs.items()],
        "unit_options": [(value, t(label)) for value, label in UNITS],
        "today": today.isoformat(),
    }


def blank_report(today: date) -> FormState:
    return FormState(values={"served_on": today.isoformat(), "unit": "hours"})


def parse_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


INVALID_DATE = FieldError("hours.invalid_date", "Enter a date, for example 2026-05-04.", {})


async def record_part(
    scope: TenantScope, volunteer: VolunteerOut, values: dict[str, str], t: Translator
) -> dict[str, Any]:
    form = FormState(values={"start": values.get("start", ""), "end": values.get("end", "")})
    bounds: dict[str, date | None] = {}
    for name in ("start", "end"):
        raw = form.value(name).strip()
        bounds[name] = parse_day(raw) if raw else None
        if raw and bounds[name] is None:
            form.errors[name] = t.field_error(INVALID_DATE)
    record = None
    if not form.errors:
        try:
            record = await service_record(
                scope, volunteer.id, start=bounds["start"], end=bounds["end"]
            )
        except InvalidInput as error:
            for name, problem in namespaced(error).fields.items():
                form.errors[name if name in form.values else "end"] = t.field_error(problem)
    if record is None:  # a range that cannot be read: the whole record, errors shown
        record = await service_record(scope, volunteer.id)
    latest = await list_volunteer_hours(
        scope,
        volunteer.id,
        start=bounds["start"] if not form.errors else None,
        end=bounds["end"] if not form.errors else None,
        limit=RECORDS_SHOWN,
    )
    return {
        "record": record,
        "range_form": form,
        "latest": latest,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
    }


# --- the response --------------------------------------------------------------------------


async def me_response(
    request: Request,
    member: Member,
    *,
    part: str | None = None,
    state: MeState | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    """The whole page, or (for htmx) only ``part``."""
    state = state or MeState()
    scope, t = member.scope, translator(request)
    show = display(request, member.tenant)
    volunteer = await own_volunteer(member)
    fragment = PARTS.get(part or "") if wants_fragment(request) else None
    context: dict[str, Any] = {"volunteer": volunteer, "show": show}
    if volunteer is None:
        return render(request, "shifts/me.html", context, status_code=status_code)
    if fragment is None or part == "shifts":
        context.update(await shifts_part(scope, volunteer, show, state.shifts))
    if fragment is None or part == "report":
        context.update(await report_part(scope, show, t, state.report))
    if fragment is None or part == "record":
        context.update(await record_part(scope, volunteer, state.record_values, t))
    if fragment is None:
        person_id = member.actor.person_id
        assert person_id is not None
        context["calendar_url"] = feed_url(request, member.tenant.slug, member.tenant.id, person_id)
    return render(
        request,
        fragment or "shifts/me.html",
        context,
        status_code=status_code,
        headers=headers,
    )


# --- reporting hours -----------------------------------------------------------------------

#: Field errors of the report form that the library names differently.
REPORT_FIELD_NAMES = {"minutes": "amount", "shift_id": "need_id"}
REPORT_RANGE = FieldError("hours.report_range", "Report between 1 minute and 16 hours.", {})
INVALID_AMOUNT = FieldError("hours.invalid_amount", "Enter a number, for example 2 or 1.5.", {})
REQUIRED = FieldError("required", "This field is required.", {})
INVALID_CHOICE = FieldError("invalid_choice", "Choose one of the listed values.", {})


def report_input(values: dict[str, str]) -> HoursReportInput:
    """The report form as the service's input; InvalidInput for what cannot be read."""
    problems: dict[str, FieldError] = {}
    served_on = parse_day(values["served_on"]) if values["served_on"].strip() else None
    if served_on is None:
        problems["served_on"] = INVALID_DATE if values["served_on"].strip() else REQUIRED
    unit = values["unit"] or "hours"
    if unit not in {"hours", "minutes"}:
        problems["unit"] = INVALID_CHOICE
    minutes = 0
    amount = values["amount"].strip().replace(",", ".").replace("，", ".")
    if not amount:
        problems["amount"] = REQUIRED
    else:
        try:
            number = Decimal(amount)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or abs(number) > 10**6:
            problems["amount"] = INVALID_AMOUNT
        else:
            factor = 60 if unit == "hours" else 1
            minutes = math.floor(number * factor + Decimal("0.5"))
    need_id = None
    if values["need_id"].strip():
        try:
            need_id = int(values["need_id"])
        except ValueError:
            problems["need_id"] = INVALID_CHOICE
    if problems:
        raise InvalidInput(problems)
    assert served_on is not None
    return HoursReportInput(
        served_on=served_on, minutes=minutes, need_id=need_id, note=values["note"]
    )


def report_error(error: InvalidInput) -> InvalidInput:
    """The library's field errors under the form's field names, in the form's terms."""
    fields: dict[str, FieldError] = {}
    for name, problem in namespaced(error).fields.items():
        if name == "minutes" and problem.code in {"out_of_range", "not_a_number"}:
            problem = REPORT_RANGE
        fields.setdefault(REPORT_FIELD_NAMES.get(name, name), problem)
    return InvalidInput(fields)


__all__ = [
    "DONE",
    "HOURS_CHANGED",
    "REPORT_FIELDS",
    "MeState",
    "Notes",
    "blank_report",
    "me_response",
    "own_volunteer",
    "report_error",
    "report_input",
]
