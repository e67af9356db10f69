"""Alliances, their members and resources; co-building agreements and their commitments."""

from __future__ import annotations

from piccolo.columns import Array, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coalition.actors.tables import Organisation, Unit
from coalition.places.tables import Community
from coalition.tenancy.tables import TenantOwned


class Alliance(TenantOwned, Table, tablename="alliances_alliance"):
    """A party-building alliance (党建联盟) led by a joint party branch (联合党总支)."""

    name = Varchar(length=200)
    lead_branch = Varchar(length=200)  # e.g. 狮子山片区联合党总支
    description = Text(default="")
    founded_on = Date(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class AllianceMember(TenantOwned, Table, tablename="alliances_member"):
    """One community, organisation or unit in an alliance (exactly one of the three is set)."""

    alliance = ForeignKey(Alliance, null=False)
    community = ForeignKey(Community, null=True, default=None)
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)
    role = Varchar(length=16, default="member")  # see schemas.MemberRole
    joined_on = Date()
    left_on = Date(null=True, default=None)  # null while the membership is active


class AllianceResource(TenantOwned, Table, tablename="alliances_resource"):
    """An entry of the alliance's resource list (资源清单)."""

    alliance = ForeignKey(Alliance, null=False)
    kind = Varchar(length=16)  # see schemas.ResourceKind
    name = Varchar(length=200)
    description = Text(default="")
    quantity = Varchar(length=100, default="")  # free text: "200 m²", "5万元", "每周两次"
    provider = ForeignKey(AllianceMember, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Agreement(TenantOwned, Table, tablename="alliances_agreement"):
    """A community co-building agreement (社区共建协议) with units and organisations."""

    community = ForeignKey(Community, null=False)
    title = Varchar(length=200)
    summary = Text(default="")
    signed_on = Date()
    valid_until = Date(null=True, default=None)
    areas = Array(Varchar(length=32))  # codes of schemas.JointArea
    created_at = Timestamptz(default=TimestamptzNow())


class AgreementParty(TenantOwned, Table, tablename="alliances_agreement_party"):
    """An organisation or a unit that signed an agreement with the community."""

    agreement = ForeignKey(Agreement, null=False)
    organisation = ForeignKey(Organisation, null=True, default=None)
    unit = ForeignKey(Unit, null=True, default=None)


class CommitmentItem(TenantOwned, Table, tablename="alliances_commitment_item"):
    """A numbered public commitment of an agreement ("36 practical things"), with a deadline."""

    agreement = ForeignKey(Agreement, null=False)
    number = Integer()  # 1, 2, 3... within the agreement
    title = Varchar(length=200)
    description = Text(default="")
    area = Varchar(length=32)  # one of the agreement's areas
    owner_party = ForeignKey(AgreementParty, null=True, default=None)  # null: the community
    due_on = Date()
    status = Varchar(length=16, default="open")  # see schemas.ItemStatus
    progress_note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
