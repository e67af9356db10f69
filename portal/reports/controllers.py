"""The reports (统计报表) and the public commitments' progress.

``/reports`` shows every report for one period (this month by default, in the tenant's
time zone): hours served, the flow of needs, the level at which needs were settled
(办结层级), joint activities by area, dispute mediation and commitment items. Changing the
period with htmx swaps the reports in place (same URL, ``Vary: HX-Request``). Anyone with a
role in the tenant reads them.

``/reports/commitments`` lists each agreement's numbered commitment items, overdue ones
marked; those who may report an item's progress get a form next to it. The library
decides who may: tenant admins and the community's staff for any item, an owning
organisation's coordinator or unit's liaison for their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.alliances.agreements import get_agreement, list_agreements
from coalition.alliances.commitments import list_commitment_items, update_item_progress
from coalition.alliances.schemas import (
    ITEM_TRANSITIONS,
    AgreementOut,
    CommitmentItemOut,
    ItemProgressInput,
    ItemStatus,
    MemberKind,
)
from coalition.errors import Conflict, InvalidInput
from coalition.reports.activities import activities_by_area
from coalition.reports.commitments import commitment_progress
from coalition.reports.hours import (
    hours_by_alliance,
    hours_by_community,
    hours_by_organisation,
    hours_by_unit,
    hours_by_volunteer,
    hours_totals,
)
from coalition.reports.needs import mediation_outcomes, needs_summary, settled_levels
from coalition.reports.schemas import SettledLevel
from coalition.tenancy import Actor, Role
from portal.activities import choices
from portal.auth.members import Member, requires
from portal.forms import FormState, failed, read_form
from portal.i18n import N_, Translator, translator
from portal.rendering import render, wants_fragment
from portal.reports.figures import duration, hours, local_time, percent, tenant_today
from portal.reports.period import QUICK, Period, quick_periods, read_period

#: How many volunteers the "hours by volunteer" report lists.
TOP_VOLUNTEERS = 10

LEVELS = {
    SettledLevel.GRID.value: N_("Grid level"),
    SettledLevel.COMMUNITY.value: N_("Community level"),
    SettledLevel.TOWNSHIP.value: N_("Township level"),
    SettledLevel.COUNTY.value: N_("County level and above"),
}
ITEM_STATUSES = {
    ItemStatus.OPEN.value: N_("Not started"),
    ItemStatus.IN_PROGRESS.value: N_("In progress"),
    ItemStatus.DONE.value: N_("Done"),
    ItemStatus.CANCELLED.value: N_("Cancelled"),
}
#: Roles that may own or manage commitment items (the library checks which items).
PROGRESS_ROLES = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF, Role.ORG_COORDINATOR, Role.UNIT_LIAISON)
PROGRESS_FIELDS = ["status", "progress_note"]


def _figures(t: Translator) -> dict[str, Any]:
    return {
        "hours": hours,
        "percent": percent,
        "duration": lambda value: duration(t, value),
    }


async def _reports(member: Member, period: Period) -> dict[str, Any]:
    """Every report of the period (the library raises InvalidInput for a bad period)."""
    scope, start, end = member.scope, period.start, period.end
    return {
        "totals": await hours_totals(scope, start=start, end=end),
        "by_volunteer": await hours_by_volunteer(scope, start=start, end=end, limit=TOP_VOLUNTEERS),
        "by_organisation": await hours_by_organisation(scope, start=start, end=end),
        "by_unit": await hours_by_unit(scope, start=start, end=end),
        "by_community": await hours_by_community(scope, start=start, end=end),
        "by_alliance": await hours_by_alliance(scope, start=start, end=end),
        "needs": await needs_summary(scope, start=start, end=end),
        "levels": await settled_levels(scope, start=start, end=end),
        "activities": await activities_by_area(scope, start=start, end=end),
        "mediation": await mediation_outcomes(scope, start=start, end=end),
        "commitments": await commitment_progress(
            scope, start=start, end=end, today=tenant_today(member.tenant.time_zone)
        ),
    }


# --- commitment items ------------------------------------------------------------------


@dataclass
class ItemView:
    """A commitment item as one person sees it: may they report progress, and how."""

    item: CommitmentItemOut
    may_update: bool
    status_options: list[tuple[str, str]]
    form: FormState = field(default_factory=FormState)


def may_update(actor: Actor, agreement: AgreementOut, item: CommitmentItemOut) -> bool:
    """What the library allows: the community's managers, or the owning party."""
    if actor.manages_community(agreement.community_id):
        return True
    party = next((p for p in agreement.parties if p.id == item.owner_party_id), None)
    if party is None:
        return False
    if party.kind == MemberKind.ORGANISATION:
        return actor.coordinates(organisation_id=party.target_id)
    return actor.coordinates(unit_id=party.target_id)


