"""The volunteer's pages (志愿服务): open shifts and signing up, their own page with
sign-ups, check-in and check-out, invitations, reported hours and service record, and
the calendar feed.

Every form works without JavaScript (POST, then a 303 redirect back to the page) and
htmx posts the same forms to get back only the card or the part of the page that changed.
An action the library refuses (a full week, an overlapping shift, a closed check-in)
comes back with status 422 and the reason in the person's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.actors.accounts import AuthenticationFailed, load_signed_in_actor
from coalition.actors.schemas import VolunteerOut
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.hours.services import check_in, check_out, report_hours
from coalition.shifts.browse import upcoming_shifts
from coalition.shifts.ics import shifts_to_ics
from coalition.shifts.invitations import answer_invitation
from coalition.shifts.schemas import SignUpStatus
from coalition.shifts.signups import cancel_signup, sign_up
from coalition.tenancy import Role, TenantScope
from coalition.tenancy.services import get_tenant_by_slug
from portal.auth.members import Member, requires
from portal.forms import FormState, failed, read_form
from portal.i18n import N_, translator
from portal.rendering import render, wants_fragment
from portal.shifts.calendar import SUFFIX, token_fits
from portal.shifts.cards import (
    PROXIMITY_LABELS,
    ShiftCard,
    one_card,
    open_shifts_page,
    page_number,
)
from portal.shifts.display import display
from portal.shifts.me import (
    DONE,
    HOURS_CHANGED,
    REPORT_FIELDS,
    MeState,
    Notes,
    blank_report,
    me_response,
    own_volunteer,
    report_error,
    report_input,
)

CALENDAR_NAME = N_("My volunteer shifts")
ICS_TYPE = "text/calendar; charset=utf-8"


def _card_context(
    request: Request, member: Member, volunteer: VolunteerOut | None, page: int
) -> dict[str, Any]:
    """What a shift card needs besides the card: nearness is told only to a volunteer
    with a home grid (without one every shift is "elsewhere")."""
    return {
        "page": page,
        "show": display(request, member.tenant),
        "proximity_labels": PROXIMITY_LABELS,
        "near_known": volunteer is not None and volunteer.home_grid_id is not None,
    }


def _me_url(member: Member, done: str | None = None, anchor: str = "my-shifts") -> str:
    query = f"?done={done}" if done else ""
    return f"/t/{member.tenant.slug}/me{query}#{anchor}"


async def _my_shifts_action(
    request: Request,
    member: Member,
    action: Callable[[], Awaitable[str]],
    *,
    done: str,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Run a change to the volunteer's shifts; answer with the my-shifts part (htmx) or a
    redirect to /me; a refusal comes back next to the shifts with status 422."""
    try:
        notice = await action()
    except (Conflict, InvalidInput) as error:
        notes = Notes(message=translator(request).error(error))
        return await me_response(
            request, member, part="shifts", state=MeState(shifts=notes), status_code=422
        )
    if not wants_fragment(request):
        return Redirect(_me_url(member, done), status_code=303)
    return await me_response(
        request,
        member,
        part="shifts",
        state=MeState(shifts=Notes(notice=notice)),
        headers=headers,
    )


