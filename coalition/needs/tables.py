"""Needs (需求清单): a resident's request or a community's task, and its life."""

from __future__ import annotations

from piccolo.columns import (
    Array,
    ForeignKey,
    SmallInt,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Organisation, Person, Unit
from coalition.alliances.tables import Alliance
from coalition.places.tables import Community, Grid
from coalition.tenancy.tables import TenantOwned


class NeedCategory(TenantOwned, Table, tablename="needs_category"):
    """A category a tenant adds to the built-in ones (schemas.BUILTIN_CATEGORIES)."""

    code = Varchar(length=32)
    name_zh = Varchar(length=100)
    name_en = Varchar(length=100, default="")


class Need(TenantOwned, Table, tablename="needs_need"):
    """A need on a community's list, from posting to review.

    The resident's contact details are seen only by staff of the need's community (and
    tenant admins); every other reader gets them blanked.
    """

    title = Varchar(length=200)
    description = Text(default="")
    category = Varchar(length=32)
    community = ForeignKey(Community, null=False)
    grid = ForeignKey(Grid, null=True, default=None)
    alliance = ForeignKey(Alliance, null=True, default=None)  # on that alliance's needs list
    required_skills = Array(Varchar(length=64))
    urgency = Varchar(length=16, default="normal")
    state = Varchar(length=16, default="draft")
    posted_by = ForeignKey(Person, null=True, default=None)
    resident_name = Varchar(length=100, default="")
    resident_phone = Varchar(length=32, default="")
    resident_address = Varchar(length=300, default="")
    level = Varchar(length=16, default="grid")  # where it is handled now
    settled_level = Varchar(length=16, null=True, default=None)  # where it was settled
    dispatch_kind = Varchar(length=16, null=True, default=None)  # pool / organisation / unit
    dispatched_organisation = ForeignKey(Organisation, null=True, default=None)
    dispatched_unit = ForeignKey(Unit, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    opened_at = Timestamptz(null=True, default=None)
    dispatched_at = Timestamptz(null=True, default=None)
    accepted_at = Timestamptz(null=True, default=None)
    filled_at = Timestamptz(null=True, default=None)  # every shift reached its headcount
    completed_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)  # reviewed or cancelled
    updated_at = Timestamptz(default=TimestamptzNow())


class NeedEvent(TenantOwned, Table, tablename="needs_event"):
    """One step of a need's history: a transition, a dispatch, an escalation, a decline."""

    need = ForeignKey(Need, null=False)
    action = Varchar(length=32)
    from_state = Varchar(length=16, null=True, default=None)
    to_state = Varchar(length=16, null=True, default=None)
    from_level = Varchar(length=16, null=True, default=None)
    to_level = Varchar(length=16, null=True, default=None)
    actor = ForeignKey(Person, null=True, default=None)
    reason = Text(default="")
    at = Timestamptz(default=TimestamptzNow())


class Dispatch(TenantOwned, Table, tablename="needs_dispatch"):
    """The community hands a need to an alliance member, or opens it to the volunteer pool."""

    need = ForeignKey(Need, null=False)
    kind = Varchar(length=16)  # pool / organisation / unit
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)
    status = Varchar(length=16, default="pending")  # pending / accepted / declined
    dispatched_by = ForeignKey(Person, null=True, default=None)
    dispatched_at = Timestamptz(default=TimestamptzNow())
    responded_by = ForeignKey(Person, null=True, default=None)
    responded_at = Timestamptz(null=True, default=None)
    reason = Text(default="")


class Review(TenantOwned, Table, tablename="needs_review"):
    """The resident's or community office's rating of a completed need (群众评单)."""

    need = ForeignKey(Need, null=False)
    rating = SmallInt()
    comment = Text(default="")
    reviewer = ForeignKey(Person, null=True, default=None)
    reviewer_kind = Varchar(length=16)  # resident / community
    created_at = Timestamptz(default=TimestamptzNow())
