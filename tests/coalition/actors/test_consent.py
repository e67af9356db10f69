from datetime import UTC, datetime

import pytest

from coalition.actors import consent
from coalition.actors.tables import Consent, LivedExperience
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import (
    ConsentFactory,
    LivedExperienceFactory,
    PersonFactory,
    VolunteerFactory,
)

STATEMENT = "本人同意将曾作为纠纷当事人的经历用于调解员匹配。"


def acting(tenant, *roles: Role, person_id: int | None = None) -> TenantScope:
    return TenantScope(tenant.id, Actor(person_id=person_id, roles=frozenset(roles)))


async def social_worker(tenant) -> TenantScope:
    person = await PersonFactory.create(tenant=tenant, name="李社工")
    return acting(tenant, Role.SOCIAL_WORKER, person_id=person.id)


async def stored_experience(scope: TenantScope) -> int:
    """Lived-experience rows in the database, whatever their consent."""
    async with scope.read() as q:
        return await q.count(LivedExperience)


async def test_a_social_worker_records_consent_and_then_lived_experience(tenant) -> None:
    worker = await social_worker(tenant)
    volunteer = await VolunteerFactory.create(tenant=tenant, person__name="刘大姐")

    given = await consent.record_consent(
        worker, volunteer.person, "mediator_matching", f"  {STATEMENT}  "
    )
    story = await consent.record_lived_experience(
        worker,
        volunteer.id,
        given.id,
        "neighbour_dispute",
        "因楼上漏水与邻居起纠纷，后经调解和解。",
    )

    assert given.live and given.statement == STATEMENT
    assert given.recorded_by == worker.actor.person_id
    assert (story.person_name, story.consent_id, story.outcome) == ("刘大姐", given.id, "resolved")
    assert await consent.list_lived_experience(worker) == [story]
    assert await consent.list_lived_experience(worker, volunteer.id) == [story]


async def test_withdrawing_consent_erases_the_lived_experience_held_under_it(tenant) -> None:
    worker = await social_worker(tenant)
    first = await LivedExperienceFactory.create(tenant=tenant)
    await LivedExperienceFactory.create(
        tenant=tenant, volunteer=first.volunteer, consent=first.consent, kind="family_dispute"
    )
    kept = await LivedExperienceFactory.create(tenant=tenant)

    withdrawn = await consent.withdraw_consent(worker, first.consent)

    assert not withdrawn.live
    assert withdrawn.withdrawn_by == worker.actor.person_id
    assert withdrawn.withdrawn_at is not None
    assert [s.id for s in await consent.list_lived_experience(worker)] == [kept.id]
    assert await stored_experience(worker) == 1  # erased, not merely hidden
    async with worker.read() as q:
        row = await q.get(Consent, first.consent)
    assert row.withdrawn_at is not None and row.withdrawn_by == worker.actor.person_id


async def test_the_person_themself_may_withdraw_their_consent(tenant) -> None:
    volunteer = await VolunteerFactory.create(tenant=tenant)
    story = await LivedExperienceFactory.create(tenant=tenant, volunteer=volunteer)
    me = acting(tenant, Role.VOLUNTEER, person_id=volunteer.person)

    withdrawn = await consent.withdraw_consent(me, story.consent)

    assert not withdrawn.live and withdrawn.withdrawn_by == volunteer.person
    assert await stored_experience(me) == 0
    assert [c.live for c in await consent.list_consents(me, volunteer.person)] == [False]


async def test_nobody_else_withdraws_a_persons_consent(tenant) -> None:
    story = await LivedExperienceFactory.create(tenant=tenant)
    someone = await PersonFactory.create(tenant=tenant)

    for roles in ([Role.COMMUNITY_STAFF], [Role.GRID_WORKER], [Role.VOLUNTEER], []):
        with pytest.raises(PermissionDenied):
            await consent.withdraw_consent(
                acting(tenant, *roles, person_id=someone.id), story.consent
            )

    system = TenantScope.system(tenant.id)
    assert await stored_experience(system) == 1
    async with system.read() as q:
        assert (await q.get(Consent, story.consent)).withdrawn_at is None


async def test_a_consent_is_withdrawn_only_once(tenant) -> None:
    worker = await social_worker(tenant)
    given = await ConsentFactory.create(tenant=tenant)
    await consent.withdraw_consent(worker, given.id)

    with pytest.raises(Conflict) as caught:
        await consent.withdraw_consent(worker, given.id)
    assert caught.value.code == "actors.consent_withdrawn"


async def test_no_lived_experience_is_recorded_without_the_volunteers_live_consent(
    tenant,
) -> None:
    worker = await social_worker(tenant)
    volunteer = await VolunteerFactory.create(tenant=tenant)
    withdrawn = await ConsentFactory.create(
        tenant=tenant, person=volunteer.person, withdrawn_at=datetime.now(UTC)
    )
    for_research = await ConsentFactory.create(
        tenant=tenant, person=volunteer.person, purpose="research"
    )
    someone_elses = await ConsentFactory.create(tenant=tenant)

    for given, code in [
        (withdrawn, "actors.consent_withdrawn"),
        (for_research, "actors.consent_wrong_purpose"),
        (someone_elses, "actors.consent_of_another_person"),
    ]:
        with pytest.raises(Conflict) as caught:
            await consent.record_lived_experience(
                worker, volunteer.id, given.id, "family_dispute", "曾与家人发生纠纷。"
            )
        assert caught.value.code == code
    assert await stored_experience(worker) == 0


