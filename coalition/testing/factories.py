"""factory-boy factories with Chinese names and places by default.

Tenant-owned factories need ``tenant=`` (a Tenant row or its id); related rows are made in
the same tenant::

    tenant = await TenantFactory.create()
    grid = await GridFactory.create(tenant=tenant)
"""

from __future__ import annotations

import factory

from coalition.places.tables import Community, Grid
from coalition.tenancy.tables import Tenant
from coalition.testing.base import PiccoloFactory

faker = factory.Faker._get_faker(locale="zh_CN")


class TenantFactory(PiccoloFactory):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"tenant-{n}-{faker.pystr(min_chars=6, max_chars=6).lower()}")
    name = factory.Sequence(lambda n: f"{faker.city_name()}街道{n}")
    locale = "zh-Hans"
    time_zone = "Asia/Shanghai"


class CommunityFactory(PiccoloFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"{faker.last_name()}家村{n}")
    kind = "village"
    township = "狮子山片区"
    address = factory.LazyFunction(faker.street_address)


class GridFactory(PiccoloFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory, tenant=factory.SelfAttribute("..tenant"))
    name = factory.Sequence(lambda n: f"第{n}网格")
    code = factory.Sequence(lambda n: f"G{n:04d}")


# Re-exports: the factories of the other contexts, importable from this one module.
from coalition.testing.activities import (  # noqa: E402, F401
    ActivityFactory,
    ActivityNeedFactory,
    ActivityOrganiserFactory,
    ActivityParticipantFactory,
)
from coalition.testing.actors import (  # noqa: E402, F401
    ConsentFactory,
    LivedExperienceFactory,
    OrganisationFactory,
    PersonFactory,
    SocialWorkerFactory,
    UnitFactory,
    VolunteerFactory,
)
from coalition.testing.alliances import (  # noqa: E402, F401
    AgreementFactory,
    AgreementPartyFactory,
    AllianceFactory,
    AllianceMemberFactory,
    AllianceResourceFactory,
    CommitmentItemFactory,
)
from coalition.testing.hours import (  # noqa: E402, F401
    HoursCorrectionFactory,
    HoursRecordFactory,
)
from coalition.testing.matching import (  # noqa: E402, F401
    MatchingWeightsFactory,
    ProposalFactory,
    ProposalLineFactory,
)
from coalition.testing.needs import (  # noqa: E402, F401
    DispatchFactory,
    NeedCategoryFactory,
    NeedFactory,
)
from coalition.testing.notifications import (  # noqa: E402, F401
    DeliveryFactory,
    ImportJobFactory,
    ImportRowErrorFactory,
    NotificationFactory,
    OutboxFactory,
    PreferenceFactory,
)
from coalition.testing.shifts import (  # noqa: E402, F401
    InvitationFactory,
    ShiftFactory,
    ShiftSeriesFactory,
    SignUpFactory,
)
