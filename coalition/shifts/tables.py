"""Shifts of a need, volunteers' sign-ups and waitlists, and invitations."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Person, Volunteer
from coalition.needs.tables import Need
from coalition.tenancy.tables import TenantOwned


class ShiftSeries(TenantOwned, Table, tablename="shifts_series"):
    """A weekly recurrence rule; its occurrences are ordinary shifts pointing back here."""

    need = ForeignKey(Need, null=False)
    weekday = Integer()  # Monday = 0, in the tenant's time zone
    start_time = Varchar(length=5)  # "HH:MM" local time
    end_time = Varchar(length=5)
    first_date = Date()
    last_date = Date()
    place = Varchar(length=300, default="")
    headcount = Integer()


class Shift(TenantOwned, Table, tablename="shifts_shift"):
    need = ForeignKey(Need, null=False)
    series = ForeignKey(ShiftSeries, null=True, default=None)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    place = Varchar(length=300, default="")
    headcount = Integer()
    confirmed = Integer(default=0)  # confirmed sign-ups, kept in step with SignUp rows
    status = Varchar(length=16, default="scheduled")  # scheduled / cancelled
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class SignUp(TenantOwned, Table, tablename="shifts_signup"):
    """A volunteer's place on a shift, or in its waitlist (promoted in order)."""

    shift = ForeignKey(Shift, null=False)
    volunteer = ForeignKey(Volunteer, null=False)
    status = Varchar(length=16)  # confirmed / waitlisted / cancelled
    queued_at = Timestamptz(default=TimestamptzNow())  # waitlist order: (queued_at, id)
    confirmed_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)
    promoted_at = Timestamptz(null=True, default=None)  # moved up from the waitlist
    source = Varchar(length=16, default="self")  # self / invitation
    created_at = Timestamptz(default=TimestamptzNow())


class Invitation(TenantOwned, Table, tablename="shifts_invitation"):
    """A coordinator (or, later, the matching engine) asks a volunteer to take a shift."""

    shift = ForeignKey(Shift, null=False)
    volunteer = ForeignKey(Volunteer, null=False)
    invited_by = ForeignKey(Person, null=True, default=None)
    source = Varchar(length=16, default="coordinator")  # coordinator / matching
    message = Text(default="")
    status = Varchar(length=16, default="pending")  # pending / accepted / declined / withdrawn
    created_at = Timestamptz(default=TimestamptzNow())
    responded_at = Timestamptz(null=True, default=None)
