"""A need's shifts (班次) on its page: add one or a weekly series, change or cancel one,
and invite volunteers to it (a search by name, then an invitation).

Each form posts without JavaScript (then a redirect to the need's page, at the shift) and
with htmx (then the shifts section alone comes back). Only tenant admins, the community's
staff and the member the need was dispatched to run its shifts; the services check it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, InvalidInput
from coalition.needs.board import get_need
from coalition.shifts.invitations import invite, shift_invitations
from coalition.shifts.recurrence import create_series
from coalition.shifts.schemas import InvitationInput, SeriesInput, ShiftChange, ShiftInput
from coalition.shifts.services import cancel_shift, change_shift, create_shift, roster
from portal.auth.members import Member, requires
from portal.forms import FormState, read_form
from portal.i18n import N_, translator
from portal.needs.forms import (
    SHIFT_FIELD_NAMES,
    SHIFT_FIELDS,
    Forms,
    Parser,
    failed_form,
    shift_fields,
)
from portal.needs.pages import (
    base_context,
    error_status,
    find_volunteers,
    misplaced,
    need_context,
    need_url,
    shift_of_need,
)
from portal.needs.permissions import SHIFT_MANAGERS
from portal.rendering import render, wants_fragment

SERIES_FIELDS = [
    "weekday",
    "start_time",
    "end_time",
    "first_date",
    "last_date",
    "place",
    "headcount",
]


async def render_shifts(
    request: Request,
    member: Member,
    need_id: int,
    *,
    forms: Forms | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response[Any]:
    """The need's page, or for htmx its shifts section (``#need-shifts``)."""
    context = await need_context(request, member, need_id, forms=forms, shifts_notice=notice)
    if forms:
        shown = dict.fromkeys(("shift", "series", "shiftchange", "shiftcancel", "invite"), False)
        if context["actions"].shifts:
            shown = {}
        context["shifts_alert"] = misplaced(forms, shown)
    return render(
        request,
        "needs/need.html",
        context,
        fragment="needs/partials/shifts.html",
        status_code=status,
    )


async def _shift_step(
    request: Request,
    member: Member,
    need_id: int,
    name: str,
    fields: list[str],
    step: Callable[[dict[str, str]], Awaitable[None]],
    done: str,
    *,
    anchor: str = "shifts",
    field_names: dict[str, str] | None = None,
) -> Response[Any]:
    need = await get_need(member.scope, need_id)  # NotFound first: another tenant's id
    values = await read_form(request, fields)
    _ = translator(request)
    try:
        await step(values)
    except (InvalidInput, Conflict) as error:
        forms = Forms({name: failed_form(values, error, _, field_names=field_names)})
        return await render_shifts(
            request, member, need.id, forms=forms, status=error_status(error)
        )
    if not wants_fragment(request):
        return Redirect(need_url(member, need.id, anchor), status_code=303)
    return await render_shifts(request, member, need.id, notice=_(done))


