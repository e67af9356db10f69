from __future__ import annotations

import msgspec


class TenantInput(msgspec.Struct, kw_only=True, frozen=True):
    slug: str
    name: str
    locale: str = "zh-Hans"
    time_zone: str = "Asia/Shanghai"


class TenantOut(msgspec.Struct, kw_only=True, frozen=True):
    id: int
    slug: str
    name: str
    locale: str
    time_zone: str
