"""Factories of the shifts context.

A shift is two hours for two volunteers, a week ahead, of a new accepted need (so that it
takes sign-ups). Rows are written as they are given: a sign-up made here does not move the
shift's ``confirmed`` counter and no rule is checked (use the services for that)::

    shift = await ShiftFactory.create(tenant=tenant, need=need, headcount=1)
    await InvitationFactory.create(tenant=tenant, shift=shift, volunteer=volunteer)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory

from coalition.shifts.tables import Invitation, Shift, ShiftSeries, SignUp
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")
# Paths, not imports: coalition.testing.factories re-exports this module's factories.
_NEED = "coalition.testing.factories.NeedFactory"
_VOLUNTEER = "coalition.testing.factories.VolunteerFactory"


def _next_week() -> datetime:
    return (datetime.now(UTC) + timedelta(days=7)).replace(
        hour=1, minute=0, second=0, microsecond=0
    )


class ShiftSeriesFactory(PiccoloFactory):
    """Saturdays 09:00-11:00 for eight weeks; its shifts are not made here."""

    class Meta:
        model = ShiftSeries

    need = factory.SubFactory(_NEED, tenant=_SAME_TENANT, state="accepted")
    weekday = 5
    start_time = "09:00"
    end_time = "11:00"
    first_date = factory.LazyFunction(lambda: date.today() + timedelta(days=1))
    last_date = factory.LazyAttribute(lambda o: o.first_date + timedelta(weeks=8))
    place = "社区党群服务中心"
    headcount = 2


class ShiftFactory(PiccoloFactory):
    class Meta:
        model = Shift

    need = factory.SubFactory(_NEED, tenant=_SAME_TENANT, state="accepted")
    series = None
    starts_at = factory.LazyFunction(_next_week)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "幸福路12号"
    headcount = 2
    confirmed = 0
    status = "scheduled"


class SignUpFactory(PiccoloFactory):
    """A waitlisted sign-up (it does not take one of the shift's places)."""

    class Meta:
        model = SignUp

    shift = factory.SubFactory(ShiftFactory, tenant=_SAME_TENANT)
    volunteer = factory.SubFactory(_VOLUNTEER, tenant=_SAME_TENANT)
    status = "waitlisted"
    queued_at = factory.LazyFunction(lambda: datetime.now(UTC))
    source = "self"


class InvitationFactory(PiccoloFactory):
    class Meta:
        model = Invitation

    shift = factory.SubFactory(ShiftFactory, tenant=_SAME_TENANT)
    volunteer = factory.SubFactory(_VOLUNTEER, tenant=_SAME_TENANT)
    invited_by = None
    source = "coordinator"
    message = "周六上午的助老服务缺人，您方便来吗？"
    status = "pending"


__all__ = ["InvitationFactory", "ShiftFactory", "ShiftSeriesFactory", "SignUpFactory"]
