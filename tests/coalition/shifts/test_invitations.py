"""Coordinators invite volunteers to shifts; volunteers accept under the sign-up rules."""

import asyncio

import pytest

from coalition import events
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.shifts import invitations, services, signups
from coalition.shifts.schemas import InvitationInput
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import OrganisationFactory
from tests.coalition.shifts.helpers import NOW, Heard, World, day, person, volunteer, world


def asking(shift_id: int, volunteer_id: int, **values) -> InvitationInput:
    return InvitationInput(shift_id=shift_id, volunteer_id=volunteer_id, **values)


async def test_a_volunteer_accepts_an_invitation_and_is_signed_up(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2), headcount=2, place="村委会")
    me, scope = await volunteer(w.tenant_id)

    sent = await invitations.invite(w.staff, asking(shift.id, me.id, message="周三缺人"), now=NOW)

    assert (sent.status, sent.source, sent.message) == ("pending", "coordinator", "周三缺人")
    assert (sent.need_title, sent.place, sent.starts_at) == (
        "帮独居老人王奶奶买菜",
        "村委会",
        day(2),
    )
    assert sent.invited_by == w.staff.actor.person_id
    (data,) = heard.of(events.INVITATION_SENT)
    assert (data["invitation_id"], data["volunteer_id"], data["person_id"]) == (
        sent.id,
        me.id,
        me.person,
    )
    assert [i.id for i in await invitations.my_invitations(scope, now=NOW)] == [sent.id]

    answer = await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)

    assert answer.status == "accepted"
    assert answer.signup is not None
    assert (answer.signup.status, answer.signup.source) == ("confirmed", "invitation")
    (answered,) = heard.of(events.INVITATION_ANSWERED)
    assert (answered["answer"], answered["signup_id"]) == ("accepted", answer.signup.id)
    assert heard.of(events.SIGNUP_CONFIRMED)[0]["source"] == "invitation"
    assert await invitations.my_invitations(scope, now=NOW) == []
    assert [s.source for s in await signups.my_signups(scope, now=NOW)] == ["invitation"]


async def test_accepting_for_a_full_shift_joins_its_waitlist(w: World) -> None:
    shift = await w.shift(day(2), headcount=1)
    _, first = await volunteer(w.tenant_id)
    await signups.sign_up(first, shift.id, now=NOW)
    me, scope = await volunteer(w.tenant_id)
    sent = await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)

    answer = await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)

    assert answer.signup is not None
    assert (answer.signup.status, answer.signup.waitlist_position) == ("waitlisted", 1)


async def test_a_declined_invitation_can_be_sent_again(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2))
    me, scope = await volunteer(w.tenant_id)
    sent = await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)
    with pytest.raises(Conflict) as caught:
        await invitations.invite(w.admin, asking(shift.id, me.id), now=NOW)
    assert caught.value.code == "shifts.already_invited"

    answer = await invitations.answer_invitation(scope, sent.id, accept=False, now=NOW)

    assert (answer.status, answer.signup) == ("declined", None)
    assert heard.of(events.INVITATION_ANSWERED)[0]["answer"] == "declined"
    assert await signups.my_signups(scope, now=NOW) == []
    with pytest.raises(Conflict) as caught:
        await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)
    assert caught.value.code == "shifts.invitation_not_pending"
    again = await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)
    assert again.id != sent.id


async def test_two_coordinators_inviting_at_once_send_one_invitation(w: World) -> None:
    shift = await w.shift(day(2))
    me, scope = await volunteer(w.tenant_id)

    results = await asyncio.gather(
        invitations.invite(w.staff, asking(shift.id, me.id), now=NOW),
        invitations.invite(w.admin, asking(shift.id, me.id), now=NOW),
        return_exceptions=True,
    )

    refused = [r for r in results if isinstance(r, BaseException)]
    assert [getattr(e, "code", e) for e in refused] == ["shifts.already_invited"]
    assert len(await invitations.my_invitations(scope, now=NOW)) == 1


async def test_an_invitation_the_volunteer_cannot_take_stays_pending(w: World) -> None:
    shift = await w.shift(day(2))
    clash = await w.shift(day(2, 1, 30), need=await w.new_need())
    me, scope = await volunteer(w.tenant_id)
    await signups.sign_up(scope, clash.id, now=NOW)
    sent = await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)

    with pytest.raises(Conflict) as caught:
        await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)

    assert caught.value.code == "shifts.overlapping_shift"
    assert [i.status for i in await invitations.my_invitations(scope, now=NOW)] == ["pending"]


