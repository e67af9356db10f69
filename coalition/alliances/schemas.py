"""Inputs and outputs of the alliance and agreement services, and their vocabularies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec


class MemberKind(StrEnum):
    COMMUNITY = "community"  # 社区 / 村
    ORGANISATION = "organisation"  # 社会组织
    UNIT = "unit"  # 辖区单位


class MemberRole(StrEnum):
    LEAD = "lead"  # 牵头单位: at most one active lead per alliance
    CO_CHAIR = "co_chair"  # 轮值/副主席单位
    MEMBER = "member"  # 成员单位


class ResourceKind(StrEnum):
    VENUE = "venue"  # 场地
    EQUIPMENT = "equipment"  # 设备
    FUNDS = "funds"  # 资金
    SERVICE = "service"  # 服务


class JointArea(StrEnum):
    """The six joint areas of work of a co-building agreement."""

    IDEOLOGY = "ideology"  # 思想工作联做
    SECURITY_PATROL = "security_patrol"  # 社会治安联防
    PUBLIC_WELFARE = "public_welfare"  # 公益事业联办
    SANITATION = "sanitation"  # 环境卫生连抓
    CULTURE = "culture"  # 文化活动连搞
    ECONOMY = "economy"  # 经济工作互促


class ItemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


#: The statuses an item may move to from each status; done and cancelled are final.
ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.OPEN: frozenset({ItemStatus.IN_PROGRESS, ItemStatus.CANCELLED}),
    ItemStatus.IN_PROGRESS: frozenset({ItemStatus.DONE, ItemStatus.CANCELLED}),
    ItemStatus.DONE: frozenset(),
    ItemStatus.CANCELLED: frozenset(),
}

#: Items in these statuses are never overdue.
CLOSED_STATUSES = frozenset({ItemStatus.DONE, ItemStatus.CANCELLED})


# --- alliances ---------------------------------------------------------------------------


class AllianceInput(msgspec.Struct, kw_only=True, frozen=True):
    name: str
    lead_branch: str  # the joint party branch, e.g. 狮子山片区联合党总支
    description: str = ""
    founded_on: date | None = None


class AllianceOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    lead_branch: str
    description: str
    founded_on: date | None


class AllianceSummary(msgspec.Struct, kw_only=True, frozen=True):
    """An alliance with its active members counted by kind."""

    id: int
    name: str
    lead_branch: str
    founded_on: date | None
    communities: int
    organisations: int
    units: int

    @property
    def members(self) -> int:
        return self.communities + self.organisations + self.units


class MemberInput(msgspec.Struct, kw_only=True, frozen=True):
    """Exactly one of ``community_id``, ``organisation_id`` and ``unit_id``."""

    community_id: int | None = None
    organisation_id: int | None = None
    unit_id: int | None = None
    role: str = MemberRole.MEMBER
    joined_on: date | None = None  # defaults to today


class MemberOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    alliance_id: int
    kind: str  # MemberKind
    target_id: int  # the community, organisation or unit
    name: str
    role: str
    joined_on: date
    left_on: date | None

    @property
    def active(self) -> bool:
        return self.left_on is None


class ResourceInput(msgspec.Struct, kw_only=True, frozen=True):
    kind: str
    name: str
    description: str = ""
    quantity: str = ""
    provider_member_id: int | None = None  # an active member of the same alliance


class ResourceOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    alliance_id: int
    kind: str
    name: str
    description: str
    quantity: str
    provider_member_id: int | None
    provider_name: str | None


# --- co-building agreements ----------------------------------------------------------------


class AgreementInput(msgspec.Struct, kw_only=True, frozen=True):
    community_id: int
    title: str
    signed_on: date
    areas: list[str]  # JointArea codes, at least one
    organisation_ids: list[int] = msgspec.field(default_factory=list)
    unit_ids: list[int] = msgspec.field(default_factory=list)
    valid_until: date | None = None
    summary: str = ""


class PartyOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    agreement_id: int
    kind: str  # MemberKind.ORGANISATION or MemberKind.UNIT
    target_id: int
    name: str


class AgreementOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    community_id: int
    community_name: str
    title: str
    summary: str
    signed_on: date
    valid_until: date | None
    areas: list[str]
    parties: list[PartyOut]


class CommitmentItemInput(msgspec.Struct, kw_only=True, frozen=True):
    title: str
    area: str  # one of the agreement's areas
    due_on: date  # not before the agreement was signed, not after it ends
    owner_party_id: int | None = None  # None: the community itself
    description: str = ""


class ItemProgressInput(msgspec.Struct, kw_only=True, frozen=True):
    status: str | None = None  # None keeps the status
    progress_note: str | None = None  # None keeps the note


class CommitmentItemOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    agreement_id: int
    number: int
    title: str
    description: str
    area: str
    owner_party_id: int | None
    owner_kind: str  # MemberKind: the community, or the party's organisation or unit
    owner_name: str
    due_on: date
    status: str
    progress_note: str
    updated_at: datetime
    overdue: bool
