"""What the matching pages show, read through the library's services (every role and
tenant check is theirs); the controllers decide page or fragment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request

from coalition.alliances.services import list_alliances
from coalition.errors import NotFound
from coalition.matching.schemas import (
    CandidateOut,
    LineStatus,
    ProposalLineOut,
    ProposalOut,
    RankingOut,
)
from coalition.matching.services import get_proposal, list_proposals
from coalition.shifts.invitations import shift_invitations
from coalition.shifts.services import get_shift
from coalition.tenancy import Role
from portal.auth.members import Member
from portal.forms import FormState
from portal.i18n import Translator, translator
from portal.matching.forms import run_defaults
from portal.matching.labels import (
    LINE_STATUS,
    RULED_OUT,
    SOLVER_STATUS,
    SOLVER_UNKNOWN,
    Part,
    breakdown,
    number,
)
from portal.needs.pages import invitation_names
from portal.shifts.display import display

RECENT_PROPOSALS = 20


def base(request: Request, member: Member) -> dict[str, Any]:
    show = display(request, member.tenant)

    def window(start: datetime, end: datetime) -> str:
        """A proposal's window as days: its end is the midnight after its last day."""
        first = show.local(start).date()
        last = show.local(end - timedelta(seconds=1)).date()
        if first == last:
            return show.date(first)
        return f"{show.date(first)} – {show.date(last)}"

    return {"show": show, "window": window}


def matching_url(member: Member, tail: str = "") -> str:
    return f"/t/{member.tenant.slug}/matching{tail}"


# --- suggested volunteers for one shift --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    volunteer_id: int
    name: str
    score: str
    parts: list[Part]


def candidates(t: Translator, found: Iterable[CandidateOut]) -> list[Candidate]:
    return [
        Candidate(
            volunteer_id=c.volunteer_id,
            name=c.name,
            score=number(c.score),
            parts=breakdown(t, c.reasons),
        )
        for c in found
    ]


def ruled_out(t: Translator, ranking: RankingOut) -> list[tuple[str, int]]:
    """Why the others were left out, the commonest first."""
    counted = [(code, n) for code, n in ranking.ruled_out.items() if n and code in RULED_OUT]
    counted.sort(key=lambda item: (-item[1], list(RULED_OUT).index(item[0])))
    return [(t(RULED_OUT[code]), n) for code, n in counted]


async def shift_invitations_context(member: Member, shift_id: int) -> dict[str, Any]:
    """The shift's invitations as the need's page lists them."""
    invitations = await shift_invitations(member.scope, shift_id)
    return {
        "invitations": invitations,
        "names": await invitation_names(member, invitations),
    }


# --- proposals ---------------------------------------------------------------------------


async def alliance_names(member: Member) -> dict[int, str]:
    return {a.id: a.name for a in await list_alliances(member.scope)}


async def index_context(
    request: Request,
    member: Member,
    form: FormState | None = None,
    *,
    alliances: dict[int, str] | None = None,
) -> dict[str, Any]:
    """Recent proposals and the form to start one (``alliances``: when read already)."""
    _ = translator(request)
    today = datetime.now(ZoneInfo(member.tenant.time_zone)).date()
    if alliances is None:
        alliances = await alliance_names(member)
    return {
        **base(request, member),
        "can_weigh": member.has(Role.TENANT_ADMIN),
        "proposals": await list_proposals(member.scope, limit=RECENT_PROPOSALS),
        "alliances": alliances,
        "alliance_options": [
            ("", _("Every alliance and none")),
            *[(str(pk), name) for pk, name in alliances.items()],
        ],
        "form": form or FormState(values=run_defaults(today)),
    }


@dataclass(slots=True)
class Line:
    line: ProposalLineOut
    parts: list[Part]
    status: str  # translated
    notice: str | None = None
    message: str | None = None

    @property
    def score(self) -> str:
        return number(self.line.score)

    @property
    def proposed(self) -> bool:
        return self.line.status == LineStatus.PROPOSED


@dataclass(slots=True)
class ShiftGroup:
    shift_id: int
    need_id: int
    need_title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    lines: list[Line] = field(default_factory=list)


def line_view(t: Translator, line: ProposalLineOut, **changes: Any) -> Line:
    return Line(
        line=line,
        parts=breakdown(t, line.reasons),
        status=t(LINE_STATUS.get(line.status, line.status)),
        **changes,
    )


def line_counts(proposal: ProposalOut) -> dict[str, int]:
    """How many of the lines the member sees are waiting, confirmed and dropped."""
    counts = {status.value: 0 for status in LineStatus}
    for line in proposal.lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    return counts


async def find_line(
    member: Member, proposal_id: int, line_id: int
) -> tuple[ProposalLineOut, dict[str, int]]:
    """The line as the member sees it (NotFound unless it is of a shift they run), and the
    proposal's tallies as they now stand."""
    proposal = await get_proposal(member.scope, proposal_id)
    for line in proposal.lines:
        if line.id == line_id:
            return line, line_counts(proposal)
    raise NotFound(
        f"Proposal line {line_id} does not exist.",
        code="matching_proposal_line.not_found",
        pk=line_id,
    )


def improvement(proposal: ProposalOut) -> str | None:
    """How much better the solver did than taking the best pair first, in percent."""
    greedy, objective = proposal.greedy_objective, proposal.objective
    if greedy is None or objective is None or greedy <= 0:
        return None
    return number(max((objective - greedy) / greedy, 0.0) * 100)


def optional(value: float | None) -> str | None:
    return None if value is None else number(value)


async def proposal_context(
    request: Request,
    member: Member,
    proposal_id: int,
    *,
    changed: Line | None = None,
) -> dict[str, Any]:
    t = translator(request)
    proposal = await get_proposal(member.scope, proposal_id)
    groups: dict[int, ShiftGroup] = {}
    for line in proposal.lines:
        group = groups.get(line.shift_id)
        if group is None:
            shift = await get_shift(member.scope, line.shift_id)
            group = ShiftGroup(
                shift_id=line.shift_id,
                need_id=line.need_id,
                need_title=line.need_title,
                starts_at=line.starts_at,
                ends_at=line.ends_at,
                place=shift.place,
            )
            groups[line.shift_id] = group
        if changed is not None and changed.line.id == line.id:
            group.lines.append(changed)
        else:
            group.lines.append(line_view(t, line))
    alliance = None
    if proposal.alliance_id is not None:
        alliance = (await alliance_names(member)).get(proposal.alliance_id)
    status = proposal.solver_status
    return {
        **base(request, member),
        "proposal": proposal,
        "proposal_id": proposal.id,
        "groups": list(groups.values()),
        "counts": line_counts(proposal),
        "alliance": alliance,
        # The whole proposal's figures reach its maker and tenant admins only (the library
        # leaves them out for others): anyone else sees the counts of their own lines.
        "whole": proposal.whole,
        "improvement": improvement(proposal),
        "solver": None if status is None else t(SOLVER_STATUS.get(status, SOLVER_UNKNOWN)),
        "objective": optional(proposal.objective),
        "greedy": optional(proposal.greedy_objective),
        "bound": optional(proposal.bound),
    }


__all__ = [
    "Candidate",
    "Line",
    "ShiftGroup",
    "base",
    "candidates",
    "find_line",
    "index_context",
    "line_view",
    "matching_url",
    "proposal_context",
    "ruled_out",
    "shift_invitations_context",
]
