"""Dispatching (社区派单) and the members' answers (联盟接单), and the volunteer pool."""

from datetime import date

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.needs import board, dispatch, lifecycle, services
from coalition.needs.schemas import DispatchInput, NeedFilter
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import AllianceMemberFactory, OrganisationFactory
from tests.coalition.needs.helpers import World, history_count, person


def to_org(org: int) -> DispatchInput:
    return DispatchInput(kind="organisation", organisation_id=org)


def to_unit(unit: int) -> DispatchInput:
    return DispatchInput(kind="unit", unit_id=unit)


async def test_the_community_dispatches_an_open_need_to_a_unit(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    sent = await dispatch.dispatch_need(w.staff, need.id, to_unit(w.member_unit))

    assert (sent.state, sent.dispatch_kind, sent.dispatched_unit_id) == (
        "dispatched",
        "unit",
        w.member_unit,
    )
    assert sent.dispatched_to_name == "供电所"
    (row,) = await dispatch.list_dispatches(w.staff, need.id)
    assert (row.kind, row.unit_id, row.status, row.target_name) == (
        "unit",
        w.member_unit,
        "pending",
        "供电所",
    )
    assert row.dispatched_by_id == w.staff.actor.person_id
    assert heard.events[-1].name == events.NEED_DISPATCHED
    assert heard.events[-1].data["unit_id"] == w.member_unit
    assert heard.events[-1].data["dispatch_id"] == row.id


@pytest.mark.parametrize("who", ["grid_worker", "other_staff", "coordinator", "volunteer"])
async def test_only_the_needs_community_dispatches_it(w: World, who: str) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    before = await history_count(w.tenant_id)

    with pytest.raises(PermissionDenied):
        await dispatch.dispatch_need(getattr(w, who), need.id, DispatchInput(kind="pool"))

    assert await history_count(w.tenant_id) == before
    assert (await dispatch.dispatch_need(w.admin, need.id, DispatchInput(kind="pool"))).state == (
        "dispatched"
    )


async def test_a_need_on_an_alliance_list_goes_only_to_active_members_of_that_alliance(
    w: World,
) -> None:
    need = await services.post_need(w.grid_worker, w.need(alliance_id=w.alliance))
    left = await OrganisationFactory.create(tenant=w.tenant_id, name="已退出的协会")
    await AllianceMemberFactory.create(
        tenant=w.tenant_id, alliance=w.alliance, organisation=left, left_on=date(2026, 2, 1)
    )

    for target, field in (
        (to_org(w.outside_org), "organisation_id"),
        (to_unit(w.outside_unit), "unit_id"),
        (to_org(left.id), "organisation_id"),
    ):
        with pytest.raises(InvalidInput) as caught:
            await dispatch.dispatch_need(w.staff, need.id, target)
        assert caught.value.fields[field].code == "not_alliance_member"
    assert (await board.get_need(w.staff, need.id)).state == "open"

    sent = await dispatch.dispatch_need(w.staff, need.id, to_org(w.member_org))
    assert sent.dispatched_organisation_id == w.member_org


async def test_a_need_off_any_alliance_list_goes_to_any_organisation_of_the_tenant(
    w: World, other_tenant
) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    foreign = await OrganisationFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound):
        await dispatch.dispatch_need(w.staff, need.id, to_org(foreign.id))
    sent = await dispatch.dispatch_need(w.staff, need.id, to_org(w.outside_org))

    assert sent.dispatched_organisation_id == w.outside_org


@pytest.mark.parametrize(
    ("target", "errors"),
    [
        (DispatchInput(kind="team"), {"kind": "invalid_choice"}),
        (DispatchInput(kind="organisation"), {"organisation_id": "required"}),
        (
            DispatchInput(kind="unit", organisation_id=1),
            {"unit_id": "required", "organisation_id": "not_allowed"},
        ),
        (DispatchInput(kind="pool", unit_id=1), {"unit_id": "not_allowed"}),
    ],
)
async def test_a_dispatch_names_one_target_of_its_kind(
    w: World, target: DispatchInput, errors: dict[str, str]
) -> None:
    need = await services.post_need(w.grid_worker, w.need())

    with pytest.raises(InvalidInput) as caught:
        await dispatch.dispatch_need(w.staff, need.id, target)

    assert {name: err.code for name, err in caught.value.fields.items()} == errors


async def test_the_member_accepts_the_need_it_was_dispatched(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need(alliance_id=w.alliance))
    await dispatch.dispatch_need(w.staff, need.id, to_org(w.member_org))

    for who in (w.outside_coordinator, w.liaison, w.staff, w.admin, w.volunteer):
        with pytest.raises(PermissionDenied):
            await dispatch.accept_dispatch(who, need.id)
    accepted = await dispatch.accept_dispatch(w.coordinator, need.id, note="周二起安排两名社工")

    assert accepted.state == "accepted" and accepted.accepted_at is not None
    (row,) = await dispatch.list_dispatches(w.coordinator, need.id)
    assert (row.status, row.responded_by_id) == ("accepted", w.coordinator.actor.person_id)
    assert heard.events[-1].name == events.NEED_ACCEPTED
    assert heard.events[-1].data["organisation_id"] == w.member_org
    page = await board.list_needs(w.coordinator, NeedFilter(organisation_id=w.member_org))
    assert [n.id for n in page.items] == [need.id]


