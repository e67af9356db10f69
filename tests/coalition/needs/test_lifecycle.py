"""A need's life: each step checked against its state, recorded with who, when and why,
announced as an event, and never half-done."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, PermissionDenied
from coalition.needs import board, closing, dispatch, lifecycle, services
from coalition.needs.schemas import (
    TRANSITIONS,
    DispatchInput,
    EscalationInput,
    NeedAction,
    NeedState,
    ReviewInput,
)
from coalition.needs.tables import Dispatch, Need
from coalition.tenancy import TenantScope
from coalition.testing.factories import DispatchFactory, NeedFactory
from tests.coalition.needs.helpers import World, history_count

T0 = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


async def test_a_need_runs_from_posting_to_review_with_its_history_and_timestamps(
    w: World, heard
) -> None:
    need = await services.post_need(w.grid_worker, w.need(), now=at(0))
    target = DispatchInput(kind="organisation", organisation_id=w.member_org, note="请尽快安排")
    await dispatch.dispatch_need(w.staff, need.id, target, now=at(1))
    await dispatch.accept_dispatch(w.coordinator, need.id, now=at(2))
    async with TenantScope.system(w.tenant_id).write() as q:
        await lifecycle.begin_service(q, need.id, actor=w.volunteer.actor.person_id, now=at(3))
    await closing.complete_need(w.staff, need.id, note="已送菜四次", now=at(4))
    review = await closing.review_need(
        w.grid_worker, need.id, ReviewInput(rating=5, comment="王奶奶很满意"), now=at(5)
    )

    done = await board.get_need(w.staff, need.id)
    assert done.state == "reviewed"
    assert (done.opened_at, done.dispatched_at, done.accepted_at) == (at(0), at(1), at(2))
    assert (done.completed_at, done.closed_at, done.updated_at) == (at(4), at(5), at(5))
    assert (done.dispatch_kind, done.dispatched_organisation_id) == ("organisation", w.member_org)
    assert done.dispatched_to_name == "阳光社工服务中心"
    assert (review.rating, review.reviewer_kind) == (5, "resident")
    history = await board.need_history(w.staff, need.id)
    assert [
        (e.action, e.from_state, e.to_state, e.actor_name, e.reason, e.at) for e in history
    ] == [
        ("posted", None, "draft", "网格员小刘", "", at(0)),
        ("opened", "draft", "open", "网格员小刘", "", at(0)),
        ("dispatched", "open", "dispatched", "东村李主任", "请尽快安排", at(1)),
        ("accepted", "dispatched", "accepted", "社工王老师", "", at(2)),
        ("service_started", "accepted", "in_service", "志愿者老杨", "", at(3)),
        ("completed", "in_service", "completed", "东村李主任", "已送菜四次", at(4)),
        ("reviewed", "completed", "reviewed", "网格员小刘", "王奶奶很满意", at(5)),
    ]
    assert heard.names() == [
        events.NEED_OPENED,
        events.NEED_DISPATCHED,
        events.NEED_ACCEPTED,
        events.NEED_COMPLETED,
        events.NEED_REVIEWED,
    ]
    dispatched = heard.events[1].data
    assert (dispatched["need_id"], dispatched["community_id"]) == (need.id, w.village)
    assert (dispatched["kind"], dispatched["organisation_id"]) == ("organisation", w.member_org)
    assert dispatched["dispatch_id"] == heard.events[2].data["dispatch_id"]
    assert heard.events[3].data["settled_level"] == "grid"
    assert heard.events[4].data["review_id"] == review.id


# --- illegal transitions -------------------------------------------------------------------

ALL_STATES = [state.value for state in NeedState]
ACTIVE = ["draft", "open", "dispatched", "accepted", "in_service"]
LEGAL = {
    "open": {"draft"},
    "dispatch": {"open"},
    "accept": {"dispatched"},
    "decline": {"dispatched"},
    "complete": {"accepted", "in_service"},
    "review": {"completed", "reviewed"},  # reviewed: needs.already_reviewed, tested apart
    "cancel": set(ACTIVE),
    "escalate": set(ACTIVE),
    "begin_service": {"accepted", "in_service"},  # in service already: nothing happens
    "accept_from_pool": {"dispatched", "accepted", "in_service", "completed", "reviewed"},
}
ILLEGAL = [
    (action, state) for action, legal in LEGAL.items() for state in ALL_STATES if state not in legal
]


async def _act(w: World, action: str, need_id: int) -> None:
    system = TenantScope.system(w.tenant_id)
    match action:
        case "open":
            await services.open_need(w.staff, need_id)
        case "dispatch":
            await dispatch.dispatch_need(w.staff, need_id, DispatchInput(kind="pool"))
        case "accept":
            await dispatch.accept_dispatch(system, need_id)  # a coordinator sees no drafts
        case "decline":
            await dispatch.decline_dispatch(system, need_id, "人手不足")
        case "complete":
            await closing.complete_need(w.staff, need_id)
        case "review":
            await closing.review_need(w.staff, need_id, ReviewInput(rating=4))
        case "cancel":
            await closing.cancel_need(w.staff, need_id, "居民已搬走")
        case "escalate":
            await closing.escalate_need(
                w.staff, need_id, EscalationInput(to_level="county", reason="需县级协调")
            )
        case "begin_service":
            async with system.write() as q:
                await lifecycle.begin_service(q, need_id, actor=None)
        case "accept_from_pool":
            async with system.write() as q:
                await lifecycle.accept_from_pool(q, need_id, actor=None)


@pytest.mark.parametrize(("action", "state"), ILLEGAL)
async def test_a_step_the_needs_state_does_not_allow_is_refused_and_leaves_no_trace(
    w: World, heard, action: str, state: str
) -> None:
    need = await NeedFactory.create(
        tenant=w.tenant_id,
        grid=w.village_grid,
        state=state,
        dispatch_kind="organisation" if state != "draft" and state != "open" else None,
        dispatched_organisation=w.member_org if state not in ("draft", "open") else None,
    )
    await DispatchFactory.create(
        tenant=w.tenant_id, need=need, kind="organisation", organisation=w.member_org
    )

    with pytest.raises(Conflict) as caught:
        await _act(w, action, need.id)

    assert caught.value.code == "needs.illegal_transition"
    assert caught.value.params["current"] == state
    assert caught.value.params["need_id"] == need.id
    assert f"is {state};" in caught.value.message
    assert await history_count(w.tenant_id) == 0
    assert heard.names() == []
    assert (await board.get_need(w.admin, need.id)).state == state


def test_the_life_of_a_need_allows_exactly_these_moves() -> None:
    assert {state: set(to) for state, to in TRANSITIONS.items()} == {
        "draft": {"open", "cancelled"},
        "open": {"dispatched", "cancelled"},
        "dispatched": {"accepted", "open", "cancelled"},
        "accepted": {"in_service", "completed", "cancelled"},
        "in_service": {"completed", "cancelled"},
        "completed": {"reviewed"},
        "reviewed": set(),
        "cancelled": set(),
    }
    assert len(ILLEGAL) == 8 * 10 - 25
    assert lifecycle.can_add_shifts("in_service") and not lifecycle.can_add_shifts("completed")
    assert [s for s in ALL_STATES if lifecycle.can_add_shifts(s)] == ACTIVE
    assert [s for s in ALL_STATES if lifecycle.can_take_signups(s, "pool")] == [
        "dispatched",
        "accepted",
        "in_service",
    ]
    assert not lifecycle.can_take_signups("dispatched", "organisation")
    assert lifecycle.can_take_signups("accepted", "organisation")


async def test_a_failing_step_rolls_back_its_history_and_its_changes(w: World) -> None:
    need = await services.post_need(w.staff, w.need())
    before = await history_count(w.tenant_id)

    async def refuse(q, event: events.Event) -> None:
        raise RuntimeError("the outbox is full")

    events.subscribe(events.NEED_DISPATCHED, refuse, phase="in_transaction")
    try:
        with pytest.raises(RuntimeError):
            await dispatch.dispatch_need(w.staff, need.id, DispatchInput(kind="pool"))
    finally:
        events.unsubscribe(events.NEED_DISPATCHED, refuse)

    assert await history_count(w.tenant_id) == before
    assert (await board.get_need(w.staff, need.id)).state == "open"
    async with TenantScope.system(w.tenant_id).read() as q:
        assert await q.count(Dispatch) == 0


async def test_two_concurrent_steps_cannot_both_pass_the_check(w: World) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state="accepted")

    outcomes = await asyncio.gather(
        closing.complete_need(w.staff, need.id),
        closing.cancel_need(w.staff, need.id, "居民已搬走"),
        return_exceptions=True,
    )

    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert len(failures) == 1 and isinstance(failures[0], Conflict)
    assert failures[0].code == "needs.illegal_transition"
    assert len(await board.need_history(w.staff, need.id)) == 1


async def test_a_step_waits_while_another_holds_the_need_and_then_sees_its_outcome(
    w: World,
) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state="accepted")
    holding = asyncio.Event()

    async def cancel_slowly() -> None:
        async with TenantScope.system(w.tenant_id).write() as q:
            row = await lifecycle.need_for_update(q, need.id)
            holding.set()
            await asyncio.sleep(0.3)
            await lifecycle.move(q, row, NeedAction.CANCELLED, actor=None, at=at(1))

    async def complete_meanwhile() -> object:
        await holding.wait()
        return await closing.complete_need(w.staff, need.id)

    first, outcome = await asyncio.gather(
        cancel_slowly(), complete_meanwhile(), return_exceptions=True
    )

    assert first is None, first
    assert isinstance(outcome, Conflict), outcome
    assert outcome.params["current"] == "cancelled"
    assert (await board.get_need(w.staff, need.id)).state == "cancelled"


# --- cancelling -------------------------------------------------------------------------------


async def test_cancelling_needs_a_reason_and_closes_the_need_and_its_pending_dispatch(
    w: World, heard
) -> None:
    need = await services.post_need(w.staff, w.need(), now=at(0))
    target = DispatchInput(kind="unit", unit_id=w.member_unit)
    await dispatch.dispatch_need(w.staff, need.id, target, now=at(1))

    with pytest.raises(InvalidInput):
        await closing.cancel_need(w.staff, need.id, "  ")
    cancelled = await closing.cancel_need(w.staff, need.id, "居民已搬走", now=at(9))

    assert (cancelled.state, cancelled.closed_at) == ("cancelled", at(9))
    (sent,) = await dispatch.list_dispatches(w.staff, need.id)
    assert sent.status == "cancelled"
    last = (await board.need_history(w.staff, need.id))[-1]
    assert (last.action, last.from_state, last.reason) == ("cancelled", "dispatched", "居民已搬走")
    assert heard.events[-1].name == events.NEED_CANCELLED
    assert heard.events[-1].data["unit_id"] == w.member_unit
    assert heard.events[-1].data["from_state"] == "dispatched"


async def test_the_poster_and_the_community_may_cancel_others_may_not(w: World) -> None:
    mine = await services.post_need(w.grid_worker, w.need())
    theirs = await services.post_need(w.staff, w.need())

    for who in (w.other_grid_worker, w.other_staff, w.coordinator, w.volunteer):
        with pytest.raises(PermissionDenied):
            await closing.cancel_need(who, mine.id, "不需要了")
    with pytest.raises(PermissionDenied):  # a grid worker cancels only what they posted
        await closing.cancel_need(w.grid_worker, theirs.id, "不需要了")
    assert (await closing.cancel_need(w.grid_worker, mine.id, "居民自行解决")).state == "cancelled"
    assert (await closing.cancel_need(w.admin, theirs.id, "重复登记")).state == "cancelled"


async def test_only_the_community_completes_a_need(w: World) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state="accepted")

    for who in (w.grid_worker, w.coordinator, w.other_staff, w.volunteer):
        with pytest.raises(PermissionDenied):
            await closing.complete_need(who, need.id)
    assert await history_count(w.tenant_id) == 0
    assert (await closing.complete_need(w.staff, need.id)).state == "completed"


async def test_need_for_update_reads_only_this_tenants_needs(w: World, other_tenant) -> None:
    foreign = await NeedFactory.create(tenant=other_tenant)
    from coalition.errors import NotFound

    async with TenantScope.system(w.tenant_id).write() as q:
        with pytest.raises(NotFound):
            await lifecycle.need_for_update(q, foreign.id)
    async with TenantScope.system(other_tenant.id).write() as q:
        row = await lifecycle.need_for_update(q, foreign.id)
    assert isinstance(row, Need) and row.state == "open"
