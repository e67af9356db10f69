"""People, their logins and roles, and the five kinds of actors of the linkage."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    Array,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.places.tables import Community, Grid
from coalition.tenancy.tables import TenantOwned


class Person(TenantOwned, Table, tablename="actors_person"):
    name = Varchar(length=100)
    phone = Varchar(length=32, default="")
    email = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Account(TenantOwned, Table, tablename="actors_account"):
    """A person's login. The password is kept only as an argon2id hash."""

    person = ForeignKey(Person, null=False)
    username = Varchar(length=64)
    password_hash = Varchar(length=255, secret=True)
    is_active = Boolean(default=True)
    last_login_at = Timestamptz(null=True, default=None)


class Organisation(TenantOwned, Table, tablename="actors_organisation"):
    """A social organisation (社会组织): social group, social service agency or foundation."""

    name = Varchar(length=200)
    kind = Varchar(length=32)
    registration_no = Varchar(length=64, default="")
    services = Array(Varchar(length=100))
    phone = Varchar(length=32, default="")
    community = ForeignKey(Community, null=True, default=None)  # where it is based, if local


class Unit(TenantOwned, Table, tablename="actors_unit"):
    """A unit in the area (辖区单位): enterprise, public institution or government office."""

    name = Varchar(length=200)
    kind = Varchar(length=32)
    address = Varchar(length=300, default="")
    resources = Array(Varchar(length=100))
    phone = Varchar(length=32, default="")
    community = ForeignKey(Community, null=True, default=None)


class Membership(TenantOwned, Table, tablename="actors_membership"):
    """A role a person holds in the tenant, and the place or member it covers."""

    person = ForeignKey(Person, null=False)
    role = Varchar(length=32)
    community = ForeignKey(Community, null=True, default=None)
    grid = ForeignKey(Grid, null=True, default=None)
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class SocialWorker(TenantOwned, Table, tablename="actors_social_worker"):
    """A certified social worker (社工) and who employs them."""

    person = ForeignKey(Person, null=False)
    certification = Varchar(length=32)  # assistant / intermediate / senior
    certificate_no = Varchar(length=64, default="")
    employer = ForeignKey(Organisation, null=True, default=None)
    employer_name = Varchar(length=200, default="")


class Volunteer(TenantOwned, Table, tablename="actors_volunteer"):
    """A community volunteer (社区志愿者)."""

    person = ForeignKey(Person, null=False)
    skills = Array(Varchar(length=64))
    languages = Array(Varchar(length=32))
    # [{"weekday": 0-6 (Monday=0), "start": "HH:MM", "end": "HH:MM"}, ...]
    availability = JSON(default=[])
    home_grid = ForeignKey(Grid, null=True, default=None)
    max_hours_week = Integer(default=8)
    active = Boolean(default=True)
    joined_on = Date(null=True, default=None)
    organisation = ForeignKey(Organisation, null=True, default=None)  # team it serves with


class Consent(TenantOwned, Table, tablename="actors_consent"):
    """A person's explicit consent to keep sensitive information, for one purpose."""

    person = ForeignKey(Person, null=False)
    purpose = Varchar(length=64)
    statement = Text(default="")
    granted_at = Timestamptz(default=TimestamptzNow())
    recorded_by = ForeignKey(Person, null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)
    withdrawn_by = ForeignKey(Person, null=True, default=None)


class LivedExperience(TenantOwned, Table, tablename="actors_lived_experience"):
    """A volunteer's lived experience (过来人), held only under a live consent."""

    volunteer = ForeignKey(Volunteer, null=False)
    consent = ForeignKey(Consent, null=False)
    kind = Varchar(length=64)  # e.g. neighbour_dispute, family_dispute
    summary = Text(default="")
    outcome = Varchar(length=32, default="resolved")
    recorded_at = Timestamptz(default=TimestamptzNow())
