"""The demo's working cycle: needs in every state, shifts, sign-ups, hours and activities.

Everything goes through the services with an explicit clock: needs posted over the last
two months have been served, verified, completed and mostly reviewed (most settled inside
the grid, some at the community, one at the county), and needs of today are at every
earlier step, with shifts in the coming days for the demo volunteers to sign up for.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from coalition.activities.schemas import ActivityInput, ParticipantInput
from coalition.activities.services import log_activity
from coalition.actors import volunteers
from coalition.alliances.schemas import JointArea
from coalition.demo.build import Built
from coalition.hours.attendance import check_in, check_out
from coalition.hours.services import verify_hours
from coalition.needs.closing import cancel_need, complete_need, escalate_need, review_need
from coalition.needs.dispatch import accept_dispatch, dispatch_need
from coalition.needs.schemas import DispatchInput, EscalationInput, NeedInput, ReviewInput
from coalition.needs.services import post_need
from coalition.shifts.schemas import ShiftInput
from coalition.shifts.services import create_shift
from coalition.shifts.signups import sign_up
from coalition.tenancy import Actor, Role, TenantScope

NEEDS = [
    ("帮独居老人买菜送药", "elderly_care", ["助老服务"]),
    ("楼道杂物清理", "sanitation", ["环境卫生"]),
    ("放学后作业辅导", "education", ["课业辅导"]),
    ("夜间治安巡逻", "patrol", ["治安巡逻"]),
    ("邻里噪音纠纷调解", "dispute_mediation", ["矛盾调解"]),
    ("老年人健康义诊", "health", ["急救"]),
    ("村民法律咨询", "legal_aid", ["法律援助"]),
    ("广场舞队排练场地协调", "culture", ["文艺"]),
    ("留守儿童周末陪伴", "child_care", ["儿童照护"]),
    ("送孤寡老人就医", "elderly_care", ["驾驶"]),
]


class Demo:
    """The tenant being built, its volunteers as people who can sign in, and a clock."""

    def __init__(self, b: Built, now: datetime, rng: random.Random) -> None:
        self.b, self.now, self.rng = b, now, rng
        self.people: dict[int, int] = {}  # volunteer id -> person id
        self.turn = 0

    async def volunteer(self) -> tuple[int, TenantScope]:
        """The next volunteer in turn, with the scope of their own sign-in."""
        volunteer_id = self.b.volunteers[self.turn % len(self.b.volunteers)]
        self.turn += 1
        if volunteer_id not in self.people:
            out = await volunteers.get_volunteer(self.b.scope, volunteer_id)
            self.people[volunteer_id] = out.person_id
        actor = Actor(person_id=self.people[volunteer_id], roles=frozenset({Role.VOLUNTEER}))
        return volunteer_id, TenantScope(self.b.scope.tenant_id, actor)

    def needs(self) -> Iterator[tuple[str, str, list[str]]]:
        while True:
            yield self.rng.choice(NEEDS)

    async def post(self, at: datetime, *, draft: bool = False) -> int:
        title, category, skills = next(self.needs())
        community = self.rng.choice(self.b.communities)
        grid = self.rng.choice(self.b.grids[community])
        need = await post_need(
            self.b.scope,
            NeedInput(
                title=title,
                category=category,
                grid_id=grid,
                required_skills=tuple(skills),
                resident_name=self.rng.choice(["孙桂兰", "王秀英", "李建国", "赵玉兰"]),
                resident_phone="1380000" + f"{self.rng.randrange(10000):04d}",
            ),
            draft=draft,
            now=at,
        )
        return need.id

    async def shift(self, need_id: int, starts: datetime, headcount: int, at: datetime) -> int:
        shift = await create_shift(
            self.b.scope,
            ShiftInput(
                need_id=need_id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="党群服务中心",
                headcount=headcount,
            ),
            now=at,
        )
        return shift.id

    async def served(self, posted: datetime, level: str, *, reviewed: bool) -> None:
        """A need of the past: served by volunteers, hours verified, completed."""
        need_id = await self.post(posted)
        await dispatch_need(self.b.scope, need_id, DispatchInput(kind="pool"), now=posted)
        starts = posted + timedelta(days=2)
        shift_id = await self.shift(need_id, starts, 2, posted + timedelta(minutes=5))
        for n in range(2):
            _, scope = await self.volunteer()
            await sign_up(scope, shift_id, now=posted + timedelta(hours=1 + n))
            await check_in(scope, shift_id, now=starts - timedelta(minutes=5))
            record = await check_out(scope, shift_id, now=starts + timedelta(hours=2))
            await verify_hours(self.b.scope, record.id, now=starts + timedelta(days=1))
        for to_level in {"grid": [], "community": ["community"], "county": ["township", "county"]}[
            level
        ]:
            reason = (
                "网格内协调未果，提请上级协调" if to_level != "county" else "涉及多部门，报县级处理"
            )
            await escalate_need(
                self.b.scope, need_id, EscalationInput(to_level=to_level, reason=reason), now=starts
            )
        done = starts + timedelta(hours=3)
        await complete_need(self.b.scope, need_id, note="已办结", now=done)
        if reviewed:
            rating = self.rng.choice([4, 5, 5, 5])
            await review_need(
                self.b.scope,
                need_id,
                ReviewInput(rating=rating, comment="志愿者热情周到，问题已解决。"),
                now=done + timedelta(days=1),
            )

    async def current(self) -> None:
        """Needs of today at every earlier step, with shifts in the coming days."""
        now = self.now
        for _ in range(2):
            await self.post(now - timedelta(hours=3), draft=True)
        for _ in range(3):
            await self.post(now - timedelta(hours=2))
        organisations = self.b.organisations
        for n in range(2):  # dispatched to a member, waiting for its answer
            need_id = await self.post(now - timedelta(days=1))
            await dispatch_need(
                self.b.scope,
                need_id,
                DispatchInput(kind="organisation", organisation_id=organisations[n]),
                now=now - timedelta(hours=20),
            )
        for n in range(2):  # accepted by a member, with a shift later this week
            need_id = await self.post(now - timedelta(days=2))
            await dispatch_need(
                self.b.scope,
                need_id,
                DispatchInput(kind="organisation", organisation_id=organisations[n]),
                now=now - timedelta(days=2),
            )
            await accept_dispatch(self.b.scope, need_id, now=now - timedelta(days=1))
            await self.shift(need_id, now + timedelta(days=3 + n), 3, now)
        for n in range(4):  # in the volunteer pool, with shifts in the coming days
            need_id = await self.post(now - timedelta(hours=6))
            await dispatch_need(self.b.scope, need_id, DispatchInput(kind="pool"), now=now)
            shift_id = await self.shift(need_id, now + timedelta(days=1 + n), 2 + n % 2, now)
            if n == 0:  # a full shift with a waitlist
                for k in range(4):
                    _, scope = await self.volunteer()
                    await sign_up(scope, shift_id, now=now + timedelta(minutes=k))
        # In service: the shift began an hour ago and its volunteer checked in.
        need_id = await self.post(now - timedelta(days=1))
        await dispatch_need(self.b.scope, need_id, DispatchInput(kind="pool"), now=now)
        starts = now - timedelta(hours=1)
        shift_id = await self.shift(need_id, starts, 1, starts - timedelta(hours=2))
        _, scope = await self.volunteer()
        await sign_up(scope, shift_id, now=starts - timedelta(hours=1))
        await check_in(scope, shift_id, now=starts)
        # Completed, not yet reviewed; and cancelled ones.
        await self.served(now - timedelta(days=4), "grid", reviewed=False)
        for _ in range(2):
            need_id = await self.post(now - timedelta(days=3))
            await cancel_need(self.b.scope, need_id, "居民已自行解决", now=now - timedelta(days=2))

    async def activities(self, count: int) -> None:
        areas = [area.value for area in JointArea] + ["elderly_care", "dispute_mediation"]
        for n in range(count):
            held = (self.now - timedelta(days=3 + 5 * n)).date()
            participants = []
            for _ in range(3):
                volunteer_id, _ = await self.volunteer()
                participants.append(
                    ParticipantInput(person_id=self.people[volunteer_id], minutes=120)
                )
            await log_activity(
                self.b.scope,
                ActivityInput(
                    title=["重阳节敬老文艺汇演", "垃圾分类宣传进小区", "平安夜巡", "法律知识讲座"][
                        n % 4
                    ],
                    area=areas[n % len(areas)],
                    held_on=held,
                    community_ids=[self.b.communities[n % len(self.b.communities)]],
                    organisation_ids=[self.b.organisations[n % len(self.b.organisations)]],
                    unit_ids=[self.b.units[n % len(self.b.units)]] if self.b.units else [],
                    place="党群服务中心广场",
                    outcome="群众参与踊跃，反响良好",
                    participants=participants,
                ),
                now=self.now,
            )


async def add_working_cycle(b: Built, now: datetime, *, past_needs: int, activities: int) -> None:
    """Needs of the past two months (settled mostly in the grid), needs of today at every
    step, and joint activities."""
    demo = Demo(b, now, random.Random(past_needs))
    for n in range(past_needs):
        level = "county" if n == past_needs // 2 else "community" if n % 8 == 3 else "grid"
        posted = now - timedelta(days=60) + timedelta(days=55 * n / past_needs)
        await demo.served(posted, level, reviewed=n % 5 != 4)
    await demo.current()
    await demo.activities(activities)
