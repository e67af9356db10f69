"""Factories of the joint activity log, with Chinese titles by default.

An organiser defaults to a new community of the same tenant (pass ``organisation=`` or
``unit=`` for another kind), a participant to a new person taking part as a volunteer.
A linked need defaults to a new open need::

    activity = await ActivityFactory.create(tenant=tenant)
    await ActivityOrganiserFactory.create(tenant=tenant, activity=activity)
    await ActivityParticipantFactory.create(tenant=tenant, activity=activity, minutes=90)
    await ActivityNeedFactory.create(tenant=tenant, activity=activity, need=need)
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from coalition.activities.tables import (
    Activity,
    ActivityNeed,
    ActivityOrganiser,
    ActivityParticipant,
)
from coalition.alliances.schemas import JointArea
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# Paths, not imports: coalition.testing.factories re-exports this module's factories.
_COMMUNITY = "coalition.testing.factories.CommunityFactory"
_PERSON = "coalition.testing.factories.PersonFactory"
_NEED = "coalition.testing.factories.NeedFactory"


class ActivityFactory(PiccoloFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"重阳节敬老文艺汇演{n}")
    area = JointArea.CULTURE.value
    held_on = date(2026, 5, 4)
    place = "党群服务中心广场"
    outcome = "为辖区80余位老人送去节目和慰问品"
    alliance = None
    logged_by = None
    created_at = factory.LazyFunction(lambda: datetime.now(UTC))


class ActivityOrganiserFactory(PiccoloFactory):
    """A new village organising an activity, unless ``organisation=`` or ``unit=``."""

    class Meta:
        model = ActivityOrganiser

    activity = factory.SubFactory(ActivityFactory, tenant=_SAME_TENANT)
    organisation = None
    unit = None
    community = factory.Maybe(
        factory.LazyAttribute(lambda o: o.organisation is None and o.unit is None),
        yes_declaration=factory.SubFactory(_COMMUNITY, tenant=_SAME_TENANT),
        no_declaration=None,
    )


class ActivityParticipantFactory(PiccoloFactory):
    class Meta:
        model = ActivityParticipant

    activity = factory.SubFactory(ActivityFactory, tenant=_SAME_TENANT)
    person = factory.SubFactory(_PERSON, tenant=_SAME_TENANT)
    role = "volunteer"
    minutes = 120


class ActivityNeedFactory(PiccoloFactory):
    """A need the activity served: a new open need unless ``need=`` is given."""

    class Meta:
        model = ActivityNeed

    activity = factory.SubFactory(ActivityFactory, tenant=_SAME_TENANT)
    need = factory.SubFactory(_NEED, tenant=_SAME_TENANT)


__all__ = [
    "ActivityFactory",
    "ActivityNeedFactory",
    "ActivityOrganiserFactory",
    "ActivityParticipantFactory",
]