class NeedShiftsController(Controller):
    path = "/t/{slug:str}/needs/{need_id:int}"
    guards = [requires(*SHIFT_MANAGERS)]  # noqa: RUF012 - Litestar reads this class attribute

    @post("/shifts", name="needs.add_shift")
    async def add_shift(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        zone = ZoneInfo(member.tenant.time_zone)

        async def step(values: dict[str, str]) -> None:
            shift = shift_fields(values, zone)
            data = ShiftInput(
                need_id=need_id,
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                place=shift.place,
                headcount=shift.headcount,
            )
            await create_shift(member.scope, data)

        return await _shift_step(
            request,
            member,
            need_id,
            "shift",
            SHIFT_FIELDS,
            step,
            N_("Shift added."),
            field_names=SHIFT_FIELD_NAMES,
        )

    @post("/series", name="needs.add_series")
    async def add_series(
        self, request: Request, member: NamedDependency[Member], need_id: FromPath[int]
    ) -> Response[Any]:
        async def step(values: dict[str, str]) -> None:
            parse = Parser(values)
            weekday = parse.integer("weekday", required=True)
            first_date = parse.day("first_date", required=True)
            last_date = parse.day("last_date", required=True)
            headcount = parse.integer("headcount", required=True)
            for name in ("start_time", "end_time"):
                parse.clock(name, required=True)
            parse.raise_if_any()
            assert weekday is not None and headcount is not None
            assert first_date is not None and last_date is not None
            data = SeriesInput(
                need_id=need_id,
                weekday=weekday,
                start_time=_hhmm(values["start_time"]),
                end_time=_hhmm(values["end_time"]),
                first_date=first_date,
                last_date=last_date,
                place=values["place"],
                headcount=headcount,
            )
            await create_series(member.scope, data)

        return await _shift_step(
            request, member, need_id, "series", SERIES_FIELDS, step, N_("Weekly shifts added.")
        )

    @post("/shifts/{shift_id:int}/change", name="needs.change_shift")
    async def change(
        self,
        request: Request,
        member: NamedDependency[Member],
        need_id: FromPath[int],
        shift_id: FromPath[int],
    ) -> Response[Any]:
        await shift_of_need(member, need_id, shift_id)
        zone = ZoneInfo(member.tenant.time_zone)

        async def step(values: dict[str, str]) -> None:
            shift = shift_fields(values, zone)
            change = ShiftChange(
                starts_at=shift.starts_at,
                ends_at=shift.ends_at,
                place=shift.place,
                headcount=shift.headcount,
            )
            await change_shift(member.scope, shift_id, change)

        return await _shift_step(
            request,
            member,
            need_id,
            f"shiftchange-{shift_id}",
            SHIFT_FIELDS,
            step,
            N_("Shift changed; its volunteers will be told."),
            anchor=f"shift-{shift_id}",
            field_names=SHIFT_FIELD_NAMES,
        )

    @post("/shifts/{shift_id:int}/cancel", name="needs.cancel_shift")
    async def cancel(
        self,
        request: Request,
        member: NamedDependency[Member],
        need_id: FromPath[int],
        shift_id: FromPath[int],
    ) -> Response[Any]:
        await shift_of_need(member, need_id, shift_id)

        async def step(values: dict[str, str]) -> None:
            await cancel_shift(member.scope, shift_id, reason=values["reason"])

        return await _shift_step(
            request,
            member,
            need_id,
            f"shiftcancel-{shift_id}",
            ["reason"],
            step,
            N_("Shift cancelled; its volunteers will be told."),
            anchor=f"shift-{shift_id}",
        )

    @post("/shifts/{shift_id:int}/invite", name="needs.invite")
    async def invite(
        self,
        request: Request,
        member: NamedDependency[Member],
        need_id: FromPath[int],
        shift_id: FromPath[int],
    ) -> Response[Any]:
        await shift_of_need(member, need_id, shift_id)

        async def step(values: dict[str, str]) -> None:
            parse = Parser(values)
            volunteer_id = parse.integer("volunteer_id", required=True)
            parse.raise_if_any()
            assert volunteer_id is not None
            data = InvitationInput(
                shift_id=shift_id, volunteer_id=volunteer_id, message=values["message"]
            )
            await invite(member.scope, data)

        return await _shift_step(
            request,
            member,
            need_id,
            f"invite-{shift_id}",
            ["volunteer_id", "message"],
            step,
            N_("Invitation sent."),
            anchor=f"shift-{shift_id}",
        )

    @get("/shifts/{shift_id:int}/volunteers", name="needs.find_volunteers")
    async def volunteers(
        self,
        request: Request,
        member: NamedDependency[Member],
        need_id: FromPath[int],
        shift_id: FromPath[int],
    ) -> Response[Any]:
        """Volunteers to invite, found by name; htmx gets the results alone."""
        shift = await shift_of_need(member, need_id, shift_id)
        need = await get_need(member.scope, need_id)
        taken = {e.volunteer_id for e in await roster(member.scope, shift.id)}
        invited = {
            i.volunteer_id
            for i in await shift_invitations(member.scope, shift.id)
            if i.status == "pending"
        }
        name = (request.query_params.get("name") or "").strip()[:100]
        everywhere = request.query_params.get("where") == "all"
        found, complete = await find_volunteers(
            member, name=name, community_id=None if everywhere else need.community_id
        )
        context = {
            **base_context(request, member),
            "need": need,
            "shift": shift,
            "form": FormState(values={"name": name, "where": "all" if everywhere else ""}),
            "volunteers": found,
            "complete": complete,
            "taken": taken,
            "invited": invited,
            "inline": wants_fragment(request),  # inside the need's page: post with htmx
        }
        return render(
            request,
            "needs/invite.html",
            context,
            fragment="needs/partials/volunteer_results.html",
        )


def _hhmm(value: str) -> str:
    """``9:30`` or ``09:30:00`` as the library's ``09:30``; anything else as typed."""
    parse = Parser({"time": value})
    clock = parse.clock("time")
    return clock.strftime("%H:%M") if clock is not None else value
