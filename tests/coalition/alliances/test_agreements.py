"""Co-building agreements: joint areas, parties, who may sign them, tenant isolation."""

from datetime import date

import pytest

from coalition.alliances import agreements
from coalition.alliances.schemas import AgreementInput
from coalition.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from coalition.tenancy import Role, TenantScope
from coalition.testing.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AllianceMemberFactory,
    CommunityFactory,
)
from tests.coalition.alliances.helpers import acting, organisations, units


def _agreement(community_id: int, **changes) -> AgreementInput:
    values = {
        "community_id": community_id,
        "title": "东北村社区共建协议",
        "signed_on": date(2026, 3, 5),
        "valid_until": date(2027, 3, 4),
        "areas": ["culture", "security_patrol", "ideology"],
        **changes,
    }
    return AgreementInput(**values)


async def test_a_community_signs_an_agreement_with_units_on_joint_areas(
    scope: TenantScope, tenant
) -> None:
    dongbei = await CommunityFactory.create(tenant=tenant, name="东北村社区")
    bank, school = await units(tenant.id, "威海市商业银行", "东北村小学")
    (org,) = await organisations(tenant.id, "环翠区志愿者协会")

    signed = await agreements.create_agreement(
        scope,
        _agreement(dongbei.id, unit_ids=[bank, school, bank], organisation_ids=[org]),
    )

    assert signed.community_name == "东北村社区"
    assert signed.areas == ["ideology", "security_patrol", "culture"]  # the canonical order
    assert [(p.kind, p.name) for p in signed.parties] == [
        ("organisation", "环翠区志愿者协会"),
        ("unit", "威海市商业银行"),
        ("unit", "东北村小学"),
    ]
    assert await agreements.get_agreement(scope, signed.id) == signed
    assert await agreements.list_agreements(scope, community_id=dongbei.id) == [signed]
    other = await CommunityFactory.create(tenant=tenant)
    assert await agreements.list_agreements(scope, community_id=other.id) == []


async def test_agreement_areas_are_among_the_six_joint_areas_and_at_least_one(
    scope: TenantScope, tenant
) -> None:
    dongbei = await CommunityFactory.create(tenant=tenant)
    (bank,) = await units(tenant.id, "威海市商业银行")

    with pytest.raises(InvalidInput) as caught:
        await agreements.create_agreement(scope, _agreement(dongbei.id, areas=[], unit_ids=[bank]))
    assert caught.value.fields["areas"].code == "required"

    with pytest.raises(InvalidInput) as caught:
        await agreements.create_agreement(
            scope, _agreement(dongbei.id, areas=["culture", "sports"], unit_ids=[bank])
        )
    assert caught.value.fields["areas"].code == "invalid_choice"
    assert caught.value.fields["areas"].params["unknown"] == ["sports"]
    assert await agreements.list_agreements(scope) == []


async def test_an_agreement_needs_a_party_a_title_and_an_end_after_its_signing(
    scope: TenantScope, tenant
) -> None:
    dongbei = await CommunityFactory.create(tenant=tenant)

    with pytest.raises(InvalidInput) as caught:
        await agreements.create_agreement(
            scope, _agreement(dongbei.id, title="", valid_until=date(2026, 3, 4))
        )

    assert {name: err.code for name, err in caught.value.fields.items()} == {
        "title": "required",
        "valid_until": "before_signed_on",
        "parties": "required",
    }


async def test_parties_must_exist_in_the_tenant(scope: TenantScope, tenant, other_tenant) -> None:
    dongbei = await CommunityFactory.create(tenant=tenant)
    (ours,) = await units(tenant.id, "威海市商业银行")
    (theirs,) = await units(other_tenant.id, "别处的单位")

    with pytest.raises(NotFound) as caught:
        await agreements.create_agreement(scope, _agreement(dongbei.id, unit_ids=[ours, theirs]))

    assert caught.value.code == "alliances.party_not_found"
    assert caught.value.params == {"organisation_ids": [], "unit_ids": [theirs]}
    assert await agreements.list_agreements(scope) == []  # nothing half-written


