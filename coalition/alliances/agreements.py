"""Community co-building agreements (社区共建协议) and the parties that sign them.

A community signs an agreement with organisations and units in its area, covering some of
the six joint areas of work. Tenant admins, and community staff of the agreement's
community, manage agreements; everyone in the tenant reads them. The numbered commitments
of an agreement are in :mod:`coalition.alliances.commitments`.
"""

from __future__ import annotations

from typing import Any

from coalition.actors.tables import Organisation, Unit
from coalition.alliances.schemas import (
    AgreementInput,
    AgreementOut,
    JointArea,
    MemberKind,
    PartyOut,
)
from coalition.alliances.tables import Agreement, AgreementParty
from coalition.errors import Checker, Conflict, NotFound
from coalition.places.tables import Community
from coalition.tenancy import TenantQueries, TenantScope

_AREA_ORDER: dict[str, int] = {area.value: i for i, area in enumerate(JointArea)}
_PARTY = (
    AgreementParty.id,
    AgreementParty.agreement,
    AgreementParty.organisation,
    AgreementParty.unit,
    AgreementParty.organisation._.name,
    AgreementParty.unit._.name,
)


def _party(row: dict[str, Any]) -> PartyOut:
    kind = MemberKind.ORGANISATION if row["organisation"] is not None else MemberKind.UNIT
    return PartyOut(
        id=row["id"],
        agreement_id=row["agreement"],
        kind=kind,
        target_id=row[kind],
        name=row[f"{kind}.name"],
    )


async def party_names(q: TenantQueries, party_ids: set[int]) -> dict[int, tuple[str, str]]:
    """The kind and name of each party, by party id."""
    if not party_ids:
        return {}
    rows = await q.select(AgreementParty, *_PARTY).where(AgreementParty.id.is_in(list(party_ids)))
    return {party.id: (party.kind, party.name) for party in map(_party, rows)}


async def _parties(q: TenantQueries, agreement_ids: list[int]) -> dict[int, list[PartyOut]]:
    found: dict[int, list[PartyOut]] = {i: [] for i in agreement_ids}
    if agreement_ids:
        rows = await (
            q.select(AgreementParty, *_PARTY)
            .where(AgreementParty.agreement.is_in(agreement_ids))
            .order_by(AgreementParty.id)
        )
        for row in rows:
            found[row["agreement"]].append(_party(row))
    return found


def _agreement(row: Agreement, community_name: str, parties: list[PartyOut]) -> AgreementOut:
    return AgreementOut(
        id=row.id,
        community_id=row.community,
        community_name=community_name,
        title=row.title,
        summary=row.summary,
        signed_on=row.signed_on,
        valid_until=row.valid_until,
        areas=list(row.areas),
        parties=parties,
    )


def _check_agreement(data: AgreementInput) -> list[str]:
    """Field errors of the input, all at once; the areas in their canonical order."""
    check = Checker()
    check.required("title", data.title)
    check.optional("summary", data.summary, max_length=5000)
    unknown = sorted(set(data.areas) - set(_AREA_ORDER))
    if not data.areas:
        check.add("areas", "required", "Choose at least one joint area of work.")
    elif unknown:
        check.add(
            "areas",
            "invalid_choice",
            f"Not joint areas of work: {', '.join(unknown)}.",
            unknown=unknown,
            allowed=list(_AREA_ORDER),
        )
    if data.valid_until is not None and data.valid_until < data.signed_on:
        check.add(
            "valid_until",
            "before_signed_on",
            "An agreement cannot end before it is signed.",
            signed_on=data.signed_on.isoformat(),
        )
    if not data.organisation_ids and not data.unit_ids:
        check.add("parties", "required", "Name at least one organisation or unit that signs.")
    check.raise_if_any()
    return sorted(set(data.areas), key=_AREA_ORDER.__getitem__)


async def _require_parties(
    q: TenantQueries, organisation_ids: list[int], unit_ids: list[int]
) -> None:
    missing_orgs = sorted(set(organisation_ids) - await q.ids(Organisation, organisation_ids))
    missing_units = sorted(set(unit_ids) - await q.ids(Unit, unit_ids))
    if missing_orgs or missing_units:
        raise NotFound(
            "Some parties of the agreement do not exist: "
            f"organisations {missing_orgs}, units {missing_units}.",
            code="alliances.party_not_found",
            organisation_ids=missing_orgs,
            unit_ids=missing_units,
        )


