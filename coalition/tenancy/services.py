"""Tenants themselves: created by operators, looked up by slug. Not tenant-owned."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import available_timezones

from coalition.db import transaction
from coalition.errors import Checker, Conflict, NotFound
from coalition.tenancy.schemas import TenantInput, TenantOut
from coalition.tenancy.scope import translated_errors
from coalition.tenancy.tables import Tenant

LOCALES = ("zh-Hans", "en")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_COLUMNS = (Tenant.id, Tenant.slug, Tenant.name, Tenant.locale, Tenant.time_zone)


def _out(row: dict[str, Any]) -> TenantOut:
    return TenantOut(**{k: row[k] for k in ("id", "slug", "name", "locale", "time_zone")})


async def create_tenant(data: TenantInput) -> TenantOut:
    check = Checker()
    if not SLUG.match(data.slug or ""):
        check.add(
            "slug",
            "invalid_slug",
            "Use lower-case letters, digits and hyphens (at most 63 characters).",
        )
    check.required("name", data.name)
    check.choice("locale", data.locale, LOCALES)
    check.choice("time_zone", data.time_zone, available_timezones())
    check.raise_if_any()
    with translated_errors():
        async with transaction(Tenant._meta.db, write=True):
            return await _insert_tenant(data)


async def _insert_tenant(data: TenantInput) -> TenantOut:
    if await Tenant.exists().where(Tenant.slug == data.slug):
        raise Conflict(
            f"A tenant with the slug {data.slug!r} exists already.",
            code="tenancy.slug_taken",
            slug=data.slug,
        )
    tenant = Tenant(
        slug=data.slug, name=data.name.strip(), locale=data.locale, time_zone=data.time_zone
    )
    await tenant.save()
    return TenantOut(
        id=tenant.id,
        slug=tenant.slug,
        name=tenant.name,
        locale=tenant.locale,
        time_zone=tenant.time_zone,
    )


async def get_tenant_by_slug(slug: str) -> TenantOut:
    row = await Tenant.select(*_COLUMNS).where(Tenant.slug == slug).first()
    if row is None:
        raise NotFound(f"No tenant {slug!r}.", code="tenancy.not_found", slug=slug)
    return _out(row)


async def list_tenants() -> list[TenantOut]:
    return [_out(row) for row in await Tenant.select(*_COLUMNS).order_by(Tenant.slug)]
