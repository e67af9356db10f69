"""The tenant and the mixin that every tenant-owned table inherits."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Tenant(Table, tablename="tenancy_tenant"):
    """One jurisdiction's coalition workspace: a street, township, district or alliance."""

    id = Serial(primary_key=True)
    slug = Varchar(length=63, unique=True)
    name = Varchar(length=200)
    locale = Varchar(length=16, default="zh-Hans")
    time_zone = Varchar(length=64, default="Asia/Shanghai")
    created_at = Timestamptz(default=TimestamptzNow())


class TenantOwned:
    """Mixin: the row belongs to one tenant. ``tenant_id`` leads every index.

    Rows of such tables are read and written only through
    :class:`coalition.tenancy.scope.TenantQueries`, which adds the tenant filter and
    sets the tenant on inserts; on PostgreSQL row-level security enforces the same.
    """

    id = Serial(primary_key=True)
    tenant = ForeignKey(
        Tenant,
        null=False,
        db_column_name="tenant_id",
        on_delete=OnDelete.cascade,
    )


def is_tenant_owned(table: type[Table]) -> bool:
    return issubclass(table, TenantOwned)
