"""Posting and editing needs: who may post where, what a need must say, drafts."""

from datetime import UTC, datetime

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.needs import board, services
from coalition.needs.categories import add_category
from coalition.needs.schemas import CategoryInput
from coalition.tenancy import Role
from coalition.testing.factories import AllianceMemberFactory, CommunityFactory, GridFactory
from tests.coalition.needs.helpers import World, history_count, person

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
LATER = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


async def test_a_grid_worker_posts_a_residents_need_for_their_grid(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need(), now=NOW)

    assert (need.community_id, need.community_name) == (w.village, "东村")
    assert (need.grid_id, need.grid_name) == (w.village_grid, "东村第一网格")
    assert (need.state, need.level, need.urgency) == ("open", "grid", "high")
    assert need.required_skills == ("助老服务",)
    assert need.posted_by_id == w.grid_worker.actor.person_id
    assert need.created_at == need.opened_at == need.updated_at == NOW
    assert need.resident_phone == "13800001111" and need.contact_visible
    history = await board.need_history(w.grid_worker, need.id)
    assert [(e.action, e.from_state, e.to_state) for e in history] == [
        ("posted", None, "draft"),
        ("opened", "draft", "open"),
    ]
    assert {e.actor_name for e in history} == {"网格员小刘"}
    assert heard.names() == [events.NEED_OPENED]
    assert heard.events[0].data["need_id"] == need.id
    assert heard.events[0].data["community_id"] == w.village
    assert heard.events[0].actor_person_id == w.grid_worker.actor.person_id


async def test_community_staff_post_for_their_own_community_at_community_level(w: World) -> None:
    need = await services.post_need(w.staff, w.need(grid_id=None, community_id=w.village))

    assert (need.community_id, need.grid_id, need.level) == (w.village, None, "community")
    with pytest.raises(PermissionDenied):
        await services.post_need(w.other_staff, w.need(grid_id=None, community_id=w.village))
    with pytest.raises(PermissionDenied):
        await services.post_need(w.other_staff, w.need())  # a grid of 东村


async def test_tenant_admins_post_anywhere_in_the_tenant(w: World) -> None:
    need = await services.post_need(w.admin, w.need(grid_id=w.other_grid))

    assert need.community_id == w.other_village