async def test_a_unit_liaison_answers_for_their_unit_only(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    await dispatch.dispatch_need(w.staff, need.id, to_unit(w.member_unit))
    stranger = await person(w.tenant_id, Role.UNIT_LIAISON, units={w.outside_unit})

    with pytest.raises(PermissionDenied):
        await dispatch.decline_dispatch(stranger, need.id, "不归我们管")
    assert (await dispatch.accept_dispatch(w.liaison, need.id)).state == "accepted"


async def test_a_declined_need_is_open_again_and_can_be_dispatched_anew(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    await dispatch.dispatch_need(w.staff, need.id, to_org(w.member_org))

    with pytest.raises(InvalidInput) as caught:
        await dispatch.decline_dispatch(w.coordinator, need.id, " ")
    assert caught.value.fields["reason"].code == "required"
    declined = await dispatch.decline_dispatch(w.coordinator, need.id, "本周社工均在外培训")

    assert declined.state == "open"
    assert (declined.dispatch_kind, declined.dispatched_organisation_id) == (None, None)
    last = (await board.need_history(w.staff, need.id))[-1]
    assert (last.action, last.from_state, last.to_state, last.reason) == (
        "declined",
        "dispatched",
        "open",
        "本周社工均在外培训",
    )
    assert heard.events[-1].name == events.NEED_DECLINED
    assert heard.events[-1].data["organisation_id"] == w.member_org
    # no longer on the member's list
    assert (
        await board.list_needs(w.coordinator, NeedFilter(organisation_id=w.member_org))
    ).total == 0

    again = await dispatch.dispatch_need(w.staff, need.id, to_unit(w.member_unit))
    await dispatch.accept_dispatch(w.liaison, need.id)

    assert again.dispatched_unit_id == w.member_unit
    rows = await dispatch.list_dispatches(w.staff, need.id)
    assert [(r.kind, r.status, r.reason) for r in rows] == [
        ("organisation", "declined", "本周社工均在外培训"),
        ("unit", "accepted", ""),
    ]


async def test_a_pool_need_is_accepted_by_its_first_confirmed_volunteer(w: World, heard) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    await dispatch.dispatch_need(w.staff, need.id, DispatchInput(kind="pool"))
    volunteer = w.volunteer.actor.person_id

    with pytest.raises(Conflict) as caught:
        await dispatch.accept_dispatch(TenantScope.system(w.tenant_id), need.id)
    assert caught.value.code == "needs.pool_dispatch"
    async with TenantScope.system(w.tenant_id).write() as q:
        await lifecycle.accept_from_pool(q, need.id, actor=volunteer)
        await lifecycle.accept_from_pool(q, need.id, actor=volunteer)  # the second: nothing
    async with TenantScope.system(w.tenant_id).write() as q:
        await lifecycle.begin_service(q, need.id, actor=volunteer)
        await lifecycle.begin_service(q, need.id, actor=volunteer)
        await lifecycle.accept_from_pool(q, need.id, actor=volunteer)

    assert (await board.get_need(w.staff, need.id)).state == "in_service"
    actions = [e.action for e in await board.need_history(w.staff, need.id)]
    assert actions[-2:] == ["accepted", "service_started"]
    (row,) = await dispatch.list_dispatches(w.staff, need.id)
    assert (row.kind, row.status, row.responded_by_id) == ("pool", "accepted", volunteer)
    assert heard.names().count(events.NEED_ACCEPTED) == 1
    assert heard.events[-1].data["dispatch_id"] == row.id


async def test_volunteers_wait_for_the_member_when_a_need_went_to_a_member(w: World) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    await dispatch.dispatch_need(w.staff, need.id, to_org(w.member_org))

    with pytest.raises(Conflict) as caught:
        async with TenantScope.system(w.tenant_id).write() as q:
            await lifecycle.accept_from_pool(q, need.id, actor=None)

    assert caught.value.code == "needs.awaiting_member"
    assert (await board.get_need(w.staff, need.id)).state == "dispatched"


async def test_another_tenants_need_cannot_be_dispatched_or_answered(
    w: World, other_tenant
) -> None:
    need = await services.post_need(w.grid_worker, w.need())
    await dispatch.dispatch_need(w.staff, need.id, to_org(w.member_org))
    outsider = await person(other_tenant.id, Role.TENANT_ADMIN)
    system = TenantScope.system(other_tenant.id)

    with pytest.raises(NotFound):
        await dispatch.accept_dispatch(system, need.id)
    with pytest.raises(NotFound):
        await dispatch.decline_dispatch(system, need.id, "测试")
    with pytest.raises(NotFound):
        await dispatch.dispatch_need(outsider, need.id, DispatchInput(kind="pool"))
    with pytest.raises(NotFound):
        await dispatch.list_dispatches(outsider, need.id)
