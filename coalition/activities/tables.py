"""The joint activity log: activities co-organised by alliance members."""

from __future__ import annotations

from piccolo.columns import Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Organisation, Person, Unit
from coalition.alliances.tables import Alliance
from coalition.needs.tables import Need
from coalition.places.tables import Community
from coalition.tenancy.tables import TenantOwned


class Activity(TenantOwned, Table, tablename="activities_activity"):
    title = Varchar(length=200)
    area = Varchar(length=32)  # a joint area of co-building, or a need category
    held_on = Date()
    place = Varchar(length=300, default="")
    outcome = Text(default="")
    alliance = ForeignKey(Alliance, null=True, default=None)
    logged_by = ForeignKey(Person, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class ActivityOrganiser(TenantOwned, Table, tablename="activities_organiser"):
    """One co-organiser: a community, a social organisation or a unit."""

    activity = ForeignKey(Activity, null=False)
    community = ForeignKey(Community, null=True, default=None)
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)


class ActivityParticipant(TenantOwned, Table, tablename="activities_participant"):
    activity = ForeignKey(Activity, null=False)
    person = ForeignKey(Person, null=False)
    role = Varchar(length=16)  # volunteer / staff
    minutes = Integer(default=0)


class ActivityNeed(TenantOwned, Table, tablename="activities_need"):
    """A need the activity served."""

    activity = ForeignKey(Activity, null=False)
    need = ForeignKey(Need, null=False)
