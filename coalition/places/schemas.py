from __future__ import annotations

from enum import StrEnum

import msgspec


class CommunityKind(StrEnum):
    URBAN = "urban"  # 社区
    VILLAGE = "village"  # 村


class CommunityInput(msgspec.Struct, kw_only=True, frozen=True):
    name: str
    kind: str = CommunityKind.URBAN
    township: str = ""
    address: str = ""


class CommunityOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    name: str
    kind: str
    township: str
    address: str


class GridInput(msgspec.Struct, kw_only=True, frozen=True):
    community_id: int
    name: str
    code: str = ""


class GridOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    community_id: int
    community_name: str
    name: str
    code: str
