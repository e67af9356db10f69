"""Communities and grids: see them, add them with or without JavaScript, only in one's own
tenant and only with the right role."""

from __future__ import annotations

from coalition.testing.factories import CommunityFactory, GridFactory
from tests.portal.conftest import HTMX, csrf_token, login, person_with_login, post_form, text_of


async def test_the_community_page_lists_its_grids(client, workspace) -> None:
    village = await CommunityFactory.create(tenant=workspace.tenant, name="狮子山村")
    await GridFactory.create(tenant=workspace.tenant, community=village, name="第一网格")
    elsewhere = await CommunityFactory.create(tenant=workspace.tenant, name="隔壁村")
    await GridFactory.create(tenant=workspace.tenant, community=elsewhere, name="别处网格")
    await login(client, workspace.slug, workspace.volunteer)

    response = await client.get(f"/t/{workspace.slug}/communities/{village.id}")

    assert response.status_code == 200
    assert "狮子山村" in response.text and "第一网格" in response.text
    assert "别处网格" not in response.text
    assert "<dd>村</dd>" in response.text  # the kind, in Chinese
    assert "添加网格" not in response.text  # volunteers do not add grids


async def test_a_community_id_of_another_tenant_is_a_404(
    client, workspace, other_workspace
) -> None:
    theirs = await CommunityFactory.create(tenant=other_workspace.tenant, name="别人的社区")
    await login(client, workspace.slug, workspace.admin)

    page = await client.get(f"/t/{workspace.slug}/communities/{theirs.id}")
    grid = await post_form(
        client, f"/t/{workspace.slug}/communities/{theirs.id}/grids", {"name": "越权网格"}
    )

    assert page.status_code == grid.status_code == 404
    assert "别人的社区" not in page.text
    assert "页面不存在" in text_of(page.text)


async def test_an_administrator_adds_a_community_without_javascript(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)
    form = await client.get(f"/t/{workspace.slug}/communities/new")
    assert form.status_code == 200

    response = await post_form(
        client,
        f"/t/{workspace.slug}/communities",
        {"name": "东北村社区", "kind": "urban", "township": "环山街道", "address": "东北路1号"},
    )

    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "东北村社区" in page.text and "环山街道" in page.text


async def test_bad_input_comes_back_with_errors_next_to_fields_and_nothing_lost(
    client, workspace
) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await post_form(
        client,
        f"/t/{workspace.slug}/communities",
        {"name": "   ", "kind": "城市", "township": "狮子山片区", "address": "山前路8号"},
    )

    assert response.status_code == 422
    html = response.text
    assert 'id="community-name-error"' in html and "此项为必填项。" in html
    assert 'id="community-kind-error"' in html and "请从列表中选择。" in html
    assert 'value="狮子山片区"' in html and 'value="山前路8号"' in html
    assert "<html" in html  # without htmx: the whole page again


async def test_a_taken_name_is_shown_at_the_name_field_in_english_too(client, workspace) -> None:
    await CommunityFactory.create(tenant=workspace.tenant, name="东北村社区")
    await login(client, workspace.slug, workspace.admin)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    response = await post_form(
        client, f"/t/{workspace.slug}/communities", {"name": "东北村社区", "kind": "urban"}
    )

    assert response.status_code == 422
    assert 'id="community-name-error"' in response.text
    assert "A community named &#39;东北村社区&#39; exists already." in response.text


async def test_htmx_adds_a_community_and_gets_back_a_fresh_form(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await post_form(
        client,
        f"/t/{workspace.slug}/communities",
        {"name": "新村", "kind": "village"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response.text.strip().startswith('<form id="community-form"')
    assert "已添加社区“新村”。" in response.text
    assert response.headers["HX-Trigger"] == "placesChanged"  # the overview reloads itself
    assert response.headers["vary"] == "HX-Request"
    overview = await client.get(f"/t/{workspace.slug}/", headers=HTMX)
    assert "新村" in overview.text


async def test_htmx_errors_come_back_in_the_form_fragment(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await post_form(
        client, f"/t/{workspace.slug}/communities", {"name": "", "kind": "urban"}, headers=HTMX
    )

    assert response.status_code == 422
    assert response.text.strip().startswith('<form id="community-form"')
    assert "此项为必填项。" in response.text


async def test_a_volunteer_may_not_add_a_community(client, workspace) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    page = await client.get(f"/t/{workspace.slug}/communities/new")
    posted = await post_form(
        client, f"/t/{workspace.slug}/communities", {"name": "志愿者的社区", "kind": "urban"}
    )

    assert page.status_code == posted.status_code == 403
    assert "无权操作" in text_of(posted.text)
    overview = await client.get(f"/t/{workspace.slug}/")
    assert "志愿者的社区" not in overview.text


async def test_a_grid_is_added_with_htmx_and_the_grid_list_comes_back(client, workspace) -> None:
    village = await CommunityFactory.create(tenant=workspace.tenant, name="狮子山村")
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/communities/{village.id}/grids"

    added = await post_form(client, url, {"name": "第一网格", "code": "G1"}, headers=HTMX)
    again = await post_form(client, url, {"name": "第一网格", "code": "G2"}, headers=HTMX)

    assert added.status_code == 200
    assert added.text.strip().startswith('<section id="grids"')
    assert "第一网格" in added.text and "已添加网格“第一网格”。" in added.text
    assert again.status_code == 422
    assert "该社区已有名为“第一网格”的网格。" in again.text and 'value="G2"' in again.text


async def test_a_grid_is_added_without_javascript(client, workspace) -> None:
    village = await CommunityFactory.create(tenant=workspace.tenant, name="狮子山村")
    await login(client, workspace.slug, workspace.admin)

    response = await post_form(
        client, f"/t/{workspace.slug}/communities/{village.id}/grids", {"name": "第二网格"}
    )

    assert response.status_code == 303
    page = await client.get(response.headers["location"].split("#")[0])
    assert "第二网格" in page.text


async def test_community_staff_add_grids_to_their_own_community_only(client, workspace) -> None:
    mine = await CommunityFactory.create(tenant=workspace.tenant, name="我的社区")
    other = await CommunityFactory.create(tenant=workspace.tenant, name="隔壁社区")
    await person_with_login(
        workspace.tenant.id, "staff", {"role": "community_staff", "community_id": mine.id}
    )
    await login(client, workspace.slug, "staff")
    token = await csrf_token(client)

    own = await client.post(
        f"/t/{workspace.slug}/communities/{mine.id}/grids",
        data={"name": "第一网格", "_csrf_token": token},
    )
    foreign = await client.post(
        f"/t/{workspace.slug}/communities/{other.id}/grids",
        data={"name": "第一网格", "_csrf_token": token},
    )

    assert own.status_code == 303
    assert foreign.status_code == 403
