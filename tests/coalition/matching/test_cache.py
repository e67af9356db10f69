"""The cached features stay correct: what changed shows in the next ranking, whether it
changed in this process or in another one."""

from coalition import events
from coalition.actors.schemas import VolunteerUpdate
from coalition.actors.volunteers import deactivate_volunteer, update_volunteer
from coalition.hours.schemas import HoursReportInput
from coalition.hours.services import report_hours
from coalition.matching import _mark, cache
from coalition.matching.services import rank_volunteers
from coalition.shifts import signups
from tests.coalition.matching.helpers import (
    NOW,
    TODAY,
    World,
    as_volunteer,
    confirmed_on,
    day,
    vol,
)


def ids(ranking) -> list[int]:
    return [c.volunteer_id for c in ranking.candidates]


async def test_a_deactivated_volunteer_drops_out_of_the_next_ranking(w: World) -> None:
    shift = await w.shift(day(2))
    leaving = await vol(w)
    staying = await vol(w)
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [leaving.id, staying.id]

    await deactivate_volunteer(w.admin, leaving.id)

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert ids(ranking) == [staying.id]
    assert ranking.ruled_out["inactive"] == 1
    assert cache.counters(w.tenant_id)["full_loads"] == 1  # refreshed, not reloaded


async def test_a_new_overlapping_sign_up_rules_a_volunteer_out(w: World) -> None:
    shift = await w.shift(day(2))
    other = await w.shift(day(2, minute=30))
    volunteer = await vol(w)
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [volunteer.id]

    await confirmed_on(w, other, volunteer)

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert ranking.candidates == []
    assert ranking.ruled_out["overlapping_shift"] == 1

    (mine,) = await signups.my_signups(as_volunteer(w, volunteer), now=NOW)
    await signups.cancel_signup(as_volunteer(w, volunteer), mine.signup_id, now=NOW)
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [volunteer.id]


async def test_new_hours_change_who_comes_first(w: World) -> None:
    shift = await w.shift(day(2))
    first, second = await vol(w), await vol(w)
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [first.id, second.id]

    await report_hours(
        as_volunteer(w, first), HoursReportInput(served_on=TODAY, minutes=240), now=NOW
    )

    ranking = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert ids(ranking) == [second.id, first.id]
    assert "4 h in the last 30 days" in ranking.candidates[1].explanation


async def test_a_changed_profile_shows_at_once(w: World) -> None:
    shift = await w.shift(day(2))
    volunteer = await vol(w, skills=["法律咨询"])
    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == []

    await update_volunteer(w.admin, volunteer.id, VolunteerUpdate(skills=["助老服务", "法律咨询"]))

    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [volunteer.id]


async def test_changes_made_by_another_process_are_seen_through_the_journal(w: World) -> None:
    """Without this process's after-commit marks, only the journal tells the cache."""
    shift = await w.shift(day(2))
    other = await w.shift(day(2, minute=30))
    leaving, busy, staying = await vol(w), await vol(w), await vol(w)
    await rank_volunteers(w.staff, shift.id, now=NOW)
    for name in cache_watched():
        events.unsubscribe(name, _mark)
    try:
        await deactivate_volunteer(w.admin, leaving.id)
        await confirmed_on(w, other, busy)
    finally:
        for name in cache_watched():
            events.subscribe(name, _mark)

    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [staying.id]
    assert cache.counters(w.tenant_id)["full_loads"] == 1


async def test_volunteers_added_around_the_services_are_seen_too(w: World) -> None:
    shift = await w.shift(day(2))
    first = await vol(w)
    await rank_volunteers(w.staff, shift.id, now=NOW)

    imported = await vol(w)  # a factory: no event, no journal

    assert ids(await rank_volunteers(w.staff, shift.id, now=NOW)) == [first.id, imported.id]


async def test_a_new_day_reloads_recent_hours_and_attendance(w: World) -> None:
    shift = await w.shift(day(9))
    volunteer = await vol(w)
    await report_hours(
        as_volunteer(w, volunteer), HoursReportInput(served_on=TODAY, minutes=120), now=NOW
    )
    first = await rank_volunteers(w.staff, shift.id, now=NOW)
    assert "2 h in the last 30 days" in first.candidates[0].explanation

    later = await rank_volunteers(w.staff, shift.id, now=day(8))
    assert "2 h in the last 30 days" in later.candidates[0].explanation
    far = await w.shift(day(40))
    month_later = await rank_volunteers(w.staff, far.id, now=day(31))
    assert "no hours in the last 30 days" in month_later.candidates[0].explanation


def cache_watched():
    from coalition.matching import WATCHED

    return WATCHED


async def test_the_journal_forgets_what_is_days_old(w: World) -> None:
    from datetime import UTC, datetime, timedelta

    from coalition.matching.tables import MatchingChange
    from coalition.tenancy import TenantScope

    scope = TenantScope.system(w.tenant_id)
    old = datetime.now(UTC) - cache.RETENTION - timedelta(hours=1)
    async with scope.write() as q:
        await q.create(MatchingChange, volunteer_id=1, event="volunteer.changed", created_at=old)
        # Enough rows that one of their ids is a multiple of 256: that one prunes.
        event = events.Event(
            "volunteer.changed", w.tenant_id, {"volunteer_ids": list(range(1, 257))}
        )
        await cache.journal(q, event)

    async with scope.read() as q:
        rows = await q.select(MatchingChange, MatchingChange.created_at)
    assert len(rows) == 256
    assert all(row["created_at"] > old for row in rows)
