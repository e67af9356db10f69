"""Rows as the reports read them: the contexts' factories with a report's defaults.

They write the tables directly (through the tenant scope), with the timestamps and
denormalised columns a report needs, without going through the working-cycle services;
use them to build small, exact data sets for report tests::

    record = await HoursRecordFactory.create(
        tenant=tenant, volunteer=volunteer, served_on=date(2026, 3, 1), minutes=90,
        status="verified", organisation=org,
    )
    need = await NeedFactory.create(tenant=tenant, community=village, completed_at=at,
                                    settled_level="grid")
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from coalition.testing import activities, hours, needs
from coalition.testing.activities import ActivityParticipantFactory

__all__ = ["ActivityFactory", "ActivityParticipantFactory", "HoursRecordFactory", "NeedFactory"]


class HoursRecordFactory(hours.HoursRecordFactory):
    """A verified hour of attendance on 2026-03-01, served with no organisation."""

    kind = "attendance"
    status = "verified"
    served_on = date(2026, 3, 1)
    minutes = 60
    note = "协助社区开展助老服务"


class NeedFactory(needs.NeedFactory):
    """A need posted on 2026-03-01 08:00 UTC and left as a draft; set the timestamps and
    state you need (``opened_at``, ``filled_at``, ``completed_at``, ``closed_at``)."""

    state = "draft"
    created_at = factory.LazyFunction(lambda: datetime(2026, 3, 1, 8, tzinfo=UTC))
    updated_at = factory.SelfAttribute("created_at")


class ActivityFactory(activities.ActivityFactory):
    title = factory.Sequence(lambda n: f"垃圾分类宣传进小区{n}")
    area = "sanitation"
    held_on = date(2026, 3, 1)
    outcome = "发放宣传册200份"
