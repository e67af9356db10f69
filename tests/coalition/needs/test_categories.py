"""Categories: the ten built-ins with their Chinese names, and a tenant's own."""

import pytest

from coalition.errors import Conflict, InvalidInput, PermissionDenied
from coalition.needs.categories import add_category, list_categories
from coalition.needs.schemas import CategoryInput
from coalition.tenancy import Role, TenantScope
from tests.coalition.needs.helpers import person


async def test_every_tenant_has_the_built_in_categories_with_chinese_names(
    scope: TenantScope,
) -> None:
    listed = await list_categories(scope)

    assert [(c.code, c.name_zh) for c in listed] == [
        ("elderly_care", "助老服务"),
        ("child_care", "儿童关爱"),
        ("dispute_mediation", "矛盾调解"),
        ("sanitation", "环境卫生"),
        ("patrol", "治安巡逻"),
        ("culture", "文化活动"),
        ("education", "教育辅导"),
        ("health", "健康服务"),
        ("legal_aid", "法律援助"),
        ("other", "其他"),
    ]
    assert all(c.builtin for c in listed)


async def test_a_tenant_adds_its_own_categories_seen_only_by_itself(
    scope: TenantScope, other_tenant
) -> None:
    added = await add_category(
        scope, CategoryInput(code="flood_relief", name_zh=" 防汛救灾 ", name_en="Flood relief")
    )

    assert (added.code, added.name_zh, added.builtin) == ("flood_relief", "防汛救灾", False)
    assert (await list_categories(scope))[-1] == added
    elsewhere = await list_categories(TenantScope.system(other_tenant.id))
    assert "flood_relief" not in {c.code for c in elsewhere}
    # the same code is free in another tenant
    await add_category(
        TenantScope.system(other_tenant.id), CategoryInput(code="flood_relief", name_zh="防汛")
    )


async def test_a_category_code_is_unique_in_the_tenant(scope: TenantScope) -> None:
    await add_category(scope, CategoryInput(code="flood_relief", name_zh="防汛救灾"))

    with pytest.raises(Conflict) as caught:
        await add_category(scope, CategoryInput(code="flood_relief", name_zh="防汛"))

    assert caught.value.code == "needs.category_code_taken"


@pytest.mark.parametrize(
    ("code", "name_zh", "errors"),
    [
        ("elderly_care", "养老", {"code": "builtin_category"}),
        ("Flood Relief", "防汛", {"code": "invalid_code"}),
        ("x", "防汛", {"code": "invalid_code"}),
        ("flood", "", {"name_zh": "required"}),
    ],
)
async def test_a_category_cannot_shadow_a_built_in_or_be_malformed(
    scope: TenantScope, code: str, name_zh: str, errors: dict[str, str]
) -> None:
    with pytest.raises(InvalidInput) as caught:
        await add_category(scope, CategoryInput(code=code, name_zh=name_zh))

    assert {name: err.code for name, err in caught.value.fields.items()} == errors


async def test_only_tenant_admins_add_categories(tenant) -> None:
    staff = await person(tenant.id, Role.COMMUNITY_STAFF, communities={1})

    with pytest.raises(PermissionDenied):
        await add_category(staff, CategoryInput(code="flood_relief", name_zh="防汛救灾"))
