"""The numbered public commitments of a co-building agreement ("36 practical things").

Each item has an area of the agreement, an owner (a party, or the community itself), a
deadline and a status that moves open → in_progress → done, or to cancelled; done and
cancelled are final. Tenant admins and the community's staff publish items and may update
any of them; the coordinator of an owning organisation, or the liaison of an owning unit,
reports progress on that party's own items. Everyone in the tenant reads the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Max

from coalition.alliances.agreements import party_names
from coalition.alliances.schemas import (
    CLOSED_STATUSES,
    ITEM_TRANSITIONS,
    CommitmentItemInput,
    CommitmentItemOut,
    ItemProgressInput,
    ItemStatus,
    MemberKind,
)
from coalition.alliances.tables import Agreement, AgreementParty, CommitmentItem
from coalition.errors import Checker, Conflict, PermissionDenied
from coalition.tenancy import Actor, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_today

_ITEM = (
    CommitmentItem.id,
    CommitmentItem.agreement,
    CommitmentItem.number,
    CommitmentItem.title,
    CommitmentItem.description,
    CommitmentItem.area,
    CommitmentItem.owner_party,
    CommitmentItem.due_on,
    CommitmentItem.status,
    CommitmentItem.progress_note,
    CommitmentItem.updated_at,
)


def _item(row: dict[str, Any], owner: tuple[str, str], today: date) -> CommitmentItemOut:
    owner_kind, owner_name = owner
    return CommitmentItemOut(
        id=row["id"],
        agreement_id=row["agreement"],
        number=row["number"],
        title=row["title"],
        description=row["description"],
        area=row["area"],
        owner_party_id=row["owner_party"],
        owner_kind=owner_kind,
        owner_name=owner_name,
        due_on=row["due_on"],
        status=row["status"],
        progress_note=row["progress_note"],
        updated_at=row["updated_at"],
        overdue=row["due_on"] < today and row["status"] not in CLOSED_STATUSES,
    )


async def _select_items(q: TenantQueries, where: Any, today: date) -> list[CommitmentItemOut]:
    """Items with their owners' names (looked up apart: PostgreSQL cuts the aliases of
    joins three tables deep to 63 characters, where they may collide)."""
    rows = await q.select(CommitmentItem, *_ITEM).where(where).order_by(CommitmentItem.number)
    if not rows:
        return []
    communities = {
        row["id"]: row["community.name"]
        for row in await q.select(Agreement, Agreement.id, Agreement.community._.name).where(
            Agreement.id.is_in(list({row["agreement"] for row in rows}))
        )
    }
    parties = await party_names(q, {row["owner_party"] for row in rows} - {None})
    owners = {
        row["id"]: parties[row["owner_party"]]
        if row["owner_party"] is not None
        else (MemberKind.COMMUNITY.value, communities[row["agreement"]])
        for row in rows
    }
    return [_item(row, owners[row["id"]], today) for row in rows]


def _owns(actor: Actor, party: AgreementParty | None) -> bool:
    """The actor speaks for the organisation or unit that owns the item."""
    if party is None:
        return False
    return actor.coordinates(organisation_id=party.organisation, unit_id=party.unit)


# --- publishing ----------------------------------------------------------------------------


def _check_item(
    check: Checker,
    prefix: str,
    data: CommitmentItemInput,
    agreement: Agreement,
    party_ids: set[int],
) -> None:
    check.required(f"{prefix}title", data.title)
    check.optional(f"{prefix}description", data.description, max_length=5000)
    if data.area not in agreement.areas:
        check.add(
            f"{prefix}area",
            "not_in_agreement",
            f"{data.area!r} is not one of the agreement's areas.",
            allowed=list(agreement.areas),
        )
    if data.due_on < agreement.signed_on:
        check.add(
            f"{prefix}due_on",
            "before_signed_on",
            f"The deadline cannot be before the agreement was signed on {agreement.signed_on}.",
            signed_on=agreement.signed_on.isoformat(),
        )
    elif agreement.valid_until is not None and data.due_on > agreement.valid_until:
        check.add(
            f"{prefix}due_on",
            "after_valid_until",
            f"The deadline cannot be after the agreement ends on {agreement.valid_until}.",
            valid_until=agreement.valid_until.isoformat(),
        )
    if data.owner_party_id is not None and data.owner_party_id not in party_ids:
        check.add(
            f"{prefix}owner_party_id",
            "not_a_party",
            "The owner must be a party of this agreement (or empty for the community).",
        )


async def _add_items(
    scope: TenantScope,
    agreement_id: int,
    items: Sequence[CommitmentItemInput],
    today: date,
    *,
    prefix: str,
) -> list[CommitmentItemOut]:
    async with scope.write() as q:
        # Locked: items of one agreement are numbered one request at a time.
        agreement = await q.get(Agreement, agreement_id, what="Agreement", lock=True)
        scope.actor.require_community(agreement.community, action="publish commitment items")
        if not items:
            return []
        parties = await q.select(AgreementParty, AgreementParty.id).where(
            AgreementParty.agreement == agreement.id
        )
        party_ids = {row["id"] for row in parties}
        check = Checker()
        for n, data in enumerate(items):
            _check_item(check, prefix.format(n), data, agreement, party_ids)
        check.raise_if_any()
        (top,) = await q.select(CommitmentItem, Max(CommitmentItem.number, alias="top")).where(
            CommitmentItem.agreement == agreement.id
        )
        first = (top["top"] or 0) + 1
        rows = [
            q.new(
                CommitmentItem,
                agreement=agreement.id,
                number=first + n,
                title=data.title.strip(),
                description=data.description.strip(),
                area=data.area,
                owner_party=data.owner_party_id,
                due_on=data.due_on,
                status=ItemStatus.OPEN.value,
            )
            for n, data in enumerate(items)
        ]
        await q.add(*rows)
        return await _select_items(q, CommitmentItem.id.is_in([row.id for row in rows]), today)


async def add_commitment_items(
    scope: TenantScope,
    agreement_id: int,
    items: Sequence[CommitmentItemInput],
    *,
    today: date | None = None,
) -> list[CommitmentItemOut]:
    """Publish commitments at once, numbered on from the agreement's last item (1, 2, 3...).

    Nothing is written unless every item is valid; field errors of the n-th input (from 0)
    are reported as ``items.<n>.<field>``.
    """
    return await _add_items(
        scope, agreement_id, items, today or await tenant_today(scope.tenant_id), prefix="items.{}."
    )


async def add_commitment_item(
    scope: TenantScope, agreement_id: int, data: CommitmentItemInput, *, today: date | None = None
) -> CommitmentItemOut:
    """Publish one commitment, numbered after the agreement's last item."""
    (item,) = await _add_items(
        scope, agreement_id, [data], today or await tenant_today(scope.tenant_id), prefix=""
    )
    return item


