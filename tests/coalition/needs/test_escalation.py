"""Escalation from the grid up (网格 → 社区 → 镇街 → 县), and the level a need settles at."""

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.needs import board, closing, dispatch, lifecycle, services
from coalition.needs.schemas import DispatchInput, EscalationInput
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import NeedFactory
from tests.coalition.needs.helpers import World, history_count, person


def up(level: str, reason: str = "网格内无法化解") -> EscalationInput:
    return EscalationInput(to_level=level, reason=reason)


async def test_a_grid_worker_hands_a_matter_up_to_the_community(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need(category="dispute_mediation"))

    raised = await closing.escalate_need(w.grid_worker, need.id, up("community"))

    assert (raised.level, raised.state) == ("community", "open")
    last = (await board.need_history(w.staff, need.id))[-1]
    assert (last.action, last.from_level, last.to_level, last.reason) == (
        "escalated",
        "grid",
        "community",
        "网格内无法化解",
    )
    assert last.actor_id == w.grid_worker.actor.person_id
    assert heard.events[-1].name == events.NEED_ESCALATED
    assert heard.events[-1].data == {
        "need_id": need.id,
        "community_id": w.village,
        "grid_id": w.village_grid,
        "from_level": "grid",
        "to_level": "community",
    }
    with pytest.raises(PermissionDenied):  # above the grid it is the community's matter
        await closing.escalate_need(w.grid_worker, need.id, up("township"))


async def test_the_community_escalates_one_level_or_more_up(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    await closing.escalate_need(w.staff, need.id, up("township", "涉及多个村"))
    top = await closing.escalate_need(w.admin, need.id, up("county", "需县级部门协调"))

    assert top.level == "county"
    levels = [
        (e.from_level, e.to_level)
        for e in await board.need_history(w.staff, need.id)
        if e.action == "escalated"
    ]
    assert levels == [("grid", "township"), ("township", "county")]


@pytest.mark.parametrize(
    ("start", "to_level"),
    [("grid", "grid"), ("community", "grid"), ("community", "community"), ("county", "county")],
)
async def test_a_need_only_goes_up(w: World, start: str, to_level: str) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, level=start)

    with pytest.raises(InvalidInput) as caught:
        await closing.escalate_need(w.staff, need.id, up(to_level))

    assert caught.value.fields["to_level"].code == "not_higher"
    assert caught.value.fields["to_level"].params["current"] == start
    assert await history_count(w.tenant_id) == 0


async def test_escalation_needs_a_reason_and_a_known_level(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    with pytest.raises(InvalidInput) as caught:
        await closing.escalate_need(
            w.staff, need.id, EscalationInput(to_level="province", reason="")
        )

    assert {n: e.code for n, e in caught.value.fields.items()} == {
        "to_level": "invalid_choice",
        "reason": "required",
    }


@pytest.mark.parametrize("who", ["other_grid_worker", "other_staff", "coordinator", "volunteer"])
async def test_only_the_grids_workers_and_the_community_escalate(w: World, who: str) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    with pytest.raises(PermissionDenied):
        await closing.escalate_need(getattr(w, who), need.id, up("community"))


@pytest.mark.parametrize(
    ("escalations", "settled"),
    [
        ((), "grid"),
        (("community",), "community"),
        (("township",), "township"),
        (("community", "county"), "county"),
    ],
)
async def test_a_completed_need_is_settled_at_the_level_it_was_handled(
    w: World, heard, escalations: tuple[str, ...], settled: str
) -> None:
    need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state="in_service")
    for level in escalations:
        await closing.escalate_need(w.staff, need.id, up(level))

    done = await closing.complete_need(w.staff, need.id)

    assert (done.settled_level, done.level) == (settled, settled)
    assert heard.events[-1].name == events.NEED_COMPLETED
    assert heard.events[-1].data["settled_level"] == settled


async def test_a_need_without_a_grid_starts_and_settles_at_community_level(w: World) -> None:
    need = await services.post_need(w.staff, w.need(grid_id=None, community_id=w.village))
    assert (need.level, need.settled_level) == ("community", None)
    await dispatch.dispatch_need(w.staff, need.id, DispatchInput(kind="pool"))
    async with TenantScope.system(w.tenant_id).write() as q:
        await lifecycle.accept_from_pool(q, need.id, actor=None)

    done = await closing.complete_need(w.staff, need.id)

    assert done.settled_level == "community"


async def test_a_finished_need_is_not_escalated_any_more(w: World) -> None:
    for state in ("completed", "reviewed", "cancelled"):
        need = await NeedFactory.create(tenant=w.tenant_id, grid=w.village_grid, state=state)
        with pytest.raises(Conflict) as caught:
            await closing.escalate_need(w.staff, need.id, up("community"))
        assert caught.value.code == "needs.illegal_transition"
        assert caught.value.params["current"] == state
    assert await history_count(w.tenant_id) == 0


async def test_another_tenant_cannot_escalate_this_tenants_need(w: World, other_tenant) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    outsider = await person(other_tenant.id, Role.TENANT_ADMIN)

    with pytest.raises(NotFound):
        await closing.escalate_need(outsider, need.id, up("county"))
    assert (await board.get_need(w.staff, need.id)).level == "grid"
