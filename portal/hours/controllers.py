"""Hours verification (时长审核): the records waiting for a decision, and one record.

Community staff, organisation coordinators, unit liaisons and tenant admins see the
pending records they may decide on (the library filters them) and verify (通过), reject
with a reason (驳回) or correct the minutes with a reason (更正). A record's page shows its
corrections: old → new minutes, who, when and why; its volunteer may read it too.

Without JavaScript each decision is a POST followed by a 303 redirect back; htmx gets
back the record's row (or the record's page section) in its new state. A decision the
library refuses comes back with status 422 and the error next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, DomainError, FieldError, InvalidInput
from coalition.hours.schemas import HoursRecordOut, HoursStatus, PendingFilter
from coalition.hours.services import (
    correct_hours,
    get_hours_record,
    list_pending_hours,
    may_decide_on,
    reject_hours,
    verify_hours,
)
from coalition.tenancy import Actor, Role
from portal.auth.members import Member, requires
from portal.forms import FormState, failed, read_form
from portal.hours.labels import KIND_LABELS, STATUS_LABELS, namespaced
from portal.i18n import Translator, translator
from portal.people import person_names
from portal.rendering import render, wants_fragment
from portal.shifts.cards import page_number
from portal.shifts.display import display

#: Those who decide on hours (each within what their role covers).
DECIDERS = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.ORG_COORDINATOR, Role.UNIT_LIAISON)
PAGE_SIZE = 20
ACTIONS = ("verify", "reject", "correct")
FORM_FIELDS = {"verify": [], "reject": ["reason"], "correct": ["minutes", "reason"]}
REQUIRED = FieldError("required", "This field is required.", {})
NOT_A_NUMBER = FieldError("hours.invalid_minutes", "Enter a whole number of minutes.", {})


@dataclass(frozen=True, slots=True)
class Row:
    """A record with its decision forms, as one row (or the record's page) shows it."""

    record: HoursRecordOut
    can_decide: bool
    own: bool = False  # the viewer's own hours: someone else decides on them
    reject: FormState = field(default_factory=FormState)
    correct: FormState = field(default_factory=FormState)
    opened: str | None = None  # the form to show open: "reject" or "correct"
    notice: str | None = None
    message: str | None = None

    @property
    def pending(self) -> bool:
        return self.record.status == HoursStatus.PENDING

    @property
    def correctable(self) -> bool:
        return self.record.status in (HoursStatus.PENDING, HoursStatus.VERIFIED)


def make_row(actor: Actor, record: HoursRecordOut, **changes: Any) -> Row:
    own = actor.person_id is not None and actor.person_id == record.person_id
    return Row(record=record, can_decide=may_decide_on(actor, record), own=own, **changes)


def _notice(t: Translator, action: str, record: HoursRecordOut, minutes: str) -> str:
    if action == "verify":
        return t("Verified: {served} for {name}.", served=minutes, name=record.person_name)
    if action == "reject":
        return t("Rejected: {served} for {name}.", served=minutes, name=record.person_name)
    return t("Corrected to {served}.", served=minutes)


class HoursController(Controller):
    path = "/t/{slug:str}/hours"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/pending", name="hours.pending", guards=[requires(*DECIDERS)])
    async def pending(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The pending records this person may decide on, oldest first; htmx pages in place."""
        page = page_number(request.query_params.get("page"))
        return await self._pending_page(request, member, page)

    async def _pending_page(
        self,
        request: Request,
        member: Member,
        page: int,
        *,
        changed: Row | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        found = await list_pending_hours(
            member.scope, PendingFilter(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        )
        rows = [make_row(member.actor, r) for r in found.items]
        message = None
        if changed is not None:
            if any(row.record.id == changed.record.id for row in rows):
                rows = [changed if row.record.id == changed.record.id else row for row in rows]
            else:  # decided meanwhile, or on another page: say so above the list
                message = changed.message or changed.reject.message or changed.correct.message
        context = {
            "rows": rows,
            "page": page,
            "pages": max(1, -(-found.total // PAGE_SIZE)),
            "total": found.total,
            "message": message,
            "origin": "pending",
            **self._labels(request, member),
        }
        return render(
            request,
            "hours/pending.html",
            context,
            fragment="hours/partials/pending_list.html",
            status_code=status_code,
        )

    def _labels(self, request: Request, member: Member) -> dict[str, Any]:
        return {
            "show": display(request, member.tenant),
            "status_labels": STATUS_LABELS,
            "kind_labels": KIND_LABELS,
        }

    @get("/{record_id:int}", name="hours.record")
    async def record(
        self, request: Request, member: NamedDependency[Member], record_id: FromPath[int]
    ) -> Response[Any]:
        """One record with its corrections: for its volunteer and for staff."""
        record = await get_hours_record(member.scope, record_id)  # NotFound: other tenant
        row = make_row(member.actor, record)
        return await self._record_page(request, member, row)

    async def _record_page(
        self, request: Request, member: Member, row: Row, *, status_code: int = 200
    ) -> Response[Any]:
        record = row.record
        ids = [record.decided_by_id, *(c.corrected_by_id for c in record.corrections)]
        context = {
            "row": row,
            "names": await person_names(member.scope, ids),
            "origin": "record",
            "page": 1,
            "can_see_pending": member.has(*DECIDERS),
            "is_volunteer": member.has(Role.VOLUNTEER),
            **self._labels(request, member),
        }
        return render(
            request,
            "hours/record.html",
            context,
            fragment="hours/partials/record_detail.html",
            status_code=status_code,
        )

    @post("/{record_id:int}/verify", name="hours.verify", guards=[requires(*DECIDERS)])
    async def verify(
        self, request: Request, member: NamedDependency[Member], record_id: FromPath[int]
    ) -> Response[Any]:
        return await self._decide(request, member, record_id, "verify")

    @post("/{record_id:int}/reject", name="hours.reject", guards=[requires(*DECIDERS)])
    async def reject(
        self, request: Request, member: NamedDependency[Member], record_id: FromPath[int]
    ) -> Response[Any]:
        return await self._decide(request, member, record_id, "reject")

    @post("/{record_id:int}/correct", name="hours.correct", guards=[requires(*DECIDERS)])
    async def correct(
        self, request: Request, member: NamedDependency[Member], record_id: FromPath[int]
    ) -> Response[Any]:
        return await self._decide(request, member, record_id, "correct")

    async def _decide(
        self, request: Request, member: Member, record_id: int, action: str
    ) -> Response[Any]:
        values = await read_form(request, [*FORM_FIELDS[action], "from", "page"])
        origin = "record" if values["from"] == "record" else "pending"
        page = page_number(values["page"])
        form_values = {name: values[name] for name in FORM_FIELDS[action]}
        t = translator(request)
        scope = member.scope
        try:
            if action == "verify":
                record = await verify_hours(scope, record_id)
            elif action == "reject":
                record = await reject_hours(scope, record_id, values["reason"])
            else:
                minutes = _minutes(values["minutes"], values["reason"])
                record = await correct_hours(scope, record_id, minutes, values["reason"])
        except (InvalidInput, Conflict) as error:
            current = await get_hours_record(scope, record_id)
            row = self._failed(member, current, action, form_values, error, t)
            if origin == "record":
                return await self._record_page(request, member, row, status_code=422)
            if wants_fragment(request):
                return self._row(request, member, row, page, status_code=422)
            return await self._pending_page(request, member, page, changed=row, status_code=422)
        if not wants_fragment(request):
            slug = member.tenant.slug
            url = (
                f"/t/{slug}/hours/{record_id}"
                if origin == "record"
                else f"/t/{slug}/hours/pending?page={page}#hours-{record_id}"
            )
            return Redirect(url, status_code=303)
        served = display(request, member.tenant).duration(record.minutes)
        row = make_row(member.actor, record, notice=_notice(t, action, record, served))
        if origin == "record":
            return await self._record_page(request, member, row)
        return self._row(request, member, row, page)

    def _failed(
        self,
        member: Member,
        record: HoursRecordOut,
        action: str,
        values: dict[str, str],
        error: DomainError,
        t: Translator,
    ) -> Row:
        """The record again with the error: next to its field when it is one, else above
        the decisions (a conflict such as hours decided meanwhile)."""
        row = make_row(member.actor, record)
        if action == "verify" or not isinstance(error, InvalidInput):
            return replace(row, message=t.error(error))
        form = failed(values, namespaced(error), t)
        if action == "reject":
            return replace(row, opened=action, reject=form)
        return replace(row, opened=action, correct=form)

    def _row(
        self, request: Request, member: Member, row: Row, page: int, *, status_code: int = 200
    ) -> Response[Any]:
        context = {"row": row, "page": page, "origin": "pending", **self._labels(request, member)}
        return render(request, "hours/partials/pending_row.html", context, status_code=status_code)


def _minutes(raw: str, reason: str) -> int:
    """The corrected minutes as typed; InvalidInput when they are not a whole number (with
    the reason's error too, as the library would have told both)."""
    text = raw.strip()
    try:
        return int(text)
    except ValueError:
        problems = {"minutes": REQUIRED if not text else NOT_A_NUMBER}
        if not reason.strip():
            problems["reason"] = REQUIRED
        raise InvalidInput(problems) from None


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [HoursController]