async def test_an_agreement_title_is_used_once_per_community(scope: TenantScope, tenant) -> None:
    dongbei = await CommunityFactory.create(tenant=tenant)
    (bank,) = await units(tenant.id, "威海市商业银行")
    await agreements.create_agreement(scope, _agreement(dongbei.id, unit_ids=[bank]))

    with pytest.raises(Conflict) as caught:
        await agreements.create_agreement(scope, _agreement(dongbei.id, unit_ids=[bank]))
    assert caught.value.code == "alliances.agreement_title_taken"


async def test_a_party_joins_a_signed_agreement_once(scope: TenantScope, tenant) -> None:
    agreement = await AgreementFactory.create(tenant=tenant)
    (hospital,) = await units(tenant.id, "环翠区人民医院")

    party = await agreements.add_agreement_party(scope, agreement.id, unit_id=hospital)
    assert (party.kind, party.name) == ("unit", "环翠区人民医院")
    with pytest.raises(Conflict) as caught:
        await agreements.add_agreement_party(scope, agreement.id, unit_id=hospital)
    assert caught.value.code == "alliances.party_exists"
    with pytest.raises(InvalidInput) as caught:
        await agreements.add_agreement_party(scope, agreement.id)
    assert caught.value.fields["party"].code == "exactly_one_party"
    assert [p.id for p in (await agreements.get_agreement(scope, agreement.id)).parties] == [
        party.id
    ]


async def test_community_staff_sign_agreements_only_for_their_own_community(tenant) -> None:
    mine = await CommunityFactory.create(tenant=tenant)
    other = await CommunityFactory.create(tenant=tenant)
    (bank,) = await units(tenant.id, "威海市商业银行")
    staff = acting(tenant.id, Role.COMMUNITY_STAFF, communities={mine.id})

    assert (await agreements.create_agreement(staff, _agreement(mine.id, unit_ids=[bank]))).id
    with pytest.raises(PermissionDenied):
        await agreements.create_agreement(staff, _agreement(other.id, unit_ids=[bank]))
    liaison = acting(tenant.id, Role.UNIT_LIAISON, units={bank})
    with pytest.raises(PermissionDenied):
        await agreements.create_agreement(
            liaison, _agreement(mine.id, title="另一份", unit_ids=[bank])
        )
    assert len(await agreements.list_agreements(liaison)) == 1


async def test_one_tenant_never_sees_another_tenants_agreements(
    scope: TenantScope, tenant, other_tenant
) -> None:
    ours = await AgreementFactory.create(tenant=tenant)
    theirs = await AgreementFactory.create(tenant=other_tenant)

    assert [a.id for a in await agreements.list_agreements(scope)] == [ours.id]
    with pytest.raises(NotFound):
        await agreements.get_agreement(scope, theirs.id)
    (their_unit,) = await units(other_tenant.id, "别处的单位")
    with pytest.raises(NotFound):
        await agreements.add_agreement_party(scope, ours.id, unit_id=their_unit)


async def test_the_factories_build_one_kind_of_member_or_party_at_a_time(tenant) -> None:
    (org,) = await organisations(tenant.id, "环翠区志愿者协会")
    village = await AllianceMemberFactory.create(tenant=tenant)
    ngo = await AllianceMemberFactory.create(tenant=tenant, organisation=org)
    unit_party = await AgreementPartyFactory.create(tenant=tenant)
    org_party = await AgreementPartyFactory.create(tenant=tenant, organisation=org)

    assert village.community and not (village.organisation or village.unit)
    assert ngo.organisation == org and not (ngo.community or ngo.unit)
    assert unit_party.unit and not unit_party.organisation
    assert org_party.organisation == org and not org_party.unit
