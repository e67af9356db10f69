"""Tenant admins set how much each part of a score counts."""

from __future__ import annotations

from coalition.matching.services import get_weights
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.matching.helpers import matching_world

VALID = {
    "skills": "2",
    "proximity": "1.5",
    "fairness": "0.6",
    "reliability": "0.8",
    "lived_experience": "1",
}


async def test_an_admin_reads_each_weight_explained_and_saves_new_ones(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")

    page = await client.get(m.url("/weights"))
    saved = await post_form(client, m.url("/weights"), VALID)

    assert "目前使用的是默认权重。" in text_of(page.text)
    assert "近期服务时长较少的志愿者优先的程度" in page.text
    assert 'value="0.6"' in page.text
    assert saved.status_code == 303 and saved.headers["location"] == m.url("/weights?saved=1")
    weights = await get_weights(m.w.staff_scope())
    assert (weights.skills, weights.proximity, weights.is_default) == (2.0, 1.5, False)
    after = await client.get(saved.headers["location"])
    assert 'value="1.5"' in after.text and "权重已保存。" in after.text
    assert "权重已保存。" not in (await client.get(m.url("/weights"))).text


async def test_invalid_weights_are_refused_in_chinese_and_what_was_typed_stays(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")

    wrong = await post_form(
        client,
        m.url("/weights"),
        {**VALID, "skills": "很多", "proximity": "11"},
        headers=HTMX,
    )
    zeros = await post_form(client, m.url("/weights"), dict.fromkeys(VALID, "0"))

    assert wrong.status_code == 422
    assert wrong.text.strip().startswith('<section id="weights-form"')
    assert wrong.text.count("请填写 0 到 10 之间的数，例如 1.5。") == 2
    assert 'value="很多"' in wrong.text and 'value="11"' in wrong.text
    assert zeros.status_code == 422 and "<html" in zeros.text
    assert "至少要有一项权重大于 0。" in zeros.text
    assert (await get_weights(m.w.staff_scope())).is_default


async def test_restoring_the_defaults_with_htmx_swaps_the_form(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")
    await post_form(client, m.url("/weights"), {**VALID, "skills": "9"})

    restored = await post_form(client, m.url("/weights/defaults"), {}, headers=HTMX)

    assert restored.status_code == 200
    assert "已恢复默认权重。" in restored.text and 'value="1"' in restored.text
    assert (await get_weights(m.w.staff_scope())).skills == 1.0


async def test_the_weights_read_in_english_on_an_english_page(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    wrong = await post_form(client, m.url("/weights"), {**VALID, "fairness": "-1"})

    assert wrong.status_code == 422
    assert "Enter a number from 0 to 10, for example 1.5." in wrong.text
    assert "Sharing the work" in wrong.text


async def test_community_staff_may_not_change_the_weights(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "staff")

    assert (await client.get(m.url("/weights"))).status_code == 403
    assert (await post_form(client, m.url("/weights"), VALID)).status_code == 403
    assert (await post_form(client, m.url("/weights/defaults"), {})).status_code == 403


async def test_restoring_the_defaults_without_javascript_says_so_after_the_redirect(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")
    await post_form(client, m.url("/weights"), {**VALID, "skills": "9"})

    restored = await post_form(client, m.url("/weights/defaults"), {})

    assert restored.status_code == 303
    assert restored.headers["location"] == m.url("/weights?saved=defaults")
    page = (await client.get(restored.headers["location"])).text
    assert "已恢复默认权重。" in page and 'id="weight-skills"' in page
    assert 'value="9"' not in page and (await get_weights(m.w.staff_scope())).skills == 1.0
    assert "已恢复默认权重。" not in (await client.get(m.url("/weights?saved=x"))).text


async def test_the_weights_are_named_as_the_users_say_it(client, workspace) -> None:
    m = await matching_world(workspace)
    await login(client, m.slug, "admin")

    text = text_of((await client.get(m.url("/weights"))).text)

    assert "均衡分配" in text and "派单" not in text
    assert "此处只有工作空间管理员能看到这类匹配。" in text and "社工" not in text
