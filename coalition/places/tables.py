from __future__ import annotations

from piccolo.columns import ForeignKey, Varchar
from piccolo.table import Table

from coalition.tenancy.tables import TenantOwned


class Community(TenantOwned, Table, tablename="places_community"):
    """An urban community (社区, run by a 居委会) or a village (村, run by a 村委会)."""

    name = Varchar(length=200)
    kind = Varchar(length=16)  # see schemas.CommunityKind
    township = Varchar(length=200, default="")  # the street or township (镇街) above it
    address = Varchar(length=300, default="")


class Grid(TenantOwned, Table, tablename="places_grid"):
    """A grid (网格): the smallest unit of a community, served by grid workers."""

    community = ForeignKey(Community, null=False)
    name = Varchar(length=200)
    code = Varchar(length=64, default="")