async def test_lived_experience_is_recorded_only_by_admins_and_social_workers(tenant) -> None:
    story = await LivedExperienceFactory.create(tenant=tenant)
    person = await PersonFactory.create(tenant=tenant)

    for role in (Role.COMMUNITY_STAFF, Role.GRID_WORKER, Role.ORG_COORDINATOR, Role.VOLUNTEER):
        with pytest.raises(PermissionDenied):
            await consent.record_lived_experience(
                acting(tenant, role, person_id=person.id),
                story.volunteer,
                story.consent,
                "neighbour_dispute",
                "曾与邻居发生纠纷。",
            )
    admin = acting(tenant, Role.TENANT_ADMIN, person_id=person.id)
    await consent.record_lived_experience(
        admin, story.volunteer, story.consent, "land_dispute", "曾有宅基地纠纷。", "partly_resolved"
    )
    assert await stored_experience(admin) == 2


async def test_lived_experience_input_is_checked(tenant) -> None:
    worker = await social_worker(tenant)
    story = await LivedExperienceFactory.create(tenant=tenant)

    with pytest.raises(InvalidInput) as caught:
        await consent.record_lived_experience(
            worker, story.volunteer, story.consent, "quarrel", " ", "won"
        )

    assert {n: e.code for n, e in caught.value.fields.items()} == {
        "kind": "invalid_choice",
        "summary": "required",
        "outcome": "invalid_choice",
    }


async def test_only_matchers_and_the_person_themself_see_lived_experience(tenant) -> None:
    mine = await VolunteerFactory.create(tenant=tenant)
    my_story = await LivedExperienceFactory.create(tenant=tenant, volunteer=mine)
    other_story = await LivedExperienceFactory.create(tenant=tenant)
    no_profile = await PersonFactory.create(tenant=tenant)
    me = acting(tenant, Role.VOLUNTEER, person_id=mine.person)

    assert [s.id for s in await consent.list_lived_experience(me)] == [my_story.id]
    assert [s.id for s in await consent.list_lived_experience(me, mine.id)] == [my_story.id]
    with pytest.raises(PermissionDenied) as caught:
        await consent.list_lived_experience(me, other_story.volunteer)
    assert caught.value.code == "actors.lived_experience_restricted"
    for role in (Role.COMMUNITY_STAFF, Role.GRID_WORKER, Role.ORG_COORDINATOR):
        with pytest.raises(PermissionDenied):
            await consent.list_lived_experience(acting(tenant, role, person_id=no_profile.id))
    with pytest.raises(PermissionDenied):
        await consent.list_lived_experience(acting(tenant, Role.VOLUNTEER))
    for role in (Role.TENANT_ADMIN, Role.SOCIAL_WORKER):
        seen = await consent.list_lived_experience(acting(tenant, role))
        assert {s.id for s in seen} == {my_story.id, other_story.id}


async def test_nothing_held_under_a_withdrawn_consent_is_ever_listed(tenant) -> None:
    worker = await social_worker(tenant)
    volunteer = await VolunteerFactory.create(tenant=tenant)
    # A row left behind under a withdrawn consent (e.g. written by an older release).
    withdrawn = await ConsentFactory.create(
        tenant=tenant, person=volunteer.person, withdrawn_at=datetime.now(UTC)
    )
    await LivedExperienceFactory.create(tenant=tenant, volunteer=volunteer, consent=withdrawn)
    me = acting(tenant, Role.VOLUNTEER, person_id=volunteer.person)

    assert await consent.list_lived_experience(worker) == []
    assert await consent.list_lived_experience(me) == []
    assert await stored_experience(worker) == 1


async def test_consent_is_given_by_the_person_or_recorded_by_a_matcher(tenant) -> None:
    person = await PersonFactory.create(tenant=tenant)
    me = acting(tenant, Role.VOLUNTEER, person_id=person.id)
    staff = acting(tenant, Role.COMMUNITY_STAFF)

    with pytest.raises(PermissionDenied):
        await consent.record_consent(staff, person.id, "mediator_matching", STATEMENT)
    with pytest.raises(InvalidInput) as caught:
        await consent.record_consent(me, person.id, "marketing", "")
    assert {n: e.code for n, e in caught.value.fields.items()} == {
        "purpose": "invalid_choice",
        "statement": "required",
    }
    given = await consent.record_consent(me, person.id, "mediator_matching", STATEMENT)
    assert given.recorded_by == person.id
    with pytest.raises(Conflict) as conflict:
        await consent.record_consent(me, person.id, "mediator_matching", STATEMENT)
    assert conflict.value.code == "actors.consent_exists"

    await consent.withdraw_consent(me, given.id)
    again = await consent.record_consent(me, person.id, "mediator_matching", STATEMENT)
    assert [c.id for c in await consent.list_consents(me, person.id)] == [again.id, given.id]
    with pytest.raises(PermissionDenied):
        await consent.list_consents(staff, person.id)


async def test_another_tenants_consents_and_experience_stay_out_of_reach(
    tenant, other_tenant
) -> None:
    worker = await social_worker(tenant)
    theirs = await LivedExperienceFactory.create(tenant=other_tenant)
    their_person = await PersonFactory.create(tenant=other_tenant)
    mine = await LivedExperienceFactory.create(tenant=tenant)

    assert [s.id for s in await consent.list_lived_experience(worker)] == [mine.id]
    with pytest.raises(NotFound):
        await consent.list_lived_experience(worker, theirs.volunteer)
    with pytest.raises(NotFound):
        await consent.withdraw_consent(worker, theirs.consent)
    with pytest.raises(NotFound):
        await consent.record_consent(worker, their_person.id, "mediator_matching", STATEMENT)
    with pytest.raises(NotFound):
        await consent.record_lived_experience(
            worker, theirs.volunteer, mine.consent, "other", "别的辖区的人。"
        )
    assert await stored_experience(TenantScope.system(other_tenant.id)) == 1
