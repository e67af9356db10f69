from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import msgspec
from msgspec import UNSET, UnsetType


class PersonInput(msgspec.Struct, kw_only=True, frozen=True):
    name: str
    phone: str = ""
    email: str = ""


class PersonOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    phone: str
    email: str


class MembershipInput(msgspec.Struct, kw_only=True, frozen=True):
    person_id: int
    role: str
    community_id: int | None = None
    grid_id: int | None = None
    organisation_id: int | None = None
    unit_id: int | None = None


class MembershipOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    person_id: int
    role: str
    community_id: int | None
    grid_id: int | None
    organisation_id: int | None
    unit_id: int | None


# --- social organisations and units -------------------------------------------------


class OrganisationKind(StrEnum):
    SOCIAL_GROUP = "social_group"  # 社会团体
    SERVICE_AGENCY = "service_agency"  # 社会服务机构
    FOUNDATION = "foundation"  # 基金会


class UnitKind(StrEnum):
    ENTERPRISE = "enterprise"  # 企业
    PUBLIC_INSTITUTION = "public_institution"  # 事业单位
    GOVERNMENT_OFFICE = "government_office"  # 机关


class OrganisationInput(msgspec.Struct, kw_only=True, frozen=True):
    name: str
    kind: str
    registration_no: str = ""  # 统一社会信用代码
    services: list[str] = msgspec.field(default_factory=list)
    phone: str = ""
    community_id: int | None = None  # where it is based, if local


class OrganisationUpdate(msgspec.Struct, kw_only=True, frozen=True):
    """A partial update: only the fields that are set change."""

    name: str | UnsetType = UNSET
    kind: str | UnsetType = UNSET
    registration_no: str | UnsetType = UNSET
    services: list[str] | UnsetType = UNSET
    phone: str | UnsetType = UNSET
    community_id: int | UnsetType | None = UNSET


class OrganisationOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    kind: str
    registration_no: str
    services: list[str]
    phone: str
    community_id: int | None
    community_name: str | None


class UnitInput(msgspec.Struct, kw_only=True, frozen=True):
    name: str
    kind: str
    address: str = ""
    resources: list[str] = msgspec.field(default_factory=list)  # venues, funds, staff...
    phone: str = ""
    community_id: int | None = None


class UnitUpdate(msgspec.Struct, kw_only=True, frozen=True):
    """A partial update: only the fields that are set change."""

    name: str | UnsetType = UNSET
    kind: str | UnsetType = UNSET
    address: str | UnsetType = UNSET
    resources: list[str] | UnsetType = UNSET
    phone: str | UnsetType = UNSET
    community_id: int | UnsetType | None = UNSET


class UnitOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    kind: str
    address: str
    resources: list[str]
    phone: str
    community_id: int | None
    community_name: str | None


# --- social workers -----------------------------------------------------------------


class Certification(StrEnum):
    ASSISTANT = "assistant"  # 助理社会工作师
    INTERMEDIATE = "intermediate"  # 社会工作师
    SENIOR = "senior"  # 高级社会工作师


class SocialWorkerInput(msgspec.Struct, kw_only=True, frozen=True):
    """Either ``employer_id`` (an organisation of the tenant) or ``employer_name``."""

    person_id: int
    certification: str
    certificate_no: str = ""
    employer_id: int | None = None
    employer_name: str = ""


class SocialWorkerOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    person_id: int
    person_name: str
    certification: str
    certificate_no: str
    employer_id: int | None
    employer_name: str  # the organisation's name when employer_id is set


# --- volunteers ---------------------------------------------------------------------


class AvailabilitySlot(msgspec.Struct, kw_only=True, frozen=True):
    """A weekly slot: ``weekday`` 0-6 (Monday=0), ``start`` and ``end`` as "HH:MM"."""

    weekday: int
    start: str
    end: str


class VolunteerInput(msgspec.Struct, kw_only=True, frozen=True):
    person_id: int
    skills: list[str] = msgspec.field(default_factory=list)
    languages: list[str] = msgspec.field(default_factory=list)
    availability: list[AvailabilitySlot] = msgspec.field(default_factory=list)
    home_grid_id: int | None = None
    max_hours_week: int = 8
    organisation_id: int | None = None  # the organisation's team they serve with
    joined_on: date | None = None  # today when not given


class VolunteerUpdate(msgspec.Struct, kw_only=True, frozen=True):
    """A partial update: only the fields that are set change. A volunteer may change
    their own skills, languages, availability and hours; staff may change everything."""

    skills: list[str] | UnsetType = UNSET
    languages: list[str] | UnsetType = UNSET
    availability: list[AvailabilitySlot] | UnsetType = UNSET
    max_hours_week: int | UnsetType = UNSET
    home_grid_id: int | UnsetType | None = UNSET
    organisation_id: int | UnsetType | None = UNSET


class VolunteerOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    person_id: int
    person_name: str
    skills: list[str]
    languages: list[str]
    availability: list[AvailabilitySlot]
    home_grid_id: int | None
    home_grid_name: str | None
    community_id: int | None
    max_hours_week: int
    active: bool
    joined_on: date | None
    organisation_id: int | None


class VolunteerFilter(msgspec.Struct, kw_only=True, frozen=True):
    grid_id: int | None = None
    community_id: int | None = None
    skill: str | None = None
    active: bool | None = None
    limit: int = 50
    offset: int = 0


class VolunteerPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[VolunteerOut]
    total: int  # rows matching the filter, over all pages
    limit: int
    offset: int


# --- consent and lived experience ---------------------------------------------------


class ConsentPurpose(StrEnum):
    MEDIATOR_MATCHING = "mediator_matching"  # matching former dispute parties as mediators


class DisputeKind(StrEnum):
    NEIGHBOUR = "neighbour_dispute"  # 邻里纠纷
    FAMILY = "family_dispute"  # 婚姻家庭纠纷
    PROPERTY = "property_dispute"  # 物业纠纷
    LAND = "land_dispute"  # 土地纠纷
    LABOUR = "labour_dispute"  # 劳动纠纷
    OTHER = "other"


class DisputeOutcome(StrEnum):
    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly_resolved"
    UNRESOLVED = "unresolved"


class ConsentOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    person_id: int
    purpose: str
    statement: str
    granted_at: datetime
    recorded_by: int | None
    withdrawn_at: datetime | None
    withdrawn_by: int | None
    live: bool  # not withdrawn


class LivedExperienceOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    volunteer_id: int
    person_id: int
    person_name: str
    consent_id: int
    kind: str
    summary: str
    outcome: str
    recorded_at: datetime
