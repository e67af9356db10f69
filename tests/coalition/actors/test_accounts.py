import pytest

from coalition.actors import accounts
from coalition.actors.schemas import MembershipInput, PersonInput
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing.factories import CommunityFactory, GridFactory


async def _person_with_login(scope: TenantScope, username: str = "wangfang") -> int:
    person = await accounts.create_person(scope, PersonInput(name="王芳", phone="13800000000"))
    await accounts.create_account(
        scope, person_id=person.id, username=username, password="correct horse"
    )
    return person.id


async def test_a_person_logs_in_and_gets_every_role_they_hold(scope, tenant) -> None:
    person_id = await _person_with_login(scope)
    grid = await GridFactory.create(tenant=tenant)
    await accounts.grant_role(scope, MembershipInput(person_id=person_id, role="volunteer"))
    await accounts.grant_role(
        scope, MembershipInput(person_id=person_id, role="grid_worker", grid_id=grid.id)
    )

    actor = await accounts.authenticate(tenant.id, " WangFang ", "correct horse")

    assert actor.person_id == person_id
    assert actor.roles == {Role.VOLUNTEER, Role.GRID_WORKER}
    assert actor.grids == {grid.id}
    assert actor.communities == frozenset()  # a grid worker is not the community's staff


async def test_a_wrong_password_or_unknown_user_is_refused_alike(scope, tenant) -> None:
    await _person_with_login(scope)

    for username, password in [("wangfang", "wrong password"), ("nobody", "correct horse")]:
        with pytest.raises(accounts.AuthenticationFailed) as caught:
            await accounts.authenticate(tenant.id, username, password)
        assert caught.value.code == "auth.invalid_credentials"


async def test_a_login_works_only_in_its_own_tenant(scope, other_tenant) -> None:
    await _person_with_login(scope)

    with pytest.raises(accounts.AuthenticationFailed):
        await accounts.authenticate(other_tenant.id, "wangfang", "correct horse")


async def test_the_password_is_stored_only_as_an_argon2id_hash(scope) -> None:
    from coalition.actors.tables import Account

    await _person_with_login(scope)
    async with scope.read() as q:
        stored = await q.select(Account, Account.password_hash).first()
    assert stored["password_hash"].startswith("$argon2id$")
    assert "correct horse" not in stored["password_hash"]


async def test_short_passwords_and_taken_usernames_are_refused(scope) -> None:
    await _person_with_login(scope, "lilei")
    other = await accounts.create_person(scope, PersonInput(name="李雷"))

    with pytest.raises(InvalidInput) as caught:
        await accounts.create_account(scope, person_id=other.id, username="x", password="short")
    assert caught.value.fields["password"].code == "password_too_short"
    with pytest.raises(Conflict):
        await accounts.create_account(
            scope, person_id=other.id, username="LiLei", password="long enough"
        )


async def test_roles_that_work_for_a_place_or_member_must_name_it(scope, tenant) -> None:
    person = await accounts.create_person(scope, PersonInput(name="张伟"))
    community = await CommunityFactory.create(tenant=tenant)

    with pytest.raises(InvalidInput) as caught:
        await accounts.grant_role(
            scope, MembershipInput(person_id=person.id, role="community_staff")
        )
    assert "community_id" in caught.value.fields

    staff = await accounts.grant_role(
        scope,
        MembershipInput(person_id=person.id, role="community_staff", community_id=community.id),
    )
    with pytest.raises(Conflict):
        await accounts.grant_role(
            scope,
            MembershipInput(person_id=person.id, role="community_staff", community_id=community.id),
        )
    await accounts.revoke_role(scope, staff.id)
    assert (await accounts.load_actor(tenant.id, person.id)).roles == frozenset()


async def test_roles_cannot_point_at_another_tenants_places(scope, other_tenant) -> None:
    person = await accounts.create_person(scope, PersonInput(name="赵敏"))
    theirs = await CommunityFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound):
        await accounts.grant_role(
            scope,
            MembershipInput(person_id=person.id, role="community_staff", community_id=theirs.id),
        )


async def test_only_tenant_admins_create_logins_and_grant_roles(scope, tenant) -> None:
    person = await accounts.create_person(scope, PersonInput(name="孙丽"))
    staff = TenantScope(
        tenant.id, Actor(person_id=person.id, roles=frozenset({Role.COMMUNITY_STAFF}))
    )

    with pytest.raises(PermissionDenied):
        await accounts.create_account(staff, person_id=person.id, username="sun", password="x" * 10)
    with pytest.raises(PermissionDenied):
        await accounts.grant_role(staff, MembershipInput(person_id=person.id, role="tenant_admin"))


async def test_a_disabled_login_can_neither_sign_in_nor_keep_its_session(scope, tenant) -> None:
    person_id = await _person_with_login(scope)
    assert (await accounts.load_signed_in_actor(tenant.id, person_id)).person_id == person_id

    await accounts.set_login_active(scope, person_id, active=False)

    with pytest.raises(accounts.AuthenticationFailed) as caught:
        await accounts.load_signed_in_actor(tenant.id, person_id)
    assert caught.value.code == "auth.inactive"
    with pytest.raises(accounts.AuthenticationFailed):
        await accounts.authenticate(tenant.id, "wangfang", "correct horse")

    await accounts.set_login_active(scope, person_id, active=True)
    assert (await accounts.authenticate(tenant.id, "wangfang", "correct horse")).person_id


async def test_a_role_never_lends_its_coverage_to_another_role(scope, tenant) -> None:
    """Staff of one village who is also a grid worker in another manage only the first."""
    person = await accounts.create_person(scope, PersonInput(name="周强"))
    own = await CommunityFactory.create(tenant=tenant)
    elsewhere = await GridFactory.create(tenant=tenant)
    await accounts.grant_role(
        scope, MembershipInput(person_id=person.id, role="community_staff", community_id=own.id)
    )
    await accounts.grant_role(
        scope, MembershipInput(person_id=person.id, role="grid_worker", grid_id=elsewhere.id)
    )

    actor = await accounts.load_actor(tenant.id, person.id)

    assert actor.manages_community(own.id)
    assert not actor.manages_community(elsewhere.community)
    assert actor.works_grid(elsewhere.id)


async def test_a_role_refuses_places_and_members_it_does_not_use(scope, tenant) -> None:
    person = await accounts.create_person(scope, PersonInput(name="吴敏"))
    community = await CommunityFactory.create(tenant=tenant)

    with pytest.raises(InvalidInput) as caught:
        await accounts.grant_role(
            scope,
            MembershipInput(person_id=person.id, role="volunteer", community_id=community.id),
        )
    assert caught.value.fields["community_id"].code == "not_for_role"


async def test_granting_the_same_role_twice_at_once_records_it_once(scope, tenant) -> None:
    import asyncio

    person = await accounts.create_person(scope, PersonInput(name="郑洁"))
    grant = MembershipInput(person_id=person.id, role="volunteer")

    results = await asyncio.gather(
        *(accounts.grant_role(scope, grant) for _ in range(5)), return_exceptions=True
    )

    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))
    assert len(await accounts.list_memberships(scope, person.id)) == 1
