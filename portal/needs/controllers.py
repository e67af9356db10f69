"""The needs pages (需求清单): the board, posting a need, a need's page and its steps.

- ``GET /t/{slug}/needs``: the board, filtered and paged; htmx gets only the list.
- ``GET|POST /t/{slug}/needs/new``: post a need (and its first shift), published or kept
  as a draft.
- ``GET /t/{slug}/needs/{id}``: the need, its history, dispatches, shifts and review,
  with the forms of the steps the member may take.
- ``POST /t/{slug}/needs/{id}/<step>``: edit, open, dispatch, accept, decline, escalate,
  complete, cancel, review. Without JavaScript each answers with a redirect to the need's
  page; htmx gets the need's section back. A refused step comes back translated.

Shifts and invitations are in :mod:`portal.needs.shift_controllers`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, DomainError, InvalidInput
from coalition.needs.board import get_need
from coalition.needs.closing import cancel_need, complete_need, escalate_need, review_need
from coalition.needs.dispatch import accept_dispatch, decline_dispatch, dispatch_need
from coalition.needs.schemas import (
    EDITABLE_STATES,
    DispatchInput,
    EscalationInput,
    ReviewInput,
)
from coalition.needs.services import edit_need, open_need, post_need
from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift
from portal.auth.members import Member, requires
from portal.forms import FormState, read_form
from portal.i18n import N_, translator
from portal.needs.forms import (
    FIRST_SHIFT_FIELD_NAMES,
    FIRST_SHIFT_FIELDS,
    NEED_FIELDS,
    Forms,
    Parser,
    describe,
    failed_form,
    need_input,
    precheck_need,
    shift_fields,
    wants_shift,
)
from portal.needs.pages import (
    board_context,
    error_status,
    misplaced,
    need_context,
    need_form_context,
    need_url,
    need_values,
    new_need_values,
)
from portal.needs.permissions import BOARD_ROLES, MANAGERS, MEMBERS, POSTERS
from portal.needs.shift_controllers import NeedShiftsController
from portal.rendering import render, wants_fragment

#: The page's forms, and which offered action shows each (see NeedActions).
FORM_ACTIONS = {
    "open": "open",
    "dispatch": "dispatch",
    "accept": "answer",
    "decline": "answer",
    "escalate": "escalate",
    "complete": "complete",
    "cancel": "cancel",
    "review": "review",
}
DISPATCH_FIELDS = ["kind", "organisation_id", "unit_id", "note"]


async def render_need(
    request: Request,
    member: Member,
    need_id: int,
    *,
    forms: Forms | None = None,
    notice: str | None = None,
    alert: str | None = None,
    status: int = 200,
) -> Response[Any]:
    """The need's page, or for htmx its main section (``#need``)."""
    context = await need_context(request, member, need_id, forms=forms, notice=notice, alert=alert)
    if forms and context["alert"] is None:
        actions = context["actions"]
        shown = {name: getattr(actions, flag) for name, flag in FORM_ACTIONS.items()}
        context["alert"] = misplaced(forms, shown)
    return render(
        request,
        "needs/need.html",
        context,
        fragment="needs/partials/need.html",
        status_code=status,
    )


