"""Inputs and outputs of the needs services (需求清单), and their vocabularies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec


class NeedState(StrEnum):
    DRAFT = "draft"  # 草稿
    OPEN = "open"  # 待派单
    DISPATCHED = "dispatched"  # 已派单
    ACCEPTED = "accepted"  # 已接单
    IN_SERVICE = "in_service"  # 服务中
    COMPLETED = "completed"  # 已完成
    REVIEWED = "reviewed"  # 已评价
    CANCELLED = "cancelled"  # 已取消


#: States in which a need is still being worked on: it can be escalated or cancelled.
ACTIVE_STATES = frozenset(
    {
        NeedState.DRAFT,
        NeedState.OPEN,
        NeedState.DISPATCHED,
        NeedState.ACCEPTED,
        NeedState.IN_SERVICE,
    }
)


class NeedAction(StrEnum):
    """What a history entry (NeedEvent) records."""

    POSTED = "posted"
    OPENED = "opened"
    EDITED = "edited"
    DISPATCHED = "dispatched"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SERVICE_STARTED = "service_started"
    ESCALATED = "escalated"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REVIEWED = "reviewed"


#: Each step of a need's life: the states it may be taken from, and the state it leads to.
STEPS: dict[str, tuple[frozenset[str], str]] = {
    NeedAction.OPENED: (frozenset({NeedState.DRAFT}), NeedState.OPEN),
    NeedAction.DISPATCHED: (frozenset({NeedState.OPEN}), NeedState.DISPATCHED),
    NeedAction.ACCEPTED: (frozenset({NeedState.DISPATCHED}), NeedState.ACCEPTED),
    NeedAction.DECLINED: (frozenset({NeedState.DISPATCHED}), NeedState.OPEN),
    NeedAction.SERVICE_STARTED: (frozenset({NeedState.ACCEPTED}), NeedState.IN_SERVICE),
    NeedAction.COMPLETED: (
        frozenset({NeedState.ACCEPTED, NeedState.IN_SERVICE}),
        NeedState.COMPLETED,
    ),
    NeedAction.REVIEWED: (frozenset({NeedState.COMPLETED}), NeedState.REVIEWED),
    NeedAction.CANCELLED: (ACTIVE_STATES, NeedState.CANCELLED),
}

#: The states a need may move to from each state; reviewed and cancelled are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    state: frozenset(to for sources, to in STEPS.values() if state in sources)
    for state in NeedState
}

#: States in which the need's fields may still be edited.
EDITABLE_STATES = frozenset({NeedState.DRAFT, NeedState.OPEN})


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Level(StrEnum):
    """Where a matter is handled, from the grid up (settled inside the grid: 87%)."""

    GRID = "grid"  # 网格
    COMMUNITY = "community"  # 社区 / 村
    TOWNSHIP = "township"  # 镇街
    COUNTY = "county"  # 县级及以上


#: Levels from lowest to highest.
LEVEL_ORDER: tuple[str, ...] = (Level.GRID, Level.COMMUNITY, Level.TOWNSHIP, Level.COUNTY)


class DispatchKind(StrEnum):
    POOL = "pool"  # 志愿者池
    ORGANISATION = "organisation"  # 社会组织
    UNIT = "unit"  # 辖区单位


class DispatchStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # the need was cancelled before the member answered


class ReviewerKind(StrEnum):
    RESIDENT = "resident"  # 群众评单, relayed by the grid worker who posted the need
    COMMUNITY = "community"  # the community office


#: The built-in categories: code → (Chinese name, English name).
BUILTIN_CATEGORIES: dict[str, tuple[str, str]] = {
    "elderly_care": ("助老服务", "Elderly care"),
    "child_care": ("儿童关爱", "Child care"),
    "dispute_mediation": ("矛盾调解", "Dispute mediation"),
    "sanitation": ("环境卫生", "Sanitation"),
    "patrol": ("治安巡逻", "Security patrol"),
    "culture": ("文化活动", "Cultural activities"),
    "education": ("教育辅导", "Tutoring"),
    "health": ("健康服务", "Health services"),
    "legal_aid": ("法律援助", "Legal aid"),
    "other": ("其他", "Other"),
}


# --- categories ----------------------------------------------------------------------------


class CategoryInput(msgspec.Struct, kw_only=True, frozen=True):
    code: str  # lower-case letters, digits and underscores
    name_zh: str
    name_en: str = ""


class CategoryOut(msgspec.Struct, kw_only=True, frozen=True):
    code: str
    name_zh: str
    name_en: str
    builtin: bool


# --- needs ---------------------------------------------------------------------------------


class NeedInput(msgspec.Struct, kw_only=True, frozen=True):
    """A need as posted or edited. Give the grid (its community follows) or the community."""

    title: str
    category: str
    description: str = ""
    community_id: int | None = None
    grid_id: int | None = None
    alliance_id: int | None = None  # post onto this alliance's needs list
    required_skills: tuple[str, ...] = ()
    urgency: str = Urgency.NORMAL
    resident_name: str = ""
    resident_phone: str = ""
    resident_address: str = ""


class NeedOut(msgspec.Struct, kw_only=True, frozen=True):
    """A need as one viewer may see it: ``contact_visible`` is False when the resident's
    name, phone and address were blanked for this viewer."""

    id: int
    title: str
    description: str
    category: str
    community_id: int
    community_name: str
    grid_id: int | None
    grid_name: str
    alliance_id: int | None
    alliance_name: str
    required_skills: tuple[str, ...]
    urgency: str
    state: str
    level: str
    settled_level: str | None
    posted_by_id: int | None
    resident_name: str
    resident_phone: str
    resident_address: str
    contact_visible: bool
    dispatch_kind: str | None
    dispatched_organisation_id: int | None
    dispatched_unit_id: int | None
    dispatched_to_name: str
    created_at: datetime
    opened_at: datetime | None
    dispatched_at: datetime | None
    accepted_at: datetime | None
    filled_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime


class NeedFilter(msgspec.Struct, kw_only=True, frozen=True):
    """The board's filters; the created-on dates are inclusive, in the tenant's time zone."""

    state: str | None = None
    category: str | None = None
    community_id: int | None = None
    grid_id: int | None = None
    alliance_id: int | None = None
    organisation_id: int | None = None  # dispatched to this organisation
    unit_id: int | None = None  # dispatched to this unit
    created_from: date | None = None
    created_to: date | None = None
    text: str = ""  # in the title
    order: str = "newest"  # newest / oldest
    limit: int = 20
    offset: int = 0


class NeedPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[NeedOut]
    total: int
    limit: int
    offset: int


class NeedEventOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    need_id: int
    action: str
    from_state: str | None
    to_state: str | None
    from_level: str | None
    to_level: str | None
    actor_id: int | None
    actor_name: str
    reason: str
    at: datetime


# --- dispatch, escalation, review ------------------------------------------------------------


class DispatchInput(msgspec.Struct, kw_only=True, frozen=True):
    kind: str  # pool / organisation / unit
    organisation_id: int | None = None
    unit_id: int | None = None
    note: str = ""


class DispatchOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    need_id: int
    kind: str
    organisation_id: int | None
    unit_id: int | None
    target_name: str
    status: str
    dispatched_by_id: int | None
    dispatched_at: datetime
    responded_by_id: int | None
    responded_at: datetime | None
    reason: str


class EscalationInput(msgspec.Struct, kw_only=True, frozen=True):
    to_level: str  # community / township / county: higher than the need's level
    reason: str


class ReviewInput(msgspec.Struct, kw_only=True, frozen=True):
    rating: int  # 1-5
    comment: str = ""
    #: resident (relayed by the grid worker who posted the need) or community; when
    #: omitted, community if the reviewer manages the community, else resident.
    reviewer_kind: str | None = None


class ReviewOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    need_id: int
    rating: int
    comment: str
    reviewer_id: int | None
    reviewer_kind: str
    created_at: datetime
