from __future__ import annotations

import msgspec


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