@pytest.mark.parametrize("who", ["other_grid_worker", "coordinator", "liaison", "volunteer"])
async def test_only_staff_admins_and_the_grids_workers_post_needs(w: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        await services.post_need(getattr(w, who), w.need())
    assert await history_count(w.tenant_id) == 0


async def test_a_grid_worker_cannot_post_for_the_whole_community(w: World) -> None:
    with pytest.raises(PermissionDenied):
        await services.post_need(w.grid_worker, w.need(grid_id=None, community_id=w.village))


async def test_a_need_must_have_a_title_a_known_category_and_a_place(w: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.post_need(
            w.admin,
            w.need(
                title=" ",
                grid_id=None,
                urgency="whenever",
                resident_phone="call me",
                required_skills=("x" * 65,),
            ),
        )
    assert {name: err.code for name, err in caught.value.fields.items()} == {
        "title": "required",
        "urgency": "invalid_choice",
        "resident_phone": "invalid_phone",
        "community_id": "required",
        "required_skills": "too_long",
    }

    with pytest.raises(InvalidInput) as caught:
        await services.post_need(w.admin, w.need(category="fishing"))
    assert caught.value.fields["category"].code == "unknown_category"


async def test_a_need_may_use_the_tenants_own_category(w: World, other_tenant) -> None:
    await add_category(w.admin, CategoryInput(code="flood_relief", name_zh="防汛救灾"))

    need = await services.post_need(w.grid_worker, w.need(category="flood_relief"))

    assert need.category == "flood_relief"
    other = await person(other_tenant.id, Role.TENANT_ADMIN)
    village = await CommunityFactory.create(tenant=other_tenant)
    with pytest.raises(InvalidInput):  # another tenant's category is no category here
        await services.post_need(
            other, w.need(category="flood_relief", grid_id=None, community_id=village.id)
        )


async def test_the_grid_must_be_in_the_chosen_community(w: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        await services.post_need(w.admin, w.need(community_id=w.other_village))

    assert caught.value.fields["grid_id"].code == "not_in_community"
    same = await services.post_need(w.admin, w.need(community_id=w.village))
    assert same.grid_id == w.village_grid


async def test_a_need_goes_on_an_alliance_list_only_if_its_community_is_an_active_member(
    w: World,
) -> None:
    listed = await services.post_need(w.grid_worker, w.need(alliance_id=w.alliance))
    assert (listed.alliance_id, listed.alliance_name) == (w.alliance, "狮子山片区党建联盟")

    with pytest.raises(InvalidInput) as caught:
        await services.post_need(w.admin, w.need(grid_id=w.other_grid, alliance_id=w.alliance))
    assert caught.value.fields["alliance_id"].code == "community_not_member"

    west = await AllianceMemberFactory.create(
        tenant=w.tenant_id,
        alliance=w.alliance,
        community=w.other_village,
        left_on=datetime(2026, 3, 1).date(),
    )
    assert west.left_on is not None  # a member that has left does not count
    with pytest.raises(InvalidInput):
        await services.post_need(w.admin, w.need(grid_id=w.other_grid, alliance_id=w.alliance))


async def test_another_tenants_places_are_not_found(w: World, other_tenant) -> None:
    foreign_grid = await GridFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound):
        await services.post_need(w.admin, w.need(grid_id=foreign_grid.id))
    with pytest.raises(NotFound):
        await services.post_need(w.admin, w.need(grid_id=None, community_id=foreign_grid.community))
    assert await history_count(w.tenant_id) == 0


async def test_a_draft_is_seen_only_by_those_who_may_edit_it_until_it_is_opened(
    w: World, heard
) -> None:
    draft = await services.post_need(w.grid_worker, w.need(), draft=True)

    assert (draft.state, draft.opened_at) == ("draft", None)
    assert heard.names() == []
    for viewer in (w.grid_worker, w.staff, w.admin):
        assert (await board.get_need(viewer, draft.id)).id == draft.id
    for viewer in (w.other_grid_worker, w.other_staff, w.coordinator, w.volunteer):
        with pytest.raises(NotFound):
            await board.get_need(viewer, draft.id)
        assert (await board.list_needs(viewer)).total == 0

    opened = await services.open_need(w.grid_worker, draft.id, now=NOW)

    assert (opened.state, opened.opened_at) == ("open", NOW)
    assert heard.names() == [events.NEED_OPENED]
    assert (await board.get_need(w.volunteer, draft.id)).state == "open"


async def test_editing_changes_a_draft_or_open_need_under_the_rules_of_posting(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need(), now=NOW)

    edited = await services.edit_need(
        w.grid_worker,
        need.id,
        w.need(title="帮王奶奶取药", urgency="urgent", required_skills=("送药", "送药", " ")),
        now=LATER,
    )

    assert (edited.title, edited.urgency, edited.required_skills) == (
        "帮王奶奶取药",
        "urgent",
        ("送药",),
    )
    assert edited.updated_at == LATER
    history = await board.need_history(w.staff, need.id)
    assert history[-1].action == "edited"
    with pytest.raises(PermissionDenied):  # a grid the worker does not cover
        await services.edit_need(w.grid_worker, need.id, w.need(grid_id=w.village_grid2))
    with pytest.raises(PermissionDenied):
        await services.edit_need(w.other_grid_worker, need.id, w.need())
    moved = await services.edit_need(w.staff, need.id, w.need(grid_id=None, community_id=w.village))
    assert (moved.grid_id, moved.level) == (None, "community")


async def test_a_need_cannot_be_edited_once_dispatched(w: World) -> None:
    from coalition.needs.dispatch import dispatch_need
    from coalition.needs.schemas import DispatchInput

    need = await services.post_need(w.staff, w.need())
    await dispatch_need(w.staff, need.id, DispatchInput(kind="pool"))
    before = await history_count(w.tenant_id)

    with pytest.raises(Conflict) as caught:
        await services.edit_need(w.staff, need.id, w.need(title="改"))

    assert caught.value.code == "needs.not_editable"
    assert caught.value.params["current"] == "dispatched"
    assert await history_count(w.tenant_id) == before
