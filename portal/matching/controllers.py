"""The matching pages (智能匹配): suggested volunteers for one shift, batch proposals run in
the background, a proposal's lines to confirm or drop, and the tenant's weights.

Those who run shifts (tenant admins, community staff, organisation coordinators, unit
liaisons) open these pages; the library decides which shifts and lines each may act on,
and tenant admins alone change the weights. Every form posts without JavaScript (then a
303 redirect) and with htmx (then the changed part comes back: a candidate's invite
button, a proposal's line, the run's progress, the weights form).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, InvalidInput
from coalition.matching.schemas import WeightsInput, WeightsOut
from coalition.matching.services import (
    confirm_line,
    drop_line,
    get_weights,
    rank_volunteers,
    update_weights,
)
from coalition.matching.weights import MATCHING_ROLES, NAMES
from coalition.needs.board import get_need
from coalition.notifications.runs import get_matching_run, request_matching_run
from coalition.shifts.invitations import invite
from coalition.shifts.schemas import InvitationInput, InvitationSource
from coalition.shifts.services import get_shift
from coalition.tenancy import Role
from portal.auth.members import Member, requires
from portal.forms import FormState, failed, read_form
from portal.i18n import N_, translator
from portal.matching.forms import RUN_FIELDS, WEIGHT_FIELDS, proposal_request, weights_input
from portal.matching.labels import WEIGHTS, number, refusal, run_failure
from portal.matching.pages import (
    alliance_names,
    base,
    candidates,
    find_line,
    index_context,
    line_view,
    matching_url,
    proposal_context,
    ruled_out,
    shift_invitations_context,
)
from portal.needs.forms import Parser
from portal.needs.pages import base_context as needs_context
from portal.needs.pages import error_status
from portal.polling import quiet_too_long
from portal.rendering import render, wants_fragment

DEFAULT_LIMIT = 10
MORE_LIMIT = 30
INVITATION_SENT = N_("Invitation sent.")
#: The notice after the weights are saved, by the ``saved`` query parameter.
DONE = {"1": N_("Weights saved."), "defaults": N_("The default weights are back.")}


def _limit(raw: str | None) -> int:
    try:
        value = int(raw or DEFAULT_LIMIT)
    except ValueError:
        return DEFAULT_LIMIT
    return min(max(value, 1), MORE_LIMIT)


class MatchingController(Controller):
    path = "/t/{slug:str}/matching"
    guards = [requires(*MATCHING_ROLES)]  # noqa: RUF012 - Litestar reads this class attribute

    # --- suggested volunteers for one shift -------------------------------------------

    @get("/shifts/{shift_id:int}", name="matching.suggestions")
    async def suggestions(
        self, request: Request, member: NamedDependency[Member], shift_id: FromPath[int]
    ) -> Response[Any]:
        """The best volunteers for the shift with their scores explained; on a need's
        page htmx puts them into the shift's section."""
        notice = translator(request)(INVITATION_SENT) if request.query_params.get("sent") else None
        limit = _limit(request.query_params.get("limit"))
        return await self._suggestions(request, member, shift_id, limit, notice=notice)

    async def _suggestions(
        self,
        request: Request,
        member: Member,
        shift_id: int,
        limit: int,
        *,
        notice: str | None = None,
        message: str | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        t = translator(request)
        shift = await get_shift(member.scope, shift_id)  # NotFound: another tenant's shift
        need = await get_need(member.scope, shift.need_id)
        ranking = None
        try:
            ranking = await rank_volunteers(member.scope, shift.id, limit=limit)
        except (Conflict, InvalidInput) as error:
            message = message or refusal(t, error)
            status_code = error_status(error)
        context = {
            **base(request, member),
            "shift": shift,
            "need": need,
            "ranking": ranking,
            "candidates": candidates(t, ranking.candidates) if ranking else [],
            "ruled_out": ruled_out(t, ranking) if ranking else [],
            "limit": limit,
            "more": MORE_LIMIT if ranking and limit < MORE_LIMIT else None,
            # inside a need's page: the invitations there are updated too
            "on_need_page": wants_fragment(request) and request.query_params.get("from") == "need",
            "notice": notice,
            "message": message,
        }
        return render(
            request,
            "matching/suggestions.html",
            context,
            fragment="matching/partials/suggestions.html",
            status_code=status_code,
        )

    @post("/shifts/{shift_id:int}/invite", name="matching.invite")
    async def invite(
        self, request: Request, member: NamedDependency[Member], shift_id: FromPath[int]
    ) -> Response[Any]:
        """One click: an invitation with source "matching"; htmx gets back the candidate's
        button turned into "Invited" and, on a need's page, the shift's invitations."""
        values = await read_form(request, ["volunteer_id", "from"])
        t = translator(request)
        shift = await get_shift(member.scope, shift_id)
        message = None
        status_code = 200
        try:
            parse = Parser(values)
            volunteer_id = parse.integer("volunteer_id", required=True)
            parse.raise_if_any()
            assert volunteer_id is not None
            await invite(
                member.scope,
                InvitationInput(
                    shift_id=shift.id,
                    volunteer_id=volunteer_id,
                    source=InvitationSource.MATCHING.value,
                ),
            )
        except (Conflict, InvalidInput) as error:
            message, status_code = refusal(t, error), error_status(error)
        if not wants_fragment(request):
            if message is None:
                return Redirect(matching_url(member, f"/shifts/{shift.id}?sent=1"), status_code=303)
            return await self._suggestions(
                request, member, shift.id, DEFAULT_LIMIT, message=message, status_code=status_code
            )
        context: dict[str, Any] = {
            **base(request, member),
            "shift": shift,
            # the candidate's row the button was in, as the page named it
            "volunteer_id": values["volunteer_id"].strip(),
            "invited": message is None,
            "notice": t(INVITATION_SENT) if message is None else None,
            "message": message,
            # the need's page lists the shift's invitations: updated when one was sent
            "on_need_page": values["from"] == "need" and message is None,
        }
        if context["on_need_page"]:
            context.update(needs_context(request, member))
            context.update(await shift_invitations_context(member, shift.id))
        return render(request, "matching/partials/invited.html", context, status_code=status_code)

    # --- proposals: start one, follow its run, act on its lines -----------------------

    @get("", name="matching.index")
    async def index(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Recent proposals, and the form to start a new one."""
        return render(request, "matching/index.html", await index_context(request, member))

    @post("/runs", name="matching.start")
    async def start(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Queue a proposal over the window; its page follows the run."""
        values = await read_form(request, RUN_FIELDS)
        t = translator(request)
        alliances = await alliance_names(member)
        try:
            zone = ZoneInfo(member.tenant.time_zone)
            proposal = proposal_request(values, zone, set(alliances))
            run = await request_matching_run(member.scope, proposal)
        except (InvalidInput, Conflict) as error:
            form = failed(values, error, t)
            context = await index_context(request, member, form, alliances=alliances)
            return render(
                request,
                "matching/index.html",
                context,
                fragment="matching/partials/new_run.html",
                status_code=error_status(error),
            )
        url = matching_url(member, f"/runs/{run.id}")
        if not wants_fragment(request):
            return Redirect(url, status_code=303)
        return render(
            request,
            "matching/partials/run.html",
            {**base(request, member), **self._run_context(request, member, run)},
            headers={"HX-Push-Url": url},
        )

    def _run_context(self, request: Request, member: Member, run: Any) -> dict[str, Any]:
        t = translator(request)
        failure = None
        if run.status == "failed" or run.failure_code:
            failure = run_failure(t, run.failure_code, run.failure_params)
        proposal_url = (
            matching_url(member, f"/proposals/{run.proposal_id}") if run.proposal_id else None
        )
        pending = run.status == "pending"
        stalled = pending and quiet_too_long(run.created_at)
        return {
            "run": run,
            "run_url": matching_url(member, f"/runs/{run.id}"),
            "pending": pending,
            # polled while it works; after a few minutes (the worker may be down) no more
            "polling": pending and not stalled,
            "stalled": stalled,
            "failure": failure,
            "proposal_url": proposal_url if failure is None else None,
        }

    @get("/runs/{run_id:int}", name="matching.run")
    async def run(
        self, request: Request, member: NamedDependency[Member], run_id: FromPath[int]
    ) -> Response[Any]:
        """A run's progress; htmx polls it and goes to the proposal once it is made."""
        found = await get_matching_run(member.scope, run_id)  # NotFound: not theirs to follow
        context = {**base(request, member), **self._run_context(request, member, found)}
        headers = {}
        if wants_fragment(request) and context["proposal_url"]:
            headers["HX-Redirect"] = context["proposal_url"]
        return render(
            request,
            "matching/run.html",
            context,
            fragment="matching/partials/run.html",
            headers=headers,
        )

    @get("/proposals/{proposal_id:int}", name="matching.proposal")
    async def proposal(
        self, request: Request, member: NamedDependency[Member], proposal_id: FromPath[int]
    ) -> Response[Any]:
        """The proposal's lines, shift by shift, to confirm or drop."""
        context = await proposal_context(request, member, proposal_id)
        return render(request, "matching/proposal.html", context)

    @post("/proposals/{proposal_id:int}/lines/{line_id:int}/confirm", name="matching.confirm")
    async def confirm(
        self,
        request: Request,
        member: NamedDependency[Member],
        proposal_id: FromPath[int],
        line_id: FromPath[int],
    ) -> Response[Any]:
        """Invite the line's volunteer (the hard rules are checked again)."""
        return await self._decide(request, member, proposal_id, line_id, confirm=True)

    @post("/proposals/{proposal_id:int}/lines/{line_id:int}/drop", name="matching.drop")
    async def drop(
        self,
        request: Request,
        member: NamedDependency[Member],
        proposal_id: FromPath[int],
        line_id: FromPath[int],
    ) -> Response[Any]:
        """Leave the line's volunteer out; nothing is sent."""
        return await self._decide(request, member, proposal_id, line_id, confirm=False)

    async def _decide(
        self, request: Request, member: Member, proposal_id: int, line_id: int, *, confirm: bool
    ) -> Response[Any]:
        t = translator(request)
        notice = message = None
        status_code = 200
        try:
            if confirm:
                await confirm_line(member.scope, proposal_id, line_id)
                notice = t(INVITATION_SENT)
            else:
                await drop_line(member.scope, proposal_id, line_id)
                notice = t(N_("Dropped: nothing was sent."))
        except (Conflict, InvalidInput) as error:
            message, status_code = refusal(t, error), error_status(error)
        if message is None and not wants_fragment(request):
            url = matching_url(member, f"/proposals/{proposal_id}#line-{line_id}")
            return Redirect(url, status_code=303)
        line, counts = await find_line(member, proposal_id, line_id)
        changed = line_view(t, line, notice=notice, message=message)
        if wants_fragment(request):  # the line, and the tallies above the lines (out of band)
            context = {
                **base(request, member),
                "row": changed,
                "proposal_id": proposal_id,
                "counts": counts,
            }
            return render(
                request, "matching/partials/decided.html", context, status_code=status_code
            )
        context = await proposal_context(request, member, proposal_id, changed=changed)
        return render(request, "matching/proposal.html", context, status_code=status_code)

    # --- weights ----------------------------------------------------------------------

    @get("/weights", name="matching.weights", guards=[requires(Role.TENANT_ADMIN)])
    async def weights(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The five weights, each explained, for tenant admins to change (after a save
        without JavaScript, with the notice that it was saved)."""
        t = translator(request)
        current = await get_weights(member.scope)
        done = DONE.get(request.query_params.get("saved") or "")
        form = FormState(values=_values(current), notice=t(done) if done else None)
        return self._weights(request, member, current, form)

    @post("/weights", name="matching.save_weights", guards=[requires(Role.TENANT_ADMIN)])
    async def save_weights(
        self, request: Request, member: NamedDependency[Member]
    ) -> Response[Any]:
        values = await read_form(request, WEIGHT_FIELDS)
        return await self._update(request, member, values, "1")

    @post(
        "/weights/defaults", name="matching.default_weights", guards=[requires(Role.TENANT_ADMIN)]
    )
    async def default_weights(
        self, request: Request, member: NamedDependency[Member]
    ) -> Response[Any]:
        return await self._update(request, member, None, "defaults")

    async def _update(
        self, request: Request, member: Member, values: dict[str, str] | None, done: str
    ) -> Response[Any]:
        """Save ``values`` (None: the defaults); ``done`` names the notice (:data:`DONE`)."""
        t = translator(request)
        try:
            data = WeightsInput() if values is None else weights_input(values)
            saved = await update_weights(member.scope, data)
        except (InvalidInput, Conflict) as error:
            current = await get_weights(member.scope)
            form = failed(values if values is not None else _values(current), error, t)
            return self._weights(request, member, current, form, status_code=error_status(error))
        if not wants_fragment(request):
            return Redirect(matching_url(member, f"/weights?saved={done}"), status_code=303)
        form = FormState(values=_values(saved), notice=t(DONE[done]))
        return self._weights(request, member, saved, form)

    def _weights(
        self,
        request: Request,
        member: Member,
        current: WeightsOut,
        form: FormState,
        *,
        status_code: int = 200,
    ) -> Response[Any]:
        context = {
            **base(request, member),
            "current": current,
            "form": form,
            "weights": WEIGHTS,
        }
        return render(
            request,
            "matching/weights.html",
            context,
            fragment="matching/partials/weights_form.html",
            status_code=status_code,
        )


def _values(weights: WeightsOut) -> dict[str, str]:
    return {name: number(getattr(weights, name)) for name in NAMES}


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[Any] = [MatchingController]

__all__ = ["CONTROLLERS", "MatchingController"]
