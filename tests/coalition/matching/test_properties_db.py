"""A smaller property through the database: whatever the tenants hold, a ranking and a
proposal consider only the caller's tenant, and never someone a hard rule keeps out."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.matching.features import VolunteerData
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment, rank_volunteers
from coalition.testing.factories import TenantFactory
from tests.coalition.matching.helpers import ALWAYS, NOW, day, vol, world
from tests.coalition.matching.instances import SKILLS, available

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNINGS = [{"weekday": d, "start": "08:00", "end": "12:00"} for d in range(7)]


async def _volunteers(data, w) -> dict[int, VolunteerData]:
    made = {}
    for _ in range(data.draw(st.integers(0, 4))):
        values = {
            "active": data.draw(st.booleans()),
            "skills": sorted(data.draw(st.sets(st.sampled_from(SKILLS), max_size=2))),
            "availability": data.draw(st.sampled_from([ALWAYS, MORNINGS, []])),
            "max_hours_week": data.draw(st.integers(1, 4)),
        }
        row = await vol(w, **values)
        made[row.id] = VolunteerData(
            id=row.id,
            person=row.person,
            active=values["active"],
            skills=values["skills"],
            availability=values["availability"],
            grid=None,
            community=None,
            organisation=None,
            max_hours_week=values["max_hours_week"],
        )
    return made


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_nothing_of_another_tenant_is_ever_considered(data) -> None:
    ours = await world((await TenantFactory.create()).id)
    theirs = await world((await TenantFactory.create()).id)
    mine = await _volunteers(data, ours)
    await _volunteers(data, theirs)
    hours = data.draw(st.integers(1, 3))
    shifts = [await ours.shift(day(2), hours=hours), await ours.shift(day(3, hour=6))]
    their_shift = await theirs.shift(day(2), hours=hours)

    for shift in shifts:
        ranking = await rank_volunteers(ours.admin, shift.id, limit=100, now=NOW)
        for candidate in ranking.candidates:
            v = mine[candidate.volunteer_id]  # a KeyError: someone of another tenant
            assert v.active and "助老服务" in v.skills
            assert available(v, shift.starts_at, shift.ends_at, SHANGHAI)
            assert timedelta(hours=v.max_hours_week) >= shift.ends_at - shift.starts_at
    proposal = await propose_assignment(
        ours.admin, ProposalRequest(window_start=NOW, window_end=NOW + timedelta(days=7)), now=NOW
    )
    assert {line.shift_id for line in proposal.lines} <= {s.id for s in shifts}
    assert {line.volunteer_id for line in proposal.lines} <= set(mine)
    assert their_shift.id not in {line.shift_id for line in proposal.lines}
