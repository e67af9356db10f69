"""What volunteers see: open shifts nearest first, and their own shifts ahead."""

from datetime import timedelta

import pytest

from coalition.errors import InvalidInput, NotFound, PermissionDenied
from coalition.shifts import browse, services, signups
from coalition.testing.factories import DispatchFactory, ShiftFactory
from tests.coalition.shifts.helpers import NOW, World, day, volunteer, world


async def test_open_shifts_come_nearest_first_then_by_time(w: World) -> None:
    near = w.need  # in the volunteer's own grid
    same_village = await w.new_need(grid=w.grid2)
    village_wide = await w.new_need(grid=None, community=w.village)
    far = await w.new_need(grid=w.other_grid)
    far_soon = await w.shift(day(1), need=far)
    near_late = await w.shift(day(5), need=near)
    near_soon = await w.shift(day(2), need=near)
    village_late = await w.shift(day(4), need=village_wide)
    village_soon = await w.shift(day(3), need=same_village)
    _me, scope = await volunteer(w.tenant_id, home_grid=w.grid)

    page = await browse.browse_open_shifts(scope, now=NOW)

    assert [i.shift_id for i in page.items] == [
        near_soon.id,
        near_late.id,
        village_soon.id,
        village_late.id,
        far_soon.id,
    ]
    assert [i.proximity for i in page.items] == ["grid"] * 2 + ["community"] * 2 + ["elsewhere"]
    assert page.total == 5
    assert page.items[0].need_title == "帮独居老人王奶奶买菜"
    assert (page.items[0].community_id, page.items[0].grid_id) == (w.village, w.grid)


async def test_open_shifts_come_a_page_at_a_time_across_the_tiers(w: World) -> None:
    far = await w.new_need(grid=w.other_grid)
    expected = [(await w.shift(day(n))).id for n in (1, 2, 3)]
    expected += [(await w.shift(day(n), need=far)).id for n in (1, 2, 3)]
    _, scope = await volunteer(w.tenant_id, home_grid=w.grid)

    pages = [
        await browse.browse_open_shifts(scope, limit=2, offset=offset, now=NOW)
        for offset in (0, 2, 4, 6)
    ]

    assert [[i.shift_id for i in p.items] for p in pages] == [
        expected[0:2],
        expected[2:4],
        expected[4:6],
        [],
    ]
    assert {p.total for p in pages} == {6}
    with pytest.raises(InvalidInput):
        await browse.browse_open_shifts(scope, limit=0, now=NOW)


async def test_without_a_home_grid_open_shifts_are_by_time(w: World) -> None:
    far = await w.new_need(grid=w.other_grid)
    later = await w.shift(day(3))
    sooner = await w.shift(day(1), need=far)
    _, scope = await volunteer(w.tenant_id)

    page = await browse.browse_open_shifts(scope, now=NOW)

    assert [(i.shift_id, i.proximity) for i in page.items] == [
        (sooner.id, "elsewhere"),
        (later.id, "elsewhere"),
    ]


async def test_open_shifts_leave_out_what_cannot_be_taken_and_show_full_ones(w: World) -> None:
    full = await w.shift(day(2), headcount=1)
    started = await w.shift(day(1))
    cancelled = await w.shift(day(3))
    await services.cancel_shift(w.staff, cancelled.id, now=NOW)
    await w.shift(day(2), need=await w.new_need(state="open"))
    done = await w.new_need(state="completed", grid=w.grid2)
    await ShiftFactory.create(tenant=w.tenant_id, need=done, starts_at=day(2))
    pool = await DispatchFactory.create(tenant=w.tenant_id)
    from_pool = await w.shift(day(4), need=pool.need)
    await w.shift(day(4), need=await w.new_need(state="dispatched", dispatch_kind="organisation"))
    _, first = await volunteer(w.tenant_id)
    await signups.sign_up(first, full.id, now=NOW)
    _, waiting = await volunteer(w.tenant_id)
    await signups.sign_up(waiting, full.id, now=NOW)
    _me, scope = await volunteer(w.tenant_id, home_grid=w.grid)

    later = day(1) + timedelta(minutes=1)
    page = await browse.browse_open_shifts(scope, now=later)

    assert [i.shift_id for i in page.items] == [full.id, from_pool.id]
    assert started.id not in [i.shift_id for i in page.items]
    listed = page.items[0]
    assert (listed.confirmed, listed.headcount, listed.waitlisted, listed.my_status) == (
        1,
        1,
        1,
        None,
    )
    await signups.sign_up(scope, full.id, now=later)
    again = await browse.browse_open_shifts(scope, now=later)
    assert again.items[0].my_status == "waitlisted"


async def test_a_volunteers_confirmed_shifts_ahead_make_their_calendar(w: World) -> None:
    past = await w.shift(day(1), headcount=1)
    ahead = await w.shift(day(3), headcount=1)
    full = await w.shift(day(4), headcount=1)
    cancelled = await w.shift(day(5))
    me, scope = await volunteer(w.tenant_id, max_hours_week=20)
    _, other = await volunteer(w.tenant_id)
    await signups.sign_up(other, full.id, now=NOW)
    for shift in (past, ahead, full, cancelled):
        await signups.sign_up(scope, shift.id, now=NOW)
    await services.cancel_shift(w.staff, cancelled.id, now=NOW)

    calendar = await browse.upcoming_shifts(scope, now=day(2))

    assert [(c.shift_id, c.title, c.place) for c in calendar] == [
        (ahead.id, "帮独居老人王奶奶买菜", "幸福路12号")
    ]
    assert (calendar[0].starts_at, calendar[0].ends_at) == (day(3), day(3, 3))
    assert calendar[0].description == "东村"
    assert await browse.upcoming_shifts(w.staff, volunteer_id=me.id, now=day(2)) == calendar


async def test_volunteers_see_only_their_own_shifts(w: World, other_tenant) -> None:
    me, scope = await volunteer(w.tenant_id)
    _, someone = await volunteer(w.tenant_id)
    theirs = await world(other_tenant.id)
    their_shift = await theirs.shift(day(2))
    mine = await w.shift(day(2))
    them, _ = await volunteer(other_tenant.id)

    with pytest.raises(PermissionDenied):
        await browse.upcoming_shifts(someone, volunteer_id=me.id, now=NOW)
    with pytest.raises(PermissionDenied):
        await signups.my_signups(someone, volunteer_id=me.id, now=NOW)
    with pytest.raises(NotFound):
        await browse.browse_open_shifts(w.admin, volunteer_id=them.id, now=NOW)
    page = await browse.browse_open_shifts(scope, now=NOW)
    assert [i.shift_id for i in page.items] == [mine.id]
    assert their_shift.id not in [i.shift_id for i in page.items]
