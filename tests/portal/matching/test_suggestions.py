"""Suggested volunteers for one shift: the ranking with each score explained in the page's
language, who was left out and why, and one click to invite."""

from __future__ import annotations

from coalition.shifts.invitations import shift_invitations
from coalition.testing.factories import LivedExperienceFactory
from tests.portal.conftest import HTMX, login, post_form, text_of
from tests.portal.matching.helpers import (
    helper,
    matching_world,
    next_week_shift,
    pool_need,
)
from tests.portal.needs.helpers import SHANGHAI


async def test_staff_see_the_best_volunteers_with_their_scores_explained_in_chinese(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    w = m.w
    await helper(w, "杨秀兰")
    await helper(w, "李建国", home_grid=None)
    await helper(w, "王德福", skills=["法律咨询"])  # lacks the skill the need asks for
    await helper(w, "赵春梅", active=False)
    await login(client, m.slug, "staff")

    page = await client.get(m.suggestions)

    assert page.status_code == 200 and "<html" in page.text
    text = text_of(page.text)
    assert text.index("杨秀兰") < text.index("李建国")  # the nearer one first
    assert "具备所需 1 项技能中的 1 项" in text
    assert "住在需求所在网格" in text and "不在需求所在社区和党建联盟内" in text
    assert "近 30 天没有服务时长" in text and "此前没有参加过班次" in text
    assert "4 名志愿者中有 2 名可以参加此班次。" in text
    assert "缺少所需技能 1 人" in text and "已停用 1 人" in text
    assert "王德福" not in text and "赵春梅" not in text
    for english in ("same grid", "has 1 of 1 skill", "no past shifts yet", "last 30 days"):
        assert english not in page.text


async def test_the_ranking_reads_in_english_on_an_english_page(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")
    await post_form(client, "/lang", {"lang": "en", "next": "/"})

    text = text_of((await client.get(m.suggestions)).text)

    assert "Has 1 of the 1 skills needed" in text and "Lives in the need&#39;s grid" in text
    assert "No service hours in the last 30 days" in text and "No past shifts yet" in text
    assert "1 of the 1 volunteers can take this shift." in text
    assert "住在" not in text


async def test_on_the_need_page_suggestions_load_into_the_shift_and_invite_in_one_click(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    yang = await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    need_page = await client.get(m.w.url(m.need_id))
    loaded = await client.get(m.suggestions + "?from=need", headers=HTMX)
    invited = await post_form(
        client,
        m.suggestions + "/invite",
        {"volunteer_id": str(yang.id), "from": "need"},
        headers=HTMX,
    )

    assert f'hx-get="{m.suggestions}?from=need"' in need_page.text
    assert loaded.text.strip().startswith(f'<div id="suggestions-{m.shift.id}"')
    assert "<html" not in loaded.text and 'name="from" value="need"' in loaded.text
    assert invited.status_code == 200
    assert invited.text.strip().startswith(f'<div id="candidate-{m.shift.id}-{yang.id}-action"')
    assert "已邀请</span>" in invited.text
    # the shift's invitations on the need's page, swapped in out of band
    assert f'<ul id="shift-{m.shift.id}-invitations" class="rows stacked" hx-swap-oob="true">' in (
        invited.text
    )
    assert "杨秀兰 待回复" in text_of(invited.text)
    (invitation,) = await shift_invitations(m.w.staff_scope(), m.shift.id)
    assert (invitation.volunteer_id, invitation.source) == (yang.id, "matching")
    assert "杨秀兰 待回复" in text_of((await client.get(m.w.url(m.need_id))).text)


async def test_inviting_without_javascript_redirects_back_to_the_suggestions(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    yang = await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    response = await post_form(client, m.suggestions + "/invite", {"volunteer_id": str(yang.id)})

    assert response.status_code == 303
    assert response.headers["location"] == m.suggestions + "?sent=1"
    page = text_of((await client.get(response.headers["location"])).text)
    assert "邀请已发出。" in page
    assert "已报名或已受邀 1 人" in page  # the invited volunteer is no longer suggested


async def test_a_second_invitation_is_refused_in_chinese_next_to_the_volunteer(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    yang = await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")
    data = {"volunteer_id": str(yang.id), "from": "need"}
    await post_form(client, m.suggestions + "/invite", data, headers=HTMX)

    again = await post_form(client, m.suggestions + "/invite", data, headers=HTMX)
    page = await post_form(client, m.suggestions + "/invite", {"volunteer_id": str(yang.id)})

    assert again.status_code == 409
    assert "已邀请过该志愿者参加这个班次，尚待回复。" in again.text
    assert "已邀请</span>" not in again.text
    assert page.status_code == 409 and "<html" in page.text
    assert "已邀请过该志愿者参加这个班次，尚待回复。" in page.text


async def test_a_shift_that_takes_no_sign_ups_says_why_instead_of_a_ranking(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    open_need = await m.w.need(title="还未派单的需求")  # open: not dispatched yet
    shift = await next_week_shift(m.w, open_need)
    await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    response = await client.get(m.url(f"/shifts/{shift.id}"), headers=HTMX)

    assert response.status_code == 409
    assert "该需求当前不接受报名。" in response.text
    assert "杨秀兰" not in response.text


async def test_lived_experience_counts_only_for_those_who_may_see_it_and_its_story_never_shows(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    w = m.w
    mediation = await pool_need(
        w, title="楼上楼下漏水纠纷调解", category="dispute_mediation", required_skills=("矛盾调解",)
    )
    shift = await next_week_shift(w, mediation)
    been_there = await helper(w, "周桂英", skills=["矛盾调解"])
    story = await LivedExperienceFactory.create(tenant=w.tenant_id, volunteer=been_there.id)
    url = m.url(f"/shifts/{shift.id}")

    await login(client, m.slug, "admin")  # tenant admins may see lived experience
    seen = await client.get(url)
    await login(client, m.slug, "staff")  # community staff may not
    unseen = await client.get(url)

    assert "周桂英" in seen.text and "周桂英" in unseen.text
    assert "有过类似纠纷的亲身经历" in seen.text
    assert "亲身经历" not in unseen.text and "lived" not in unseen.text.lower()
    for page in (seen.text, unseen.text):
        assert story.summary not in page and story.kind not in page
        assert "lived experience of such disputes" not in page


async def test_an_invitation_for_no_volunteer_is_refused_next_to_the_button(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    typed = await post_form(
        client, m.suggestions + "/invite", {"volunteer_id": "abc", "from": "need"}, headers=HTMX
    )
    empty = await post_form(client, m.suggestions + "/invite", {"volunteer_id": ""}, headers=HTMX)
    page = await post_form(client, m.suggestions + "/invite", {"volunteer_id": "abc"})

    assert typed.status_code == 422
    assert typed.text.strip().startswith(f'<div id="candidate-{m.shift.id}-abc-action"')
    assert "请填写整数。" in typed.text and "<html" not in typed.text
    assert "hx-swap-oob" not in typed.text  # nothing changed on the need's page
    assert empty.status_code == 422 and "此项为必填项。" in empty.text
    assert page.status_code == 422 and "<html" in page.text and "请填写整数。" in page.text
    assert "杨秀兰" in page.text  # the suggestions are still there
    assert await shift_invitations(m.w.staff_scope(), m.shift.id) == []


async def test_an_invite_button_is_disabled_while_it_sends(client, workspace) -> None:
    m = await matching_world(workspace)
    yang = await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    page = await client.get(m.suggestions)

    form = page.text.split(f'hx-post="{m.suggestions}/invite"', 1)[1].split(">", 1)[0]
    assert f'hx-target="#candidate-{m.shift.id}-{yang.id}-action"' in form
    assert 'hx-disabled-elt="find button"' in form


async def test_the_suggestions_page_and_fragment_vary_on_htmx(client, workspace) -> None:
    m = await matching_world(workspace)
    await helper(m.w, "杨秀兰")
    await login(client, m.slug, "staff")

    page = await client.get(m.suggestions)
    fragment = await client.get(m.suggestions + "?from=need", headers=HTMX)

    assert "<html" in page.text and "HX-Request" in page.headers["Vary"]
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["Vary"]


async def test_a_volunteer_free_only_on_other_days_is_left_out_as_not_available(
    client, workspace
) -> None:
    m = await matching_world(workspace)
    other_day = (m.shift.starts_at.astimezone(SHANGHAI).weekday() + 1) % 7
    await helper(m.w, "杨秀兰")
    elsewhen = [{"weekday": other_day, "start": "00:00", "end": "24:00"}]
    await helper(m.w, "李建国", availability=elsewhen)
    await login(client, m.slug, "staff")

    chinese = text_of((await client.get(m.suggestions)).text)
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    english = text_of((await client.get(m.suggestions)).text)

    assert "不在可服务时段 1 人" in chinese and "该时段不方便" not in chinese
    assert "Not available at that time" in english
