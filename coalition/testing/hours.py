"""Factories of the hours context, with Chinese notes by default.

A record defaults to two pending self-reported hours of a new volunteer on 2026-05-04;
pass ``status=``, ``kind=``, ``minutes=``, ``served_on=`` and where it was served
(``need=``, ``community=``, ``organisation=``...) as a test needs::

    record = await HoursRecordFactory.create(tenant=tenant, status="verified", minutes=90)
    await HoursCorrectionFactory.create(tenant=tenant, record=record, new_minutes=60)
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from coalition.hours.schemas import HoursKind, HoursStatus
from coalition.hours.tables import HoursCorrection, HoursRecord
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# A path, not an import: coalition.testing.factories re-exports this module's factories.
_VOLUNTEER = "coalition.testing.factories.VolunteerFactory"


class HoursRecordFactory(PiccoloFactory):
    class Meta:
        model = HoursRecord

    volunteer = factory.SubFactory(_VOLUNTEER, tenant=_SAME_TENANT)
    kind = HoursKind.SELF_REPORTED.value
    status = HoursStatus.PENDING.value
    served_on = date(2026, 5, 4)
    minutes = 120
    need = None
    shift = None
    activity = None
    community = None
    organisation = None
    unit = None
    alliance = None
    note = "陪同独居老人就医"
    reported_at = factory.LazyFunction(lambda: datetime.now(UTC))


class HoursCorrectionFactory(PiccoloFactory):
    """A correction of a record's minutes (it does not change the record itself)."""

    class Meta:
        model = HoursCorrection

    record = factory.SubFactory(HoursRecordFactory, tenant=_SAME_TENANT)
    old_minutes = 120
    new_minutes = 90
    reason = "签退时间登记有误，按实际服务时长更正"
    corrected_by = None
    corrected_at = factory.LazyFunction(lambda: datetime.now(UTC))


__all__ = ["HoursCorrectionFactory", "HoursRecordFactory"]
