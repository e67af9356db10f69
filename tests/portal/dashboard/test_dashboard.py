"""The overview page: in Chinese by default, counts right, one tenant only."""

from __future__ import annotations

from coalition.actors.tables import Organisation, Person, SocialWorker, Unit, Volunteer
from coalition.alliances.schemas import AllianceInput, MemberInput
from coalition.alliances.services import add_member, create_alliance
from coalition.tenancy import TenantScope
from coalition.testing.factories import CommunityFactory, GridFactory
from tests.portal.conftest import HTMX, login, post_form, text_of


async def _populate(tenant_id: int) -> None:
    """2 communities with 3 grids, 1 organisation, 2 units, 3 volunteers, 1 social worker."""
    village = await CommunityFactory.create(tenant=tenant_id, name="狮子山村")
    street = await CommunityFactory.create(tenant=tenant_id, name="东北村社区", kind="urban")
    await GridFactory.create(tenant=tenant_id, community=village, name="第一网格")
    await GridFactory.create(tenant=tenant_id, community=village, name="第二网格")
    await GridFactory.create(tenant=tenant_id, community=street, name="第三网格")
    async with TenantScope.system(tenant_id).write() as q:
        await q.create(Organisation, name="阳光社工服务中心", kind="social_service", services=[])
        for name in ("环山司法所", "烟台银行"):
            await q.create(Unit, name=name, kind="government", resources=[])
        people = [await q.create(Person, name=f"志愿者{n}") for n in range(3)]
        for person in people:
            await q.create(Volunteer, person=person.id, skills=[], languages=[])
        await q.create(SocialWorker, person=people[0].id, certification="assistant")


def _stat(html: str, label: str) -> int:
    text = text_of(html)
    before = text.split(f" {label} ", 1)[0].split()
    return int(before[-1])


async def test_the_overview_is_in_chinese_and_counts_what_the_coalition_has(
    client, workspace
) -> None:
    await _populate(workspace.tenant.id)
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/")

    html = response.text
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert workspace.tenant.name in html
    counts = {
        label: _stat(html, label)
        for label in ("社区", "网格", "社会组织", "辖区单位", "志愿者", "社工")
    }
    assert counts == {"社区": 2, "网格": 3, "社会组织": 1, "辖区单位": 2, "志愿者": 3, "社工": 1}
    assert "狮子山村" in html and "第一网格" in html and "第二网格" in html
    assert "工作空间管理员" in html  # the person's role, named in Chinese


async def test_switching_to_english_keeps_english_on_every_page(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)
    here = f"/t/{workspace.slug}/"

    switched = await post_form(client, "/lang", {"lang": "en", "next": here})

    assert switched.status_code == 303
    assert switched.headers["location"] == here
    page = await client.get(here)
    assert '<html lang="en">' in page.text
    assert "Social organisations" in page.text and "Units in the area" in page.text
    assert "社会组织" not in page.text
    back = await post_form(client, "/lang", {"lang": "zh-Hans", "next": here})
    assert "社会组织" in (await client.get(back.headers["location"])).text


async def test_the_language_switch_never_sends_people_to_another_site(client) -> None:
    response = await post_form(client, "/lang", {"lang": "en", "next": "https://evil.example/"})

    assert response.headers["location"] == "/"


async def test_htmx_gets_only_the_overview_fragment_and_responses_vary_on_it(
    client, workspace
) -> None:
    await login(client, workspace.slug, workspace.admin)
    url = f"/t/{workspace.slug}/"

    fragment = await client.get(url, headers=HTMX)
    page = await client.get(url)

    assert fragment.text.strip().startswith('<section id="overview"')
    assert "<html" not in fragment.text and "<header" not in fragment.text
    assert "<html" in page.text
    assert fragment.headers["vary"] == page.headers["vary"] == "HX-Request"


async def test_a_boosted_htmx_request_gets_the_whole_page(client, workspace) -> None:
    await login(client, workspace.slug, workspace.admin)

    response = await client.get(f"/t/{workspace.slug}/", headers={**HTMX, "HX-Boosted": "true"})

    assert "<html" in response.text


async def test_a_member_of_one_tenant_gets_404_for_every_page_of_another(
    client, workspace, other_workspace
) -> None:
    await _populate(other_workspace.tenant.id)
    await login(client, workspace.slug, workspace.admin)

    for path in ("/", "/communities/new", "/communities/1"):
        response = await client.get(f"/t/{other_workspace.slug}{path}")
        assert response.status_code == 404, path
        assert other_workspace.tenant.name not in response.text
    response = await post_form(
        client, f"/t/{other_workspace.slug}/communities", {"name": "越权社区", "kind": "urban"}
    )
    assert response.status_code == 404


async def test_a_volunteer_sees_the_overview_but_no_form_to_add_communities(
    client, workspace
) -> None:
    await login(client, workspace.slug, workspace.volunteer)

    response = await client.get(f"/t/{workspace.slug}/")

    assert response.status_code == 200
    assert "志愿者" in response.text
    assert 'id="community-form"' not in response.text


async def test_the_overview_lists_the_alliances_with_their_members(client, workspace) -> None:
    scope = TenantScope.system(workspace.tenant.id)
    village = await CommunityFactory.create(tenant=workspace.tenant, name="狮子山村")
    alliance = await create_alliance(
        scope, AllianceInput(name="狮子山片区党建联盟", lead_branch="狮子山片区联合党总支")
    )
    await add_member(scope, alliance.id, MemberInput(community_id=village.id, role="lead"))
    await login(client, workspace.slug, workspace.volunteer)

    page = text_of((await client.get(f"/t/{workspace.slug}/")).text)

    assert "狮子山片区党建联盟" in page
    assert "牵头：狮子山片区联合党总支" in page
    assert "1 个社区（村）、0 家社会组织、0 家辖区单位" in page
    assert "1 党建联盟" in page
