"""The joint activity log (联合活动): browse it, log an activity, see one.

Anyone with a role in the tenant browses the log and logs activities; the library checks
again. The log is filtered by area, date range, organiser and alliance and paged; htmx
asks for just the log (filters and results) and gets it from the same URL.

The "log an activity" form works without JavaScript: participants are repeated rows (five
blank ones, and an "add a row" button that posts the form back with one more row); htmx
adds a row in place instead. Errors come back next to their fields, row by row, with
every typed value kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.activities.schemas import ActivityFilter, ParticipantRole
from coalition.activities.services import get_activity, list_activities, log_activity
from coalition.errors import FieldError, InvalidInput, NotFound
from portal.activities import choices
from portal.activities.form import (
    DEFAULT_ROWS,
    MAX_ROWS,
    PARTICIPANT_ROLES,
    ActivityForm,
    read_activity_form,
    row_field,
)
from portal.auth.members import Member, requires
from portal.forms import FormState
from portal.i18n import Translator, translator
from portal.rendering import render, wants_fragment
from portal.reports.figures import hours, local_time, tenant_today

PAGE_SIZE = 20
LOG_FIELDS = ("area", "start", "end", "organiser", "alliance")
ORGANISER_FILTERS = {
    "community": "community_id",
    "organisation": "organisation_id",
    "unit": "unit_id",
}


def _figures() -> dict[str, Any]:
    return {"hours": hours}


def _log_filters(
    params: Any,
) -> tuple[dict[str, str], dict[str, Any], dict[str, FieldError], int]:
    """The filters typed in the query string, the library's filter arguments, field errors
    of the filters, and the page number (from 1)."""
    values = {name: str(params.get(name) or "").strip() for name in LOG_FIELDS}
    arguments: dict[str, Any] = {}
    errors: dict[str, FieldError] = {}
    if values["area"]:
        arguments["area"] = values["area"]
    for name in ("start", "end"):
        if values[name]:
            try:
                arguments[name] = date.fromisoformat(values[name])
            except ValueError:
                errors[name] = FieldError("invalid_date", "Enter a date as YYYY-MM-DD.", {})
    kind, _, target = values["organiser"].partition(":")
    if kind in ORGANISER_FILTERS and target.isdigit():
        arguments[ORGANISER_FILTERS[kind]] = int(target)
    elif values["organiser"]:
        values["organiser"] = ""
    if values["alliance"].isdigit():
        arguments["alliance_id"] = int(values["alliance"])
    else:
        values["alliance"] = ""
    page_text = str(params.get("page") or "1")
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) < 100_000 else 1
    return values, arguments, errors, page


def _page_url(slug: str, values: dict[str, str], page: int) -> str:
    query = {name: value for name, value in values.items() if value}
    if page > 1:
        query["page"] = str(page)
    return f"/t/{slug}/activities" + (f"?{urlencode(query)}" if query else "")


class ActivitiesController(Controller):
    path = "/t/{slug:str}/activities"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="activities.log")
    async def log(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The log, newest first; htmx gets ``partials/log.html`` (filters and results)."""
        scope, t = member.scope, translator(request)
        values, arguments, errors, page = _log_filters(request.query_params)
        form = FormState(values=values)
        for name, error in errors.items():
            form.errors[name] = t.field_error(error)
        result = None
        if not errors:
            try:
                result = await list_activities(
                    scope,
                    ActivityFilter(**arguments, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE),
                )
            except InvalidInput as error:  # the range ends before it starts
                for name, field_error in error.fields.items():
                    form.errors[name if name in values else "end"] = t.field_error(field_error)
        slug = member.tenant.slug
        pages = 1 if result is None else max(1, -(-result.total // PAGE_SIZE))
        context = {
            "form": form,
            "active_filters": sum(1 for value in values.values() if value),
            "result": result,
            "areas": await choices.areas(scope, t),
            "organisers": await choices.organisers(scope),
            "organiser_kinds": {k: t(v) for k, v in choices.ORGANISER_KINDS.items()},
            "alliances": await choices.alliances(scope),
            "page": page,
            "pages": pages,
            "previous_url": _page_url(slug, values, page - 1) if page > 1 else None,
            "next_url": _page_url(slug, values, page + 1) if page < pages else None,
            **_figures(),
        }
        return render(
            request,
            "activities/log.html",
            context,
            fragment="activities/partials/log.html",
            status_code=422 if form.failed else 200,
        )

    @get("/new", name="activities.new")
    async def new(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        blank = ActivityForm.blank(tenant_today(member.tenant.time_zone))
        context = await _form_context(request, member, blank, FormState(values=blank.values))
        return render(request, "activities/new.html", context)

    @post("/new", name="activities.add")
    async def add(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Log the activity, then go to its page; or, for "add a row", the form again."""
        t = translator(request)
        submitted = await request.form()
        if submitted.get("add_row"):  # without JavaScript: one more row, nothing saved
            parsed = await read_activity_form(request, extra_row=True)
            state = FormState(values=parsed.values)
            context = await _form_context(request, member, parsed, state)
            return render(
                request,
                "activities/new.html",
                context,
                fragment="activities/partials/form.html",
            )
        parsed = await read_activity_form(request)
        error = None
        if parsed.data is not None:
            try:
                activity = await log_activity(member.scope, parsed.data)
            except (InvalidInput, NotFound) as failed:
                error = failed
            else:
                url = f"/t/{member.tenant.slug}/activities/{activity.id}"
                if wants_fragment(request):  # htmx: a full page load of the new activity
                    return Response(
                        b"", status_code=200, headers={"HX-Redirect": url, "Vary": "HX-Request"}
                    )
                return Redirect(url, status_code=303, headers={"Vary": "HX-Request"})
        context = await _form_context(request, member, parsed, parsed.state(t, error))
        return render(
            request,
            "activities/new.html",
            context,
            fragment="activities/partials/form.html",
            status_code=422,
        )

    @get("/new/participant-row", name="activities.participant_row")
    async def participant_row(
        self, request: Request, member: NamedDependency[Member]
    ) -> Response[Any]:
        """One more blank participant row (htmx), and the button that adds the next."""
        index_text = str(request.query_params.get("index") or "")
        index = int(index_text) if index_text.isdigit() else DEFAULT_ROWS
        index = min(index, MAX_ROWS - 1)
        t = translator(request)
        values = {row_field(index, "role"): ParticipantRole.VOLUNTEER.value}
        context = {
            "form": FormState(values=values),
            "n": index,
            "next_index": index + 1,
            "max_rows": MAX_ROWS,
            "people": await choices.people(member.scope, member, t),
            "participant_roles": _roles(t),
            "oob": True,
        }
        return render(request, "activities/partials/participant_row.html", context)

    @get("/{activity_id:int}", name="activities.activity")
    async def activity(
        self, request: Request, member: NamedDependency[Member], activity_id: FromPath[int]
    ) -> Response[Any]:
        scope, t = member.scope, translator(request)
        activity = await get_activity(scope, activity_id)  # NotFound: another tenant's
        volunteer_minutes = sum(
            p.minutes for p in activity.participants if p.role == ParticipantRole.VOLUNTEER
        )
        context = {
            "activity": activity,
            "areas": await choices.areas(scope, t),
            "organiser_kinds": {k: t(v) for k, v in choices.ORGANISER_KINDS.items()},
            "roles": dict(_roles(t)),
            "need_state": lambda state: choices.need_state(t, state),
            "volunteer_minutes": volunteer_minutes,
            "logged_at": local_time(activity.created_at, member.tenant.time_zone),
            **_figures(),
        }
        return render(request, "activities/activity.html", context)


def _roles(t: Translator) -> list[tuple[str, str]]:
    return [(value, t(label)) for value, label in PARTICIPANT_ROLES]


async def _form_context(
    request: Request, member: Member, parsed: ActivityForm, form: FormState
) -> dict[str, Any]:
    scope, t = member.scope, translator(request)
    return {
        "form": form,
        "selected": {name: set(ids) for name, ids in parsed.selected.items()},
        "rows": parsed.rows,
        "next_index": parsed.rows,
        "max_rows": MAX_ROWS,
        "areas": await choices.areas(scope, t),
        "organisers": await choices.organisers(scope),
        "organiser_kinds": {k: t(v) for k, v in choices.ORGANISER_KINDS.items()},
        "alliance_options": [
            ("", t("No alliance")),
            *((str(pk), name) for pk, name in await choices.alliances(scope)),
        ],
        "people": await choices.people(scope, member, t),
        "needs": await choices.needs(scope, t),
        "participant_roles": _roles(t),
        "oob": False,
    }


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [ActivitiesController]
