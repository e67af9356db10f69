"""factory-boy factories of the alliances context, with Chinese names by default.

Members default to a new village of the same tenant, agreement parties to a new unit;
pass ``organisation=`` or ``unit=`` (a row or its id) for another kind::

    alliance = await AllianceFactory.create(tenant=tenant)
    member = await AllianceMemberFactory.create(tenant=tenant, alliance=alliance)
    party = await AgreementPartyFactory.create(tenant=tenant, organisation=org)
    item = await CommitmentItemFactory.create(tenant=tenant, agreement=party.agreement)
"""

from __future__ import annotations

from datetime import date, timedelta

import factory

from coalition.alliances.schemas import ItemStatus, JointArea, MemberRole, ResourceKind
from coalition.alliances.tables import (
    Agreement,
    AgreementParty,
    Alliance,
    AllianceMember,
    AllianceResource,
    CommitmentItem,
)
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# Paths, not imports: coalition.testing.factories re-exports this module's factories.
_COMMUNITY = "coalition.testing.factories.CommunityFactory"
_UNIT = "coalition.testing.factories.UnitFactory"


class AllianceFactory(PiccoloFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"狮子山片区党建联盟{n}")
    lead_branch = "狮子山片区联合党总支"
    description = "八村联建，共同为群众办实事"
    founded_on = date(2026, 1, 1)


class AllianceMemberFactory(PiccoloFactory):
    """A new village in an alliance, unless ``organisation=`` or ``unit=`` is given."""

    class Meta:
        model = AllianceMember

    alliance = factory.SubFactory(AllianceFactory, tenant=_SAME_TENANT)
    organisation = None
    unit = None
    community = factory.Maybe(
        factory.LazyAttribute(lambda o: o.organisation is None and o.unit is None),
        yes_declaration=factory.SubFactory(_COMMUNITY, tenant=_SAME_TENANT),
        no_declaration=None,
    )
    role = MemberRole.MEMBER.value
    joined_on = date(2026, 1, 1)


class AllianceResourceFactory(PiccoloFactory):
    class Meta:
        model = AllianceResource

    alliance = factory.SubFactory(AllianceFactory, tenant=_SAME_TENANT)
    kind = ResourceKind.VENUE.value
    name = factory.Sequence(lambda n: f"党群服务中心活动室{n}")
    description = "可容纳50人，周末开放"
    quantity = "120平方米"
    provider = None


class AgreementFactory(PiccoloFactory):
    """An agreement covering all six joint areas, signed on 2026-01-01."""

    class Meta:
        model = Agreement

    community = factory.SubFactory(
        _COMMUNITY, tenant=_SAME_TENANT, name=factory.Sequence(lambda n: f"东北村社区{n}")
    )
    title = factory.Sequence(lambda n: f"东北村社区共建协议{n}")
    summary = "思想工作联做、社会治安联防、公益事业联办、环境卫生连抓、文化活动连搞、经济工作互促"
    signed_on = date(2026, 1, 1)
    valid_until = date(2028, 12, 31)
    areas = factory.LazyFunction(lambda: [area.value for area in JointArea])


class AgreementPartyFactory(PiccoloFactory):
    """A new unit signing an agreement, unless ``organisation=`` is given."""

    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory, tenant=_SAME_TENANT)
    organisation = None
    unit = factory.Maybe(
        "organisation",
        yes_declaration=None,
        no_declaration=factory.SubFactory(_UNIT, tenant=_SAME_TENANT),
    )


class CommitmentItemFactory(PiccoloFactory):
    """An open item owned by the community; pass ``number=`` when an agreement has several."""

    class Meta:
        model = CommitmentItem

    agreement = factory.SubFactory(AgreementFactory, tenant=_SAME_TENANT)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"为民办实事第{n + 1}项：修缮村内道路")
    area = JointArea.PUBLIC_WELFARE.value
    owner_party = None
    due_on = factory.LazyAttribute(lambda _: date(2026, 1, 1) + timedelta(days=180))
    status = ItemStatus.OPEN.value
