"""Weekly shifts keep their local time in the tenant's time zone, across DST changes."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.shifts import recurrence, signups
from coalition.shifts.schemas import MAX_OCCURRENCES, SeriesInput
from coalition.testing.factories import TenantFactory
from tests.coalition.shifts.helpers import NOW, Heard, World, volunteer, world


def weekly(w: World, **values) -> SeriesInput:
    data = {
        "need_id": w.need,
        "weekday": 0,
        "start_time": "09:00",
        "end_time": "11:00",
        "first_date": date(2026, 6, 1),
        "last_date": date(2026, 6, 29),
        "place": "老年活动室",
        "headcount": 3,
        **values,
    }
    return SeriesInput(**data)


async def berlin_world() -> World:
    tenant = await TenantFactory.create(time_zone="Europe/Berlin")
    return await world(tenant.id)


async def test_a_berlin_series_keeps_9am_local_across_the_march_change() -> None:
    w = await berlin_world()
    winter = datetime(2026, 3, 1, tzinfo=UTC)
    data = weekly(w, first_date=date(2026, 3, 16), last_date=date(2026, 4, 6))

    series = await recurrence.create_series(w.staff, data, now=winter)

    starts = [s.starts_at for s in series.shifts]
    # Clocks go forward on Sunday 29 March 2026: 09:00 CET is 08:00 UTC, 09:00 CEST 07:00.
    assert starts == [
        datetime(2026, 3, 16, 8, tzinfo=UTC),
        datetime(2026, 3, 23, 8, tzinfo=UTC),
        datetime(2026, 3, 30, 7, tzinfo=UTC),
        datetime(2026, 4, 6, 7, tzinfo=UTC),
    ]
    berlin = ZoneInfo("Europe/Berlin")
    assert {s.starts_at.astimezone(berlin).time() for s in series.shifts} == {time(9)}
    assert {s.ends_at - s.starts_at for s in series.shifts} == {timedelta(hours=2)}
    assert {(s.series_id, s.headcount, s.place) for s in series.shifts} == {
        (series.id, 3, "老年活动室")
    }


async def test_a_night_patrol_across_the_change_lasts_one_hour_less(w: World) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    spans = recurrence.occurrences(
        5, time(22), time(6), date(2026, 3, 21), date(2026, 3, 28), berlin
    )
    assert [end - start for start, end in spans] == [timedelta(hours=8), timedelta(hours=7)]
    assert spans[1][1] == datetime(2026, 3, 29, 4, tzinfo=UTC)  # 06:00 CEST on Sunday


async def test_a_shanghai_series_has_no_change_at_all(w: World) -> None:
    data = weekly(w, first_date=date(2026, 3, 16), last_date=date(2026, 4, 6))

    series = await recurrence.create_series(w.staff, data, now=datetime(2026, 3, 1, tzinfo=UTC))

    assert [s.starts_at.hour for s in series.shifts] == [1, 1, 1, 1]  # 09:00 CST = 01:00 UTC


async def test_the_series_starts_on_the_first_matching_weekday(w: World) -> None:
    # 2 June 2026 is a Tuesday: the first Saturday is 6 June.
    data = weekly(w, weekday=5, first_date=date(2026, 6, 2), last_date=date(2026, 6, 20))

    series = await recurrence.create_series(w.admin, data, now=NOW)

    shanghai = ZoneInfo("Asia/Shanghai")
    assert [s.starts_at.astimezone(shanghai).date() for s in series.shifts] == [
        date(2026, 6, 6),
        date(2026, 6, 13),
        date(2026, 6, 20),
    ]
    assert (await recurrence.get_series(w.staff, series.id)).shifts == series.shifts


async def test_occurrences_already_past_are_not_made(w: World) -> None:
    # NOW is Monday 1 June 08:00 in Shanghai: its 09:00 shift is still ahead, 07:00 is not.
    ahead = await recurrence.create_series(w.admin, weekly(w), now=NOW)
    behind = await recurrence.create_series(
        w.admin, weekly(w, start_time="07:00", end_time="08:00"), now=NOW
    )

    assert len(ahead.shifts) == 5 and len(behind.shifts) == 4
    with pytest.raises(InvalidInput) as caught:
        await recurrence.create_series(
            w.admin, weekly(w, last_date=date(2026, 6, 1)), now=NOW + timedelta(hours=2)
        )
    assert caught.value.fields["last_date"].code == "no_occurrences"


async def test_a_series_makes_at_most_104_shifts(w: World) -> None:
    last = date(2026, 6, 1) + timedelta(weeks=MAX_OCCURRENCES - 1)
    series = await recurrence.create_series(w.admin, weekly(w, last_date=last), now=NOW)
    assert len(series.shifts) == MAX_OCCURRENCES

    with pytest.raises(InvalidInput) as caught:
        await recurrence.create_series(
            w.admin, weekly(w, last_date=last + timedelta(days=7)), now=NOW
        )
    assert caught.value.fields["last_date"].code == "too_many_occurrences"
    assert caught.value.fields["last_date"].params["count"] == MAX_OCCURRENCES + 1


async def test_a_series_with_bad_fields_names_each(w: World) -> None:
    bad = weekly(
        w,
        weekday=7,
        start_time="25:00",
        end_time="9:00",
        first_date=date(2026, 6, 10),
        last_date=date(2026, 6, 1),
        headcount=0,
    )
    with pytest.raises(InvalidInput) as caught:
        await recurrence.create_series(w.admin, bad, now=NOW)
    assert {k: e.code for k, e in caught.value.fields.items()} == {
        "weekday": "out_of_range",
        "start_time": "invalid_time",
        "end_time": "invalid_time",
        "last_date": "before_first_date",
        "headcount": "out_of_range",
    }
    with pytest.raises(InvalidInput) as caught:
        await recurrence.create_series(w.admin, weekly(w, end_time="09:00"), now=NOW)
    assert caught.value.fields["end_time"].code == "ends_at_start"


async def test_cancelling_a_series_cancels_only_what_is_ahead(w: World, heard: Heard) -> None:
    series = await recurrence.create_series(w.staff, weekly(w), now=NOW)
    third = series.shifts[2]
    _, scope = await volunteer(w.tenant_id)
    await signups.sign_up(scope, third.id, now=NOW)
    heard.clear()
    later = series.shifts[1].starts_at + timedelta(hours=1)  # during the second one

    cancelled = await recurrence.cancel_series(w.staff, series.id, reason="场地维修", now=later)

    assert cancelled == [s.id for s in series.shifts[2:]]
    after = await recurrence.get_series(w.staff, series.id)
    assert [s.status for s in after.shifts] == ["scheduled"] * 2 + ["cancelled"] * 3
    assert [d["shift_id"] for d in heard.of(events.SHIFT_CANCELLED)] == cancelled
    assert heard.of(events.SHIFT_CANCELLED)[0]["volunteer_ids"] != []
    assert await signups.my_signups(scope, now=NOW) == []


async def test_only_those_who_run_the_need_plan_and_cancel_series(w: World, other_tenant) -> None:
    with pytest.raises(PermissionDenied):
        await recurrence.create_series(w.other_staff, weekly(w), now=NOW)
    series = await recurrence.create_series(w.staff, weekly(w), now=NOW)
    with pytest.raises(PermissionDenied):
        await recurrence.cancel_series(w.other_staff, series.id, now=NOW)

    theirs = await world(other_tenant.id)
    with pytest.raises(NotFound):
        await recurrence.create_series(w.admin, weekly(w, need_id=theirs.need), now=NOW)
    with pytest.raises(NotFound):
        await recurrence.get_series(theirs.admin, series.id)
    with pytest.raises(NotFound):
        await recurrence.cancel_series(theirs.admin, series.id, now=NOW)


async def test_no_series_for_a_cancelled_need(w: World) -> None:
    need = await w.new_need(state="cancelled")
    with pytest.raises(Conflict) as caught:
        await recurrence.create_series(w.admin, weekly(w, need_id=need), now=NOW)
    assert caught.value.code == "shifts.need_closed_to_shifts"
