"""The board: filters, pages with totals, newest first, drafts and tenants kept apart."""

from datetime import UTC, date, datetime, timedelta

import pytest

from coalition.errors import InvalidInput, NotFound
from coalition.needs import board
from coalition.needs.schemas import NeedFilter
from coalition.tenancy import Role
from coalition.testing.factories import NeedFactory
from tests.coalition.needs.helpers import World, person

# 2026-06-01 00:00 in Asia/Shanghai is 2026-05-31 16:00 UTC.
MIDNIGHT_JUNE_1 = datetime(2026, 5, 31, 16, 0, tzinfo=UTC)


async def need(w: World, hours: float, **values):
    return await NeedFactory.create(
        tenant=w.tenant_id,
        created_at=MIDNIGHT_JUNE_1 + timedelta(hours=hours),
        **{"grid": w.village_grid, **values},
    )


async def ids(viewer, **filters) -> list[int]:
    return [n.id for n in (await board.list_needs(viewer, NeedFilter(**filters))).items]


async def test_the_board_pages_newest_first_with_the_total(w: World) -> None:
    made = [await need(w, hours) for hours in range(25)]
    newest_first = [n.id for n in reversed(made)]

    first = await board.list_needs(w.volunteer, NeedFilter(limit=10))
    last = await board.list_needs(w.volunteer, NeedFilter(limit=10, offset=20))

    assert (first.total, first.limit, first.offset) == (25, 10, 0)
    assert [n.id for n in first.items] == newest_first[:10]
    assert (last.total, [n.id for n in last.items]) == (25, newest_first[20:])
    assert await ids(w.volunteer, order="oldest", limit=3) == [n.id for n in made[:3]]
    assert (await board.list_needs(w.volunteer)).limit == 20


async def test_the_board_filters_by_state_category_place_and_alliance(w: World) -> None:
    elderly = await need(w, 1)
    patrol = await need(w, 2, category="patrol", state="dispatched")
    second_grid = await need(w, 3, grid=w.village_grid2, state="completed")
    west = await need(w, 4, grid=w.other_grid)
    listed = await need(w, 5, alliance=w.alliance)

    assert await ids(w.staff, state="open") == [listed.id, west.id, elderly.id]
    assert await ids(w.staff, category="patrol") == [patrol.id]
    assert await ids(w.staff, grid_id=w.village_grid2) == [second_grid.id]
    assert await ids(w.staff, community_id=w.other_village) == [west.id]
    assert await ids(w.staff, alliance_id=w.alliance) == [listed.id]
    page = await board.list_needs(w.staff, NeedFilter(community_id=w.village, state="open"))
    assert (page.total, [n.id for n in page.items]) == (2, [listed.id, elderly.id])


async def test_members_see_what_was_dispatched_to_them(w: World) -> None:
    to_org = await need(
        w, 1, state="dispatched", dispatch_kind="organisation", dispatched_organisation=w.member_org
    )
    to_unit = await need(
        w, 2, state="accepted", dispatch_kind="unit", dispatched_unit=w.member_unit
    )
    await need(w, 3)

    assert await ids(w.coordinator, organisation_id=w.member_org) == [to_org.id]
    assert await ids(w.liaison, unit_id=w.member_unit) == [to_unit.id]
    assert await ids(w.liaison, unit_id=w.outside_unit) == []


async def test_the_board_filters_by_creation_dates_in_the_tenants_time_zone(w: World) -> None:
    late_may = await need(w, -0.5)  # 23:30 on 31 May, Beijing time
    june_first = await need(w, 0)  # 00:00 on 1 June
    june_end = await need(w, 24 * 30 - 0.5)  # 23:30 on 30 June
    await need(w, 24 * 30)  # 00:00 on 1 July

    june = await ids(w.staff, created_from=date(2026, 6, 1), created_to=date(2026, 6, 30))
    assert june == [june_end.id, june_first.id]
    assert await ids(w.staff, created_to=date(2026, 5, 31)) == [late_may.id]
    assert len(await ids(w.staff, created_from=date(2026, 6, 2))) == 2


async def test_the_board_finds_words_in_titles(w: World) -> None:
    wanted = await need(w, 1, title="调解楼上漏水纠纷")
    await need(w, 2, title="帮独居老人买菜")

    assert await ids(w.volunteer, text=" 漏水 ") == [wanted.id]
    assert len(await ids(w.volunteer, text="")) == 2


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"state": "lost"}, "state"),
        ({"order": "random"}, "order"),
        ({"created_from": date(2026, 6, 2), "created_to": date(2026, 6, 1)}, "created_to"),
    ],
)
async def test_the_board_refuses_bad_filters(w: World, filters: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        await board.list_needs(w.staff, NeedFilter(**filters))

    assert field in caught.value.fields


async def test_drafts_appear_only_to_those_who_may_edit_them(w: World) -> None:
    draft = await need(w, 1, state="draft", opened_at=None)
    other_draft = await need(w, 2, state="draft", opened_at=None, grid=w.village_grid2)
    opened = await need(w, 3)

    assert await ids(w.admin) == [opened.id, other_draft.id, draft.id]
    assert await ids(w.staff) == [opened.id, other_draft.id, draft.id]
    assert await ids(w.grid_worker) == [opened.id, draft.id]
    page = await board.list_needs(w.volunteer)
    assert (page.total, [n.id for n in page.items]) == (1, [opened.id])
    assert await ids(w.other_staff) == [opened.id]


async def test_the_poster_sees_their_own_draft(w: World) -> None:
    poster = await person(w.tenant_id, Role.SOCIAL_WORKER, name="李社工")
    mine = await need(w, 1, state="draft", posted_by=poster.actor.person_id)

    assert await ids(poster) == [mine.id]
    assert (await board.get_need(poster, mine.id)).state == "draft"


async def test_another_tenants_needs_never_appear(w: World, other_tenant) -> None:
    ours = await need(w, 1)
    theirs = await NeedFactory.create(tenant=other_tenant)
    outsider = await person(other_tenant.id, Role.TENANT_ADMIN)

    assert await ids(w.admin) == [ours.id]
    assert await ids(outsider) == [theirs.id]
    assert await ids(w.admin, community_id=theirs.community) == []
    with pytest.raises(NotFound):
        await board.get_need(w.admin, theirs.id)
    with pytest.raises(NotFound):
        await board.need_history(w.admin, theirs.id)