async def create_agreement(scope: TenantScope, data: AgreementInput) -> AgreementOut:
    """Record a signed agreement between a community and organisations and units."""
    scope.actor.require_community(data.community_id, action="sign a co-building agreement")
    areas = _check_agreement(data)
    title = data.title.strip()
    organisation_ids = list(dict.fromkeys(data.organisation_ids))
    unit_ids = list(dict.fromkeys(data.unit_ids))
    async with scope.write() as q:
        community = await q.get(Community, data.community_id, what="Community")
        await _require_parties(q, organisation_ids, unit_ids)
        if await q.exists(Agreement).where(
            (Agreement.community == community.id) & (Agreement.title == title)
        ):
            raise Conflict(
                f"{community.name} has an agreement titled {title!r} already.",
                code="alliances.agreement_title_taken",
                title=title,
            )
        agreement = await q.create(
            Agreement,
            community=community.id,
            title=title,
            summary=data.summary.strip(),
            signed_on=data.signed_on,
            valid_until=data.valid_until,
            areas=areas,
        )
        await q.add(
            *(
                q.new(AgreementParty, agreement=agreement.id, organisation=i)
                for i in organisation_ids
            )
        )
        await q.add(*(q.new(AgreementParty, agreement=agreement.id, unit=i) for i in unit_ids))
        parties = await _parties(q, [agreement.id])
    return _agreement(agreement, community.name, parties[agreement.id])


async def add_agreement_party(
    scope: TenantScope,
    agreement_id: int,
    *,
    organisation_id: int | None = None,
    unit_id: int | None = None,
) -> PartyOut:
    """Add one organisation or unit (exactly one) to an agreement signed earlier."""
    check = Checker()
    if (organisation_id is None) == (unit_id is None):
        check.add("party", "exactly_one_party", "Name exactly one organisation or unit.")
    check.raise_if_any()
    async with scope.write() as q:
        agreement = await q.get(Agreement, agreement_id, what="Agreement")
        scope.actor.require_community(agreement.community, action="change a co-building agreement")
        if organisation_id is not None:
            target: Any = await q.get(Organisation, organisation_id, what="Organisation")
            column: Any = AgreementParty.organisation
        else:
            target = await q.get(Unit, unit_id, what="Unit")
            column = AgreementParty.unit
        if await q.exists(AgreementParty).where(
            (AgreementParty.agreement == agreement.id) & (column == target.id)
        ):
            raise Conflict(
                f"{target.name} is a party of this agreement already.",
                code="alliances.party_exists",
                party=target.name,
            )
        party = await q.create(
            AgreementParty, agreement=agreement.id, **{column._meta.name: target.id}
        )
        (row,) = await q.select(AgreementParty, *_PARTY).where(AgreementParty.id == party.id)
    return _party(row)


async def get_agreement(scope: TenantScope, agreement_id: int) -> AgreementOut:
    scope.actor.require_member(action="see co-building agreements")
    async with scope.read() as q:
        agreement = await q.get(Agreement, agreement_id, what="Agreement")
        community = await q.get(Community, agreement.community, what="Community")
        parties = await _parties(q, [agreement.id])
    return _agreement(agreement, community.name, parties[agreement.id])


async def list_agreements(
    scope: TenantScope, *, community_id: int | None = None
) -> list[AgreementOut]:
    """Agreements of the tenant (or of one community), latest signature first."""
    scope.actor.require_member(action="see co-building agreements")
    async with scope.read() as q:
        query = q.objects(Agreement).order_by(Agreement.signed_on, ascending=False)
        if community_id is not None:
            query = query.where(Agreement.community == community_id)
        agreements = await query.order_by(Agreement.id)
        community_ids = list({a.community for a in agreements})
        names = {
            row["id"]: row["name"]
            for row in (
                await q.select(Community, Community.id, Community.name).where(
                    Community.id.is_in(community_ids)
                )
                if community_ids
                else []
            )
        }
        parties = await _parties(q, [a.id for a in agreements])
    return [_agreement(a, names[a.community], parties[a.id]) for a in agreements]
