"""The coordinators' daily digest: needs short of volunteers, hours to verify, overdue items."""

from datetime import date

from coalition.actors.tables import Membership
from coalition.notifications.digest import digest_tenant
from coalition.notifications.schemas import PreferencesInput
from coalition.notifications.services import set_preferences
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentItemFactory,
    CommunityFactory,
    HoursRecordFactory,
    ShiftFactory,
)
from tests.coalition.notifications.helpers import (
    NOW,
    Mailer,
    World,
    deliver_all,
    later,
    outbox_rows,
    person,
)


async def _member(tenant_id: int, role: Role, email: str = "", **cover: int) -> TenantScope:
    scope = await person(tenant_id, role, email=email)
    async with TenantScope.system(tenant_id).write() as q:
        await q.create(Membership, person=scope.actor.person_id, role=role, **cover)
    return scope


async def _busy_village(w: World) -> None:
    """A short shift, two hours records to verify, an overdue item (and one not due)."""
    await ShiftFactory.create(
        tenant=w.tenant_id, need=w.need, starts_at=later(days=3), headcount=3, confirmed=1
    )
    for _ in range(2):
        await HoursRecordFactory.create(tenant=w.tenant_id, status="pending", community=w.village)
    agreement = await AgreementFactory.create(tenant=w.tenant_id, community=w.village)
    await CommitmentItemFactory.create(
        tenant=w.tenant_id, agreement=agreement, title="修缮老年活动室", due_on=date(2026, 5, 1)
    )
    await CommitmentItemFactory.create(
        tenant=w.tenant_id, agreement=agreement, number=2, due_on=date(2026, 9, 1)
    )


async def test_staff_get_their_villages_digest_once_a_day_after_the_digest_hour(
    w: World,
) -> None:
    await _busy_village(w)
    staff = await _member(
        w.tenant_id, Role.COMMUNITY_STAFF, "staff@example.cn", community=w.village
    )
    other_village = await CommunityFactory.create(tenant=w.tenant_id)
    await _member(w.tenant_id, Role.COMMUNITY_STAFF, community=other_village.id)

    assert await digest_tenant(w.tenant_id, now=later(hours=-1)) == 0  # 07:00 in Shanghai
    assert await digest_tenant(w.tenant_id, now=NOW) == 1
    assert await digest_tenant(w.tenant_id, now=later(hours=5)) == 0
    mailer = Mailer()
    await deliver_all(w.tenant_id, mailer)

    (row,) = await outbox_rows(w.tenant_id, "digest.daily")
    assert row["data"]["person_id"] == staff.actor.person_id
    (message,) = mailer.sent
    assert message["Subject"] == "每日待办（2026-06-01）"
    body = message.get_content()
    assert "志愿者不足的需求：1 个 （帮独居老人王奶奶买菜）" in body
    assert "待审核的服务时长：2 条" in body
    assert "逾期的承诺事项：1 项 （修缮老年活动室）" in body
    assert await digest_tenant(w.tenant_id, now=later(days=1)) == 1


async def test_a_coordinator_sees_what_their_organisation_owns_and_admins_see_all(
    w: World,
) -> None:
    await _busy_village(w)
    party = await AgreementPartyFactory.create(tenant=w.tenant_id, organisation=w.org)
    await CommitmentItemFactory.create(
        tenant=w.tenant_id,
        agreement=party.agreement,
        owner_party=party,
        title="开展普法讲座",
        due_on=date(2026, 4, 1),
    )
    admin = await _member(w.tenant_id, Role.TENANT_ADMIN)

    assert await digest_tenant(w.tenant_id, now=NOW) == 2  # the coordinator and the admin
    rows = {
        r["data"]["person_id"]: r["data"]["params"]
        for r in await outbox_rows(w.tenant_id, "digest.daily")
    }

    mine = rows[w.coordinator.actor.person_id]
    assert (mine["short_needs"], mine["pending_hours"], mine["overdue_items"]) == (None, None, 1)
    assert mine["overdue_item_titles"] == ["开展普法讲座"]
    everything = rows[admin.actor.person_id]
    assert (everything["short_needs"], everything["pending_hours"]) == (1, 2)
    assert everything["overdue_items"] == 2


async def test_nobody_gets_an_empty_digest_or_one_they_turned_off(w: World) -> None:
    await _busy_village(w)
    staff = await _member(w.tenant_id, Role.COMMUNITY_STAFF, community=w.village)
    await set_preferences(staff, PreferencesInput(digest=False))

    assert await digest_tenant(w.tenant_id, now=NOW) == 0  # the coordinator has nothing


async def test_a_digest_counts_nothing_of_another_tenant(w: World, other_tenant) -> None:
    admin = await _member(w.tenant_id, Role.TENANT_ADMIN)
    await HoursRecordFactory.create(tenant=other_tenant.id, status="pending")
    await HoursRecordFactory.create(tenant=w.tenant_id, status="pending", community=w.village)

    await digest_tenant(w.tenant_id, now=NOW)

    (row,) = await outbox_rows(w.tenant_id, "digest.daily")
    assert row["data"]["person_id"] == admin.actor.person_id
    assert row["data"]["params"]["pending_hours"] == 1