class ShiftsController(Controller):
    path = "/t/{slug:str}/shifts"
    guards = [requires(Role.VOLUNTEER)]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="shifts.browse")
    async def browse(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Open shifts, nearest first; htmx gets the list alone (paging)."""
        page = page_number(request.query_params.get("page"))
        return await self._browse(request, member, page)

    async def _browse(
        self,
        request: Request,
        member: Member,
        page: int,
        *,
        failure: tuple[int, str] | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        """The page; ``failure`` is (shift id, why) of a refused sign-up, shown on that
        shift's card, or above the list when the card is not on this page."""
        volunteer = await own_volunteer(member)
        context: dict[str, Any] = {
            "volunteer": volunteer,
            "message": None,
            **_card_context(request, member, volunteer, page),
        }
        if volunteer is not None:
            listing = await open_shifts_page(
                member.scope, translator(request), page, message_for=failure
            )
            context["listing"] = listing
            if failure is not None and all(c.shift_id != failure[0] for c in listing.cards):
                context["message"] = failure[1]
        return render(
            request,
            "shifts/browse.html",
            context,
            fragment="shifts/partials/shift_list.html" if volunteer is not None else None,
            status_code=status_code,
        )

    @post("/{shift_id:int}/signup", name="shifts.sign_up")
    async def post_sign_up(
        self, request: Request, member: NamedDependency[Member], shift_id: FromPath[int]
    ) -> Response[Any]:
        """Sign up: confirmed while there is a place, else on the waitlist (候补第N位)."""
        values = await read_form(request, ["page"])
        page = page_number(values["page"])
        t = translator(request)
        try:
            signup = await sign_up(member.scope, shift_id)
        except (Conflict, InvalidInput) as error:
            message = t.error(error)
            if not wants_fragment(request):
                return await self._browse(
                    request, member, page, failure=(shift_id, message), status_code=422
                )
            volunteer = await own_volunteer(member)
            card = await one_card(member.scope, t, shift_id, volunteer, message=message)
            return self._card(request, member, volunteer, card, page, status_code=422)
        if not wants_fragment(request):
            url = f"/t/{member.tenant.slug}/shifts?page={page}#shift-{shift_id}"
            return Redirect(url, status_code=303)
        if signup.status == SignUpStatus.CONFIRMED:
            notice = t("You are signed up. See you there!")
        else:
            notice = t(
                "The shift is full: you are number {position} on the waitlist.",
                position=signup.waitlist_position,
            )
        volunteer = await own_volunteer(member)
        card = await one_card(member.scope, t, shift_id, volunteer, notice=notice)
        return self._card(request, member, volunteer, card, page)

    def _card(
        self,
        request: Request,
        member: Member,
        volunteer: VolunteerOut | None,
        card: ShiftCard,
        page: int,
        *,
        status_code: int = 200,
    ) -> Response[Any]:
        context = {"card": card, **_card_context(request, member, volunteer, page)}
        return render(request, "shifts/partials/shift_card.html", context, status_code=status_code)

    @post("/{shift_id:int}/check-in", name="shifts.check_in")
    async def post_check_in(
        self, request: Request, member: NamedDependency[Member], shift_id: FromPath[int]
    ) -> Response[Any]:
        t = translator(request)

        async def act() -> str:
            record = await check_in(member.scope, shift_id)
            assert record.check_in_at is not None
            time = display(request, member.tenant).time(record.check_in_at)
            return t("Checked in at {time}.", time=time)

        return await _my_shifts_action(request, member, act, done="checked_in")

    @post("/{shift_id:int}/check-out", name="shifts.check_out")
    async def post_check_out(
        self, request: Request, member: NamedDependency[Member], shift_id: FromPath[int]
    ) -> Response[Any]:
        t = translator(request)

        async def act() -> str:
            record = await check_out(member.scope, shift_id)
            served = display(request, member.tenant).duration(record.minutes)
            return t("Checked out: {served}, waiting for verification.", served=served)

        return await _my_shifts_action(
            request, member, act, done="checked_out", headers={"HX-Trigger": HOURS_CHANGED}
        )


class MeController(Controller):
    path = "/t/{slug:str}/me"
    guards = [requires(Role.VOLUNTEER)]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="shifts.me")
    async def me(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The page, or one part of it for htmx (``?part=shifts|report|record``)."""
        query = request.query_params
        done = DONE.get(query.get("done") or "")
        state = MeState(
            record_values={"start": query.get("start") or "", "end": query.get("end") or ""}
        )
        if done:
            t = translator(request)
            if query.get("done") == "reported":
                state.report = FormState(notice=t(done))
                await self._blank_report(request, member, state)
            else:
                state.shifts = Notes(notice=t(done))
        return await me_response(request, member, part=query.get("part"), state=state)

    async def _blank_report(self, request: Request, member: Member, state: MeState) -> None:
        """An empty report form again, keeping its notice."""
        show = display(request, member.tenant)
        form = blank_report(show.local(datetime.now(UTC)).date())
        form.notice = state.report.notice if state.report else None
        state.report = form

    @post("/signups/{signup_id:int}/cancel", name="shifts.cancel_signup")
    async def cancel(
        self, request: Request, member: NamedDependency[Member], signup_id: FromPath[int]
    ) -> Response[Any]:
        t = translator(request)

        async def act() -> str:
            await cancel_signup(member.scope, signup_id)
            return t(DONE["cancelled"])

        return await _my_shifts_action(request, member, act, done="cancelled")

    @post("/invitations/{invitation_id:int}/accept", name="shifts.accept_invitation")
    async def accept(
        self, request: Request, member: NamedDependency[Member], invitation_id: FromPath[int]
    ) -> Response[Any]:
        t = translator(request)

        async def act() -> str:
            answer = await answer_invitation(member.scope, invitation_id, accept=True)
            signup = answer.signup
            if signup is not None and signup.status == SignUpStatus.WAITLISTED:
                return t(
                    "Invitation accepted; the shift is full, so you are number {position} "
                    "on the waitlist.",
                    position=signup.waitlist_position,
                )
            return t(DONE["accepted"])

        return await _my_shifts_action(request, member, act, done="accepted")

    @post("/invitations/{invitation_id:int}/decline", name="shifts.decline_invitation")
    async def decline(
        self, request: Request, member: NamedDependency[Member], invitation_id: FromPath[int]
    ) -> Response[Any]:
        t = translator(request)

        async def act() -> str:
            await answer_invitation(member.scope, invitation_id, accept=False)
            return t(DONE["declined"])

        return await _my_shifts_action(request, member, act, done="declined")

    @post("/hours", name="shifts.report_hours")
    async def report(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Report hours served (申报时长): they wait for a coordinator to verify them."""
        values = await read_form(request, REPORT_FIELDS)
        t = translator(request)
        try:
            await report_hours(member.scope, report_input(values))
        except InvalidInput as error:
            form = failed(values, report_error(error), t)
            return await me_response(
                request, member, part="report", state=MeState(report=form), status_code=422
            )
        except Conflict as error:
            form = failed(values, error, t)
            return await me_response(
                request, member, part="report", state=MeState(report=form), status_code=422
            )
        if not wants_fragment(request):
            return Redirect(_me_url(member, "reported", "report"), status_code=303)
        state = MeState(report=FormState(notice=t(DONE["reported"])))
        await self._blank_report(request, member, state)
        return await me_response(
            request, member, part="report", state=state, headers={"HX-Trigger": HOURS_CHANGED}
        )

    @get("/calendar.ics", name="shifts.my_calendar")
    async def calendar(self, request: Request, member: NamedDependency[Member]) -> Response[str]:
        """The same feed for the signed-in volunteer (a one-off download)."""
        shifts = await upcoming_shifts(member.scope)
        return _ics(request, member.tenant.name, shifts)


def _ics(request: Request, tenant_name: str, shifts: Any) -> Response[str]:
    name = f"{tenant_name} · {translator(request)(CALENDAR_NAME)}"
    return Response(
        shifts_to_ics(shifts, calendar_name=name),
        media_type=ICS_TYPE,
        headers={"Content-Disposition": 'inline; filename="shifts.ics"'},
    )


class CalendarController(Controller):
    """The calendar feed at its secret address: no session, no cookies."""

    path = "/t/{slug:str}/calendar"

    @get(
        "/{person_id:int}/{feed:str}",
        name="shifts.calendar_feed",
        opt={"skip_session": True, "exclude_from_csrf": True},  # no cookie is read or set
    )
    async def feed(
        self, request: Request, slug: FromPath[str], person_id: FromPath[int], feed: FromPath[str]
    ) -> Response[str]:
        """A volunteer's confirmed shifts ahead; any wrong part of the address is a 404."""
        missing = NotFound("No such calendar.", code="not_found")
        tenant = await get_tenant_by_slug(slug)
        token = feed.removesuffix(SUFFIX)
        if token == feed or not token_fits(request, tenant.id, person_id, token):
            raise missing
        try:
            actor = await load_signed_in_actor(tenant.id, person_id)
            shifts = await upcoming_shifts(TenantScope(tenant_id=tenant.id, actor=actor))
        except (NotFound, AuthenticationFailed, PermissionDenied):
            raise missing from None
        return _ics(request, tenant.name, shifts)


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [ShiftsController, MeController, CalendarController]
