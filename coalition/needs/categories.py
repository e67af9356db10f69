"""Categories of needs: the built-in ones, and those a tenant adds for itself."""

from __future__ import annotations

import re

from coalition.errors import Checker, Conflict
from coalition.needs.schemas import BUILTIN_CATEGORIES, CategoryInput, CategoryOut
from coalition.needs.tables import NeedCategory
from coalition.tenancy import Role, TenantQueries, TenantScope

CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def _builtins() -> list[CategoryOut]:
    return [
        CategoryOut(code=code, name_zh=zh, name_en=en, builtin=True)
        for code, (zh, en) in BUILTIN_CATEGORIES.items()
    ]


async def add_category(scope: TenantScope, data: CategoryInput) -> CategoryOut:
    """Add a category of the tenant's own (tenant admins); its code is unique in the
    tenant and is not a built-in's."""
    scope.actor.require(Role.TENANT_ADMIN, action="add a category of needs")
    code = data.code.strip()
    check = Checker()
    if not CODE.match(code):
        check.add(
            "code",
            "invalid_code",
            "Use 2-32 lower-case letters, digits and underscores, starting with a letter.",
        )
    elif code in BUILTIN_CATEGORIES:
        check.add(
            "code",
            "builtin_category",
            f"{code!r} is a built-in category already.",
            category=code,
        )
    check.required("name_zh", data.name_zh, max_length=100)
    check.optional("name_en", data.name_en, max_length=100)
    check.raise_if_any()
    async with scope.write() as q:
        if await q.exists(NeedCategory).where(NeedCategory.code == code):
            raise Conflict(
                f"This tenant has a category {code!r} already.",
                code="needs.category_code_taken",
                category=code,
            )
        row = await q.create(
            NeedCategory,
            code=code,
            name_zh=data.name_zh.strip(),
            name_en=data.name_en.strip(),
        )
    return CategoryOut(code=row.code, name_zh=row.name_zh, name_en=row.name_en, builtin=False)


async def list_categories(scope: TenantScope) -> list[CategoryOut]:
    """The built-in categories in their fixed order, then the tenant's own by code."""
    async with scope.read() as q:
        rows = await q.select(
            NeedCategory, NeedCategory.code, NeedCategory.name_zh, NeedCategory.name_en
        ).order_by(NeedCategory.code)
    return _builtins() + [CategoryOut(**row, builtin=False) for row in rows]


async def is_category(q: TenantQueries, code: str) -> bool:
    """A built-in category or one of this tenant's own."""
    if code in BUILTIN_CATEGORIES:
        return True
    return bool(await q.exists(NeedCategory).where(NeedCategory.code == code))