class NeedsController(Controller):
    path = "/t/{slug:str}/needs"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="needs.board", guards=[requires(*BOARD_ROLES)])
    async def board(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The board; htmx (the filters, the pages) gets the list alone."""
        context, status = await board_context(request, member)
        return render(
            request,
            "needs/board.html",
            context,
            fragment="needs/partials/board_list.html",
            status_code=status,
        )

    # --- posting and editing -----------------------------------------------------------

    @get("/new", name="needs.new", guards=[requires(*POSTERS)])
    async def new(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        form = FormState(values=new_need_values(member))
        return render(request, "needs/new.html", await need_form_context(request, member, form))

    @post("/new", name="needs.post", guards=[requires(*POSTERS)])
    async def post_new(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        values = await read_form(request, [*NEED_FIELDS, *FIRST_SHIFT_FIELDS, "action"])
        _ = translator(request)
        zone = ZoneInfo(member.tenant.time_zone)
        context = await need_form_context(request, member, FormState(values=values))
        with_shift = context["with_shift"] and wants_shift(values, FIRST_SHIFT_FIELDS)
        try:
            data = need_input(values)
            shift = None
            if with_shift:
                shift = shift_fields(values, zone, prefix="shift_", now=datetime.now(UTC))
            need = await post_need(member.scope, data, draft=values["action"] == "draft")
        except (InvalidInput, Conflict) as error:
            if with_shift and isinstance(error, InvalidInput):
                error = _all_errors(error, values, zone)
            context["form"] = failed_form(values, error, _)
            return render(
                request,
                "needs/new.html",
                context,
                fragment="needs/partials/need_form.html",
                status_code=error_status(error),
            )
        if shift is not None:
            try:
                await create_shift(
                    member.scope,
                    ShiftInput(
                        need_id=need.id,
                        starts_at=shift.starts_at,
                        ends_at=shift.ends_at,
                        place=shift.place,
                        headcount=shift.headcount,
                    ),
                )
            except (InvalidInput, Conflict) as error:  # e.g. the time passed meanwhile
                return await _shift_not_added(request, member, need.id, values, error)
        return _to_need(request, member, need.id)

    @get("/{need_id:int}/edit", name="needs.edit_form", guards=[requires(*POSTERS)])
    async def edit_form(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        need = await get_need(member.scope, need_id)
        form = FormState(values=need_values(need))
        if need.state not in EDITABLE_STATES:  # say so before anything is typed
            stale = Conflict("Not editable.", code="needs.not_editable", current=need.state)
            form.message = describe(stale, translator(request))
        context = await need_form_context(request, member, form, need=need)
        return render(request, "needs/edit.html", context)

    @post("/{need_id:int}/edit", name="needs.edit", guards=[requires(*POSTERS)])
    async def edit(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        need = await get_need(member.scope, need_id)
        values = await read_form(request, NEED_FIELDS)
        try:
            await edit_need(member.scope, need.id, need_input(values))
        except (InvalidInput, Conflict) as error:
            form = failed_form(values, error, translator(request))
            context = await need_form_context(request, member, form, need=need)
            return render(
                request,
                "needs/edit.html",
                context,
                fragment="needs/partials/need_form.html",
                status_code=error_status(error),
            )
        return _to_need(request, member, need.id)

    # --- the steps of a need's life ----------------------------------------------------

    @post("/{need_id:int}/open", name="needs.open", guards=[requires(*POSTERS)])
    async def open(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            await open_need(member.scope, need_id)

        return await _step(request, member, need_id, "open", [], step, N_("Published."))

    @post("/{need_id:int}/dispatch", name="needs.dispatch", guards=[requires(*MANAGERS)])
    async def dispatch(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            kind = values["kind"]
            parse = Parser(values)
            organisation_id = parse.integer("organisation_id") if kind == "organisation" else None
            unit_id = parse.integer("unit_id") if kind == "unit" else None
            parse.raise_if_any()
            data = DispatchInput(
                kind=kind, organisation_id=organisation_id, unit_id=unit_id, note=values["note"]
            )
            await dispatch_need(member.scope, need_id, data)

        return await _step(
            request, member, need_id, "dispatch", DISPATCH_FIELDS, step, N_("Dispatched.")
        )

    @post("/{need_id:int}/accept", name="needs.accept", guards=[requires(*MEMBERS)])
    async def accept(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            await accept_dispatch(member.scope, need_id, note=values["note"])

        return await _step(request, member, need_id, "accept", ["note"], step, N_("Accepted."))

    @post("/{need_id:int}/decline", name="needs.decline", guards=[requires(*MEMBERS)])
    async def decline(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            await decline_dispatch(member.scope, need_id, values["reason"])

        return await _step(
            request,
            member,
            need_id,
            "decline",
            ["reason"],
            step,
            N_("Declined: the need is back on the list for another dispatch."),
        )

    @post("/{need_id:int}/escalate", name="needs.escalate", guards=[requires(*POSTERS)])
    async def escalate(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            data = EscalationInput(to_level=values["to_level"], reason=values["reason"])
            await escalate_need(member.scope, need_id, data)

        return await _step(
            request, member, need_id, "escalate", ["to_level", "reason"], step, N_("Escalated.")
        )

    @post("/{need_id:int}/complete", name="needs.complete", guards=[requires(*MANAGERS)])
    async def complete(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            await complete_need(member.scope, need_id, note=values["note"])

        return await _step(request, member, need_id, "complete", ["note"], step, N_("Completed."))

    @post("/{need_id:int}/cancel", name="needs.cancel", guards=[requires(*POSTERS)])
    async def cancel(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            await cancel_need(member.scope, need_id, values["reason"])

        return await _step(
            request, member, need_id, "cancel", ["reason"], step, N_("The need was cancelled.")
        )

    @post("/{need_id:int}/review", name="needs.review", guards=[requires(*POSTERS)])
    async def review(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            parse = Parser(values)
            rating = parse.integer("rating", required=True)
            parse.raise_if_any()
            assert rating is not None
            data = ReviewInput(rating=rating, comment=values["comment"])
            await review_need(member.scope, need_id, data)

        return await _step(
            request,
            member,
            need_id,
            "review",
            ["rating", "comment"],
            step,
            N_("Thank you for the review."),
        )

    @get("/{need_id:int}", name="needs.need")
    async def need(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        return await render_need(request, member, need_id)


def _to_need(request: Request, member: Member, need_id: int) -> Response[Any]:
    """After a form: a redirect to the need's page (for htmx, a full-page redirect)."""
    url = need_url(member, need_id)
    if wants_fragment(request):
        return Response(b"", status_code=200, headers={"HX-Redirect": url, "Vary": "HX-Request"})
    return Redirect(url, status_code=303, headers={"Vary": "HX-Request"})


def _all_errors(error: InvalidInput, values: dict[str, str], zone: ZoneInfo) -> InvalidInput:
    """The need's errors and the first shift's together, so that all show at once."""
    fields = {**precheck_need(values), **error.fields}
    try:
        shift_fields(values, zone, prefix="shift_", now=datetime.now(UTC))
    except InvalidInput as shift_error:
        fields.update(shift_error.fields)
    return InvalidInput(fields)


async def _shift_not_added(
    request: Request, member: Member, need_id: int, values: dict[str, str], error: DomainError
) -> Response[Any]:
    """The need was posted but its first shift was refused: the need's page, with the
    shift's form filled in as typed and the error next to its field."""
    _ = translator(request)
    typed = {name.removeprefix("shift_"): values[name] for name in FIRST_SHIFT_FIELDS}
    names = {k: v.removeprefix("shift_") for k, v in FIRST_SHIFT_FIELD_NAMES.items()}
    forms = Forms({"shift": failed_form(typed, error, _, field_names=names)})
    context = await need_context(
        request,
        member,
        need_id,
        forms=forms,
        notice=_("The need was saved, but its first shift was not added."),
    )
    headers = {}
    if wants_fragment(request):
        headers = {
            "HX-Retarget": "#main",
            "HX-Reswap": "outerHTML",
            "HX-Reselect": "#main",
            "HX-Push-Url": need_url(member, need_id),
        }
    return render(
        request, "needs/need.html", context, status_code=error_status(error), headers=headers
    )


async def _step(
    request: Request,
    member: Member,
    need_id: int,
    name: str,
    fields: list[str],
    step: Callable[[dict[str, str]], Awaitable[None]],
    done: str,
) -> Response[Any]:
    """Take one step of the need's life from the form ``name``: a redirect to the need's
    page, or for htmx its section with ``done``; on an error, the page again with the
    error next to the field (or above the forms when the step is not allowed now)."""
    need = await get_need(member.scope, need_id)  # NotFound first: another tenant's id
    values = await read_form(request, fields)
    _ = translator(request)
    try:
        await step(values)
    except (InvalidInput, Conflict) as error:
        form = failed_form(values, error, _)
        forms = Forms({name: form})
        alert = None
        if isinstance(error, Conflict):  # the state changed: say so above everything
            alert, form.message = form.message, None
        return await render_need(
            request, member, need.id, forms=forms, alert=alert, status=error_status(error)
        )
    if not wants_fragment(request):
        return Redirect(need_url(member, need.id), status_code=303)
    return await render_need(request, member, need.id, notice=_(done))


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [NeedsController, NeedShiftsController]

__all__ = ["CONTROLLERS"]
