"""Numbered commitment items: numbering, fit with the agreement, transitions, overdue, owners."""

from datetime import date

import pytest

from coalition.alliances import commitments
from coalition.alliances.schemas import CommitmentItemInput, ItemProgressInput
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CommitmentItemFactory,
)
from tests.coalition.alliances.helpers import acting, organisations, units

TODAY = date(2026, 6, 1)


def _item(title: str, **changes) -> CommitmentItemInput:
    values = {"title": title, "area": "sanitation", "due_on": date(2026, 9, 30), **changes}
    return CommitmentItemInput(**values)


async def test_commitment_items_are_numbered_one_after_another_per_agreement(
    scope: TenantScope, tenant
) -> None:
    agreement = await AgreementFactory.create(tenant=tenant)
    other = await AgreementFactory.create(tenant=tenant)

    first = await commitments.add_commitment_items(
        scope,
        agreement.id,
        [_item("清理河道垃圾"), _item("安装路灯", area="security_patrol"), _item("修缮文化广场")],
    )
    fourth = await commitments.add_commitment_item(scope, agreement.id, _item("开办老年食堂"))
    elsewhere = await commitments.add_commitment_item(scope, other.id, _item("义诊进村"))

    assert [i.number for i in first] == [1, 2, 3]
    assert fourth.number == 4
    assert elsewhere.number == 1
    listed = await commitments.list_commitment_items(scope, agreement.id, today=TODAY)
    assert [(i.number, i.title) for i in listed] == [
        (1, "清理河道垃圾"),
        (2, "安装路灯"),
        (3, "修缮文化广场"),
        (4, "开办老年食堂"),
    ]
    assert {i.status for i in listed} == {"open"}
    assert listed[0].owner_kind == "community" and listed[0].owner_name.startswith("东北村社区")


async def test_an_item_must_fit_its_agreement_or_none_is_published(
    scope: TenantScope, tenant
) -> None:
    agreement = await AgreementFactory.create(
        tenant=tenant,
        areas=["sanitation", "culture"],
        signed_on=date(2026, 3, 5),
        valid_until=date(2026, 12, 31),
    )
    (bank,) = await units(tenant.id, "威海市商业银行")
    stranger = await AgreementPartyFactory.create(tenant=tenant, unit=bank)  # another agreement

    with pytest.raises(InvalidInput) as caught:
        await commitments.add_commitment_items(
            scope,
            agreement.id,
            [
                _item("清理河道"),
                _item("招商引资", area="economy", due_on=date(2026, 3, 4)),
                _item("", due_on=date(2027, 1, 1), owner_party_id=stranger.id),
            ],
        )

    assert {name: err.code for name, err in caught.value.fields.items()} == {
        "items.1.area": "not_in_agreement",
        "items.1.due_on": "before_signed_on",
        "items.2.title": "required",
        "items.2.due_on": "after_valid_until",
        "items.2.owner_party_id": "not_a_party",
    }
    assert await commitments.list_commitment_items(scope, agreement.id) == []
    with pytest.raises(InvalidInput) as caught:
        await commitments.add_commitment_item(scope, agreement.id, _item("办夜校", area="ideology"))
    assert caught.value.fields["area"].code == "not_in_agreement"


async def test_an_item_moves_from_open_through_in_progress_to_done(
    scope: TenantScope, tenant
) -> None:
    item = await CommitmentItemFactory.create(tenant=tenant)

    started = await commitments.update_item_progress(
        scope, item.id, ItemProgressInput(status="in_progress", progress_note="已完成招标")
    )
    noted = await commitments.update_item_progress(
        scope, item.id, ItemProgressInput(progress_note="路面硬化过半")
    )
    done = await commitments.update_item_progress(scope, item.id, ItemProgressInput(status="done"))

    assert (started.status, started.progress_note) == ("in_progress", "已完成招标")
    assert (noted.status, noted.progress_note) == ("in_progress", "路面硬化过半")
    assert (done.status, done.progress_note) == ("done", "路面硬化过半")
    assert done.updated_at >= started.updated_at


async def test_an_illegal_transition_is_refused_naming_the_current_state(
    scope: TenantScope, tenant
) -> None:
    agreement = await AgreementFactory.create(tenant=tenant)
    item = await CommitmentItemFactory.create(tenant=tenant, agreement=agreement, number=7)
    finished = await CommitmentItemFactory.create(
        tenant=tenant, agreement=agreement, number=8, status="done"
    )

    with pytest.raises(Conflict) as caught:
        await commitments.update_item_progress(scope, item.id, ItemProgressInput(status="done"))
    assert caught.value.code == "alliances.illegal_transition"
    assert caught.value.message == "Item 7 is open; it cannot move to done."
    assert caught.value.params["allowed"] == ["cancelled", "in_progress"]

    with pytest.raises(Conflict) as caught:
        await commitments.update_item_progress(scope, finished.id, ItemProgressInput(status="open"))
    assert caught.value.code == "alliances.item_closed"
    assert caught.value.params["current"] == "done"
    assert "Item 8 is done" in caught.value.message

    cancelled = await commitments.update_item_progress(
        scope, item.id, ItemProgressInput(status="cancelled", progress_note="并入第3项")
    )
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict) as caught:
        await commitments.update_item_progress(
            scope, item.id, ItemProgressInput(status="in_progress")
        )
    assert caught.value.params["current"] == "cancelled"
    with pytest.raises(InvalidInput) as caught:
        await commitments.update_item_progress(scope, item.id, ItemProgressInput(status="paused"))
    assert caught.value.fields["status"].code == "invalid_choice"