async def test_nobody_is_invited_twice_or_while_signed_up_or_inactive(w: World) -> None:
    shift = await w.shift(day(2))
    me, scope = await volunteer(w.tenant_id)
    idle, _ = await volunteer(w.tenant_id, active=False)
    await signups.sign_up(scope, shift.id, now=NOW)

    with pytest.raises(Conflict) as caught:
        await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)
    assert caught.value.code == "shifts.already_signed_up"
    with pytest.raises(Conflict) as caught:
        await invitations.invite(w.staff, asking(shift.id, idle.id), now=NOW)
    assert caught.value.code == "shifts.volunteer_inactive"
    with pytest.raises(InvalidInput) as bad:
        await invitations.invite(w.staff, asking(shift.id, idle.id, source="friend"), now=NOW)
    assert bad.value.fields["source"].code == "invalid_choice"


async def test_only_the_invited_volunteer_answers_and_only_those_running_the_need_invite(
    w: World,
) -> None:
    org = await OrganisationFactory.create(tenant=w.tenant_id)
    need = await w.new_need(dispatch_kind="organisation", dispatched_organisation=org)
    shift = await w.shift(day(2), need=need)
    coordinator = await person(w.tenant_id, Role.ORG_COORDINATOR, organisations={org.id})
    me, _scope = await volunteer(w.tenant_id)
    _, someone = await volunteer(w.tenant_id)

    sent = await invitations.invite(coordinator, asking(shift.id, me.id), now=NOW)
    for outsider in (w.other_staff, someone):
        with pytest.raises(PermissionDenied):
            await invitations.invite(outsider, asking(shift.id, me.id), now=NOW)
    for not_me in (someone, coordinator):
        with pytest.raises(PermissionDenied):
            await invitations.answer_invitation(not_me, sent.id, accept=True, now=NOW)
    with pytest.raises(PermissionDenied):
        await invitations.shift_invitations(someone, shift.id)
    with pytest.raises(PermissionDenied):
        await invitations.my_invitations(someone, volunteer_id=me.id, now=NOW)
    assert [i.id for i in await invitations.shift_invitations(coordinator, shift.id)] == [sent.id]
    assert [
        i.id for i in await invitations.my_invitations(coordinator, volunteer_id=me.id, now=NOW)
    ] == [sent.id]


async def test_the_matching_engine_invites_as_the_system(w: World, heard: Heard) -> None:
    shift = await w.shift(day(2))
    me, scope = await volunteer(w.tenant_id)
    system = TenantScope.system(w.tenant_id)

    sent = await invitations.invite(system, asking(shift.id, me.id, source="matching"), now=NOW)

    assert (sent.source, sent.invited_by) == ("matching", None)
    assert heard.of(events.INVITATION_SENT)[0]["source"] == "matching"
    answer = await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)
    assert answer.signup is not None and answer.signup.source == "invitation"


async def test_staff_withdraw_a_pending_invitation(w: World) -> None:
    shift = await w.shift(day(2))
    me, scope = await volunteer(w.tenant_id)
    sent = await invitations.invite(w.staff, asking(shift.id, me.id), now=NOW)

    with pytest.raises(PermissionDenied):
        await invitations.withdraw_invitation(scope, sent.id, now=NOW)
    withdrawn = await invitations.withdraw_invitation(w.staff, sent.id, now=NOW)

    assert withdrawn.status == "withdrawn"
    with pytest.raises(Conflict):
        await invitations.answer_invitation(scope, sent.id, accept=True, now=NOW)
    assert (await services.get_shift(w.staff, shift.id)).confirmed == 0


async def test_another_tenants_invitations_stay_out_of_reach(w: World, other_tenant) -> None:
    theirs = await world(other_tenant.id)
    their_shift = await theirs.shift(day(2))
    them, _ = await volunteer(other_tenant.id)
    their_invitation = await invitations.invite(
        theirs.admin, asking(their_shift.id, them.id), now=NOW
    )
    me, scope = await volunteer(w.tenant_id)
    my_shift = await w.shift(day(2))

    with pytest.raises(NotFound):
        await invitations.invite(w.admin, asking(their_shift.id, me.id), now=NOW)
    with pytest.raises(NotFound):
        await invitations.invite(w.admin, asking(my_shift.id, them.id), now=NOW)
    with pytest.raises(NotFound):
        await invitations.answer_invitation(scope, their_invitation.id, accept=True, now=NOW)
    with pytest.raises(NotFound):
        await invitations.withdraw_invitation(w.admin, their_invitation.id, now=NOW)
    with pytest.raises(NotFound):
        await invitations.my_invitations(w.admin, volunteer_id=them.id, now=NOW)
    assert await invitations.shift_invitations(w.admin, my_shift.id) == []