# --- progress ------------------------------------------------------------------------------


def _check_transition(item: CommitmentItem, wanted: str) -> None:
    current = item.status
    if current in CLOSED_STATUSES:
        raise Conflict(
            f"Item {item.number} is {current}; a closed item does not change any more.",
            code="alliances.item_closed",
            number=item.number,
            current=current,
            requested=wanted,
        )
    if wanted != current and wanted not in ITEM_TRANSITIONS[current]:
        raise Conflict(
            f"Item {item.number} is {current}; it cannot move to {wanted}.",
            code="alliances.illegal_transition",
            number=item.number,
            current=current,
            requested=wanted,
            allowed=sorted(ITEM_TRANSITIONS[current]),
        )


async def update_item_progress(
    scope: TenantScope, item_id: int, data: ItemProgressInput, *, today: date | None = None
) -> CommitmentItemOut:
    """Move an item along open → in_progress → done (or cancel it) and note its progress."""
    check = Checker()
    if data.status is None and data.progress_note is None:
        check.add("status", "required", "Give a new status or a progress note.")
    if data.status is not None:
        check.choice("status", data.status, set(ItemStatus))
    check.optional("progress_note", data.progress_note, max_length=5000)
    check.raise_if_any()
    async with scope.write() as q:
        item = await q.get(CommitmentItem, item_id, what="Commitment item", lock=True)
        agreement = await q.get(Agreement, item.agreement, what="Agreement")
        party = None
        if item.owner_party is not None:
            party = await q.get(AgreementParty, item.owner_party, what="Agreement party")
        if not (scope.actor.manages_community(agreement.community) or _owns(scope.actor, party)):
            raise PermissionDenied(
                "Only the item's owner, this community's staff or tenant admins may report "
                "its progress.",
                code="permission_denied",
                action="update a commitment item",
            )
        wanted = data.status or item.status
        _check_transition(item, wanted)
        values: dict[Any, Any] = {
            CommitmentItem.status: wanted,
            CommitmentItem.updated_at: datetime.now(UTC),
        }
        if data.progress_note is not None:
            values[CommitmentItem.progress_note] = data.progress_note.strip()
        await q.update(CommitmentItem, values).where(CommitmentItem.id == item.id)
        (out,) = await _select_items(
            q, CommitmentItem.id == item.id, today or await tenant_today(scope.tenant_id)
        )
    return out


async def list_commitment_items(
    scope: TenantScope,
    agreement_id: int,
    *,
    today: date | None = None,
    overdue_only: bool = False,
) -> list[CommitmentItemOut]:
    """The agreement's items by number; ``overdue`` is judged against ``today``."""
    scope.actor.require_member(action="see commitment items")
    today = today or await tenant_today(scope.tenant_id)
    async with scope.read() as q:
        await q.get(Agreement, agreement_id, what="Agreement")
        where: Any = CommitmentItem.agreement == agreement_id
        if overdue_only:
            where &= (CommitmentItem.due_on < today) & CommitmentItem.status.not_in(
                sorted(CLOSED_STATUSES)
            )
        return await _select_items(q, where, today)
