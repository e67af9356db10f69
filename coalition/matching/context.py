"""What the kernel needs to know of shifts, read fresh in the caller's transaction: who is
on them already, the alliances around their needs, and whose lived experience may count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from coalition.actors.schemas import ConsentPurpose
from coalition.actors.tables import LivedExperience
from coalition.alliances.tables import AllianceMember
from coalition.db import chunks
from coalition.matching.scoring import ShiftSpec, timing
from coalition.shifts.schemas import LIVE_SIGNUP, InvitationStatus
from coalition.shifts.tables import Invitation, SignUp
from coalition.tenancy import Actor, TenantQueries
from coalition.tenancy.roles import LIVED_EXPERIENCE_ROLES

MEDIATION = "dispute_mediation"
IN_CHUNK = 1000


def lived_applies(actor: Actor, category: str) -> bool:
    """Lived experience counts only for dispute mediation, and only for callers who may
    see it (tenant admins and social workers): otherwise it is not even mentioned."""
    return category == MEDIATION and actor.has(*LIVED_EXPERIENCE_ROLES)


async def lived_volunteers(q: TenantQueries) -> frozenset[int]:
    """Volunteers with lived experience held under a live mediator-matching consent."""
    rows = await (
        q.select(LivedExperience, LivedExperience.volunteer)
        .where(LivedExperience.consent.withdrawn_at.is_null())
        .where(LivedExperience.consent.purpose == ConsentPurpose.MEDIATOR_MATCHING.value)
    )
    return frozenset(row["volunteer"] for row in rows)


async def on_shifts(q: TenantQueries, shift_ids: Iterable[int]) -> dict[int, set[int]]:
    """Per shift, the volunteers with a live sign-up or a pending invitation on it."""
    found: dict[int, set[int]] = defaultdict(set)
    for part in chunks(sorted(set(shift_ids)), IN_CHUNK):
        signed = await (
            q.select(SignUp, SignUp.shift, SignUp.volunteer)
            .where(SignUp.shift.is_in(part))
            .where(SignUp.status.is_in(list(LIVE_SIGNUP)))
        )
        invited = await (
            q.select(Invitation, Invitation.shift, Invitation.volunteer)
            .where(Invitation.shift.is_in(part))
            .where(Invitation.status == InvitationStatus.PENDING.value)
        )
        for row in [*signed, *invited]:
            found[row["shift"]].add(row["volunteer"])
    return found


async def pending_invitations(q: TenantQueries, shift_ids: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for part in chunks(sorted(set(shift_ids)), IN_CHUNK):
        rows = await (
            q.select(Invitation, Invitation.shift)
            .where(Invitation.shift.is_in(part))
            .where(Invitation.status == InvitationStatus.PENDING.value)
        )
        for row in rows:
            counts[row["shift"]] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Alliances:
    """Active alliance memberships: which communities and organisations are allied."""

    communities: dict[int, set[int]]  # alliance → member communities
    organisations: dict[int, set[int]]  # alliance → member organisations
    of_community: dict[int, set[int]]  # community → its alliances

    def around(
        self, alliance: int | None, community: int | None
    ) -> tuple[frozenset[int], frozenset[int]]:
        """The communities and organisations allied with a need: members of the alliance
        whose list it is on, and of every alliance its community belongs to."""
        ids = set(self.of_community.get(community or 0, set()))
        if alliance is not None:
            ids.add(alliance)
        communities = {c for a in ids for c in self.communities.get(a, ())}
        organisations = {o for a in ids for o in self.organisations.get(a, ())}
        return frozenset(communities), frozenset(organisations)


async def alliances(q: TenantQueries, today: date) -> Alliances:
    rows = await q.select(
        AllianceMember,
        AllianceMember.alliance,
        AllianceMember.community,
        AllianceMember.organisation,
        AllianceMember.left_on,
    )
    communities: dict[int, set[int]] = defaultdict(set)
    organisations: dict[int, set[int]] = defaultdict(set)
    of_community: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        if row["left_on"] is not None and row["left_on"] <= today:
            continue
        if row["community"] is not None:
            communities[row["alliance"]].add(row["community"])
            of_community[row["community"]].add(row["alliance"])
        if row["organisation"] is not None:
            organisations[row["alliance"]].add(row["organisation"])
    return Alliances(dict(communities), dict(organisations), dict(of_community))


def spec(
    shift_id: int,
    starts_at: datetime,
    ends_at: datetime,
    need: Any,
    *,
    zone: ZoneInfo,
    allied: Alliances,
    excluded: Iterable[int],
    lived: frozenset[int] | None,
) -> ShiftSpec:
    """The kernel's view of one shift. ``need`` has the Need's columns as attributes or
    keys; ``lived`` is None where lived experience does not count."""

    def get(name: str) -> Any:
        return need[name] if isinstance(need, dict) else getattr(need, name)

    communities, organisations = allied.around(get("alliance"), get("community"))
    return ShiftSpec(
        shift_id=shift_id,
        required=tuple(get("required_skills") or ()),
        grid=get("grid"),
        community=get("community"),
        alliance_communities=communities,
        alliance_organisations=organisations,
        excluded=frozenset(excluded),
        lived_applies=lived is not None,
        lived=lived or frozenset(),
        **timing(starts_at, ends_at, zone),  # type: ignore[arg-type]
    )