def _item_view(
    member: Member,
    agreement: AgreementOut,
    item: CommitmentItemOut,
    t: Translator,
    form: FormState | None = None,
) -> ItemView:
    reachable = {item.status, *ITEM_TRANSITIONS[item.status]}
    options = [(s.value, t(ITEM_STATUSES[s.value])) for s in ItemStatus if s in reachable]
    return ItemView(
        item=item,
        may_update=may_update(member.actor, agreement, item) and len(reachable) > 1,
        status_options=options,
        form=form or FormState(values={"status": item.status, "progress_note": item.progress_note}),
    )


class ReportsController(Controller):
    path = "/t/{slug:str}/reports"
    guards = [requires()]  # noqa: RUF012 - Litestar reads this class attribute

    @get("/", name="reports.index")
    async def index(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The reports of a period; htmx gets ``partials/sections.html`` for a new period."""
        t = translator(request)
        today = tenant_today(member.tenant.time_zone)
        values, period, errors = read_period(request.query_params, today)
        form = FormState(values=values)
        for name, error in errors.items():
            form.errors[name] = t.field_error(error)
        reports: dict[str, Any] | None = None
        if period is not None:
            try:
                reports = await _reports(member, period)
            except InvalidInput as error:
                for name, field_error in error.fields.items():
                    form.errors[name if name in values else "end"] = t.field_error(field_error)
        quick = quick_periods(today)
        context = {
            "form": form,
            "period": period,
            "reports": reports,
            "top": TOP_VOLUNTEERS,
            "quick": [(key, t(label), quick[key], quick[key] == period) for key, label in QUICK],
            "levels": {code: t(label) for code, label in LEVELS.items()},
            "areas": await choices.areas(member.scope, t),
            **_figures(t),
        }
        return render(
            request,
            "reports/index.html",
            context,
            fragment="reports/partials/sections.html",
            status_code=422 if form.failed else 200,
        )

    @get("/commitments", name="reports.commitments")
    async def commitments(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        return await self._commitments_page(request, member)

    @post(
        "/commitments/{item_id:int}",
        name="reports.update_item",
        guards=[requires(*PROGRESS_ROLES)],
    )
    async def update_item(
        self, request: Request, member: NamedDependency[Member], item_id: FromPath[int]
    ) -> Response[Any]:
        """Report progress on an item: its status and a note (the library checks who may)."""
        t = translator(request)
        values = await read_form(request, PROGRESS_FIELDS)
        today = tenant_today(member.tenant.time_zone)
        data = ItemProgressInput(
            status=values["status"] or None, progress_note=values["progress_note"]
        )
        try:  # PermissionDenied (403) and NotFound (404) go to the error pages
            item = await update_item_progress(member.scope, item_id, data, today=today)
        except (InvalidInput, Conflict) as error:
            form = failed(values, error, t)
            return await self._commitments_page(request, member, (item_id, form), status=422)
        if not wants_fragment(request):
            url = f"/t/{member.tenant.slug}/reports/commitments#item-{item.id}"
            return Redirect(url, status_code=303, headers={"Vary": "HX-Request"})
        agreement = await get_agreement(member.scope, item.agreement_id)
        notice = FormState(
            values={"status": item.status, "progress_note": item.progress_note},
            notice=t("Progress of item {number} saved.", number=item.number),
        )
        context = {
            "view": _item_view(member, agreement, item, t, notice),
            "statuses": {code: t(label) for code, label in ITEM_STATUSES.items()},
            "areas": await choices.areas(member.scope, t),
            "updated_at": lambda moment: local_time(moment, member.tenant.time_zone),
        }
        return render(request, "reports/partials/item.html", context)

    async def _commitments_page(
        self,
        request: Request,
        member: Member,
        failed_item: tuple[int, FormState] | None = None,
        status: int = 200,
    ) -> Response[Any]:
        """Every agreement with its items; or, for htmx after a failed update, that item."""
        t = translator(request)
        today = tenant_today(member.tenant.time_zone)
        overdue_only = request.query_params.get("overdue") == "1"
        sections: list[tuple[AgreementOut, list[ItemView]]] = []
        target: ItemView | None = None
        for agreement in await list_agreements(member.scope):
            views = []
            for item in await list_commitment_items(
                member.scope, agreement.id, today=today, overdue_only=overdue_only
            ):
                form = None
                if failed_item is not None and failed_item[0] == item.id:
                    form = failed_item[1]
                view = _item_view(member, agreement, item, t, form)
                if form is not None:
                    target = view
                views.append(view)
            if views or not overdue_only:
                sections.append((agreement, views))
        context = {
            "sections": sections,
            "overdue_only": overdue_only,
            "overdue_count": sum(v.item.overdue for _, views in sections for v in views),
            "today": today,
            "view": target,
            "statuses": {code: t(label) for code, label in ITEM_STATUSES.items()},
            "areas": await choices.areas(member.scope, t),
            "updated_at": lambda moment: local_time(moment, member.tenant.time_zone),
        }
        fragment = "reports/partials/item.html" if target is not None else None
        return render(
            request, "reports/commitments.html", context, fragment=fragment, status_code=status
        )


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [ReportsController]
