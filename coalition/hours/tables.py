"""Hours of service: from check-in and check-out, self-reports, and joint activities."""

from __future__ import annotations

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.activities.tables import Activity
from coalition.actors.tables import Organisation, Person, Unit, Volunteer
from coalition.alliances.tables import Alliance
from coalition.needs.tables import Need
from coalition.places.tables import Community
from coalition.shifts.tables import Shift
from coalition.tenancy.tables import TenantOwned


class HoursRecord(TenantOwned, Table, tablename="hours_record"):
    """Minutes a volunteer served on one day.

    Where the time was served (community, organisation or unit, alliance) is copied onto
    the record when it is made, so that reports over a period group one table.
    """

    volunteer = ForeignKey(Volunteer, null=False)
    kind = Varchar(length=16)  # attendance / self_reported / activity
    status = Varchar(length=16)  # pending / verified / rejected
    served_on = Date()
    minutes = Integer()
    need = ForeignKey(Need, null=True, default=None)
    shift = ForeignKey(Shift, null=True, default=None)
    activity = ForeignKey(Activity, null=True, default=None)
    community = ForeignKey(Community, null=True, default=None)
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)
    alliance = ForeignKey(Alliance, null=True, default=None)
    check_in_at = Timestamptz(null=True, default=None)
    check_out_at = Timestamptz(null=True, default=None)
    note = Text(default="")
    reported_at = Timestamptz(default=TimestamptzNow())
    decided_by = ForeignKey(Person, null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    rejection_reason = Text(default="")


class HoursCorrection(TenantOwned, Table, tablename="hours_correction"):
    """A change to a record's minutes: the old value is kept, with who changed it and why."""

    record = ForeignKey(HoursRecord, null=False)
    old_minutes = Integer()
    new_minutes = Integer()
    reason = Text()
    corrected_by = ForeignKey(Person, null=True, default=None)
    corrected_at = Timestamptz(default=TimestamptzNow())


class HoursRollup(TenantOwned, Table, tablename="hours_rollup"):
    """Minutes and records of ``hours_record`` added up by month and by year, per volunteer,
    community, organisation, unit and alliance (``dimension`` and ``key``; the dimension
    ``total`` has key 0), per status. Database triggers on ``hours_record`` keep it in step
    in the same transaction as every insert, update and delete, whoever writes; reports
    over long periods read it instead of every record."""

    grain = Varchar(length=8)  # month / year
    period = Date()  # the first day of the month or year
    dimension = Varchar(length=16)
    key = Integer()
    status = Varchar(length=16)
    minutes = BigInt(default=0)
    records = Integer(default=0)