async def test_an_item_is_overdue_after_its_deadline_until_done_or_cancelled(
    scope: TenantScope, tenant
) -> None:
    agreement = await AgreementFactory.create(tenant=tenant)
    for number, (status, due_on) in enumerate(
        [
            ("open", date(2026, 5, 31)),  # overdue
            ("in_progress", date(2026, 5, 1)),  # overdue
            ("open", date(2026, 6, 1)),  # due today: not yet overdue
            ("done", date(2026, 4, 1)),
            ("cancelled", date(2026, 4, 1)),
        ],
        start=1,
    ):
        await CommitmentItemFactory.create(
            tenant=tenant, agreement=agreement, number=number, status=status, due_on=due_on
        )

    listed = await commitments.list_commitment_items(scope, agreement.id, today=TODAY)
    assert [i.overdue for i in listed] == [True, True, False, False, False]
    overdue = await commitments.list_commitment_items(
        scope, agreement.id, today=TODAY, overdue_only=True
    )
    assert [i.number for i in overdue] == [1, 2]
    later = await commitments.list_commitment_items(scope, agreement.id, today=date(2026, 6, 2))
    assert [i.overdue for i in later] == [True, True, True, False, False]


async def test_an_owner_reports_progress_only_on_its_own_items(tenant) -> None:
    agreement = await AgreementFactory.create(tenant=tenant)
    bank, school = await units(tenant.id, "威海市商业银行", "东北村小学")
    (org,) = await organisations(tenant.id, "环翠区志愿者协会")
    bank_party = await AgreementPartyFactory.create(tenant=tenant, agreement=agreement, unit=bank)
    org_party = await AgreementPartyFactory.create(
        tenant=tenant, agreement=agreement, organisation=org
    )
    admin = TenantScope.system(tenant.id)
    bank_item, org_item, own_item = await commitments.add_commitment_items(
        admin,
        agreement.id,
        [
            _item("设立助农服务点", area="economy", owner_party_id=bank_party.id),
            _item("组织志愿巡逻", area="security_patrol", owner_party_id=org_party.id),
            _item("清理河道"),
        ],
    )
    assert (bank_item.owner_kind, bank_item.owner_name) == ("unit", "威海市商业银行")
    liaison = acting(tenant.id, Role.UNIT_LIAISON, units={bank})
    coordinator = acting(tenant.id, Role.ORG_COORDINATOR, organisations={org})
    school_liaison = acting(tenant.id, Role.UNIT_LIAISON, units={school})
    staff = acting(tenant.id, Role.COMMUNITY_STAFF, communities={agreement.community})
    start = ItemProgressInput(status="in_progress")

    assert (await commitments.update_item_progress(liaison, bank_item.id, start)).status == (
        "in_progress"
    )
    assert (await commitments.update_item_progress(coordinator, org_item.id, start)).status == (
        "in_progress"
    )
    for who, item in [
        (liaison, org_item),
        (liaison, own_item),
        (school_liaison, bank_item),
        (acting(tenant.id, Role.VOLUNTEER, units={bank}), bank_item),
    ]:
        with pytest.raises(PermissionDenied):
            await commitments.update_item_progress(who, item.id, ItemProgressInput(status="done"))
    with pytest.raises(PermissionDenied):
        await commitments.add_commitment_item(liaison, agreement.id, _item("自报项目"))
    assert (await commitments.update_item_progress(staff, own_item.id, start)).status == (
        "in_progress"
    )
    statuses = [i.status for i in await commitments.list_commitment_items(liaison, agreement.id)]
    assert statuses == ["in_progress", "in_progress", "in_progress"]


async def test_one_tenant_never_sees_another_tenants_items(
    scope: TenantScope, tenant, other_tenant
) -> None:
    theirs = await CommitmentItemFactory.create(tenant=other_tenant)

    with pytest.raises(NotFound):
        await commitments.list_commitment_items(scope, theirs.agreement)
    with pytest.raises(NotFound):
        await commitments.update_item_progress(
            scope, theirs.id, ItemProgressInput(status="in_progress")
        )
    with pytest.raises(NotFound):
        await commitments.add_commitment_item(scope, theirs.agreement, _item("越界"))
    (still,) = await commitments.list_commitment_items(
        TenantScope.system(other_tenant.id), theirs.agreement
    )
    assert still.status == "open"
