"""Time as the services see it: an injectable "now", and the tenant's local calendar.

Services take ``now: datetime | None = None`` so that tests are deterministic; dates that
people read ("today", the day hours were served, "overdue") are taken in the tenant's
time zone (Tenant.time_zone), not the server's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from coalition.tenancy.tables import Tenant

DEFAULT_ZONE = "Asia/Shanghai"


def utc_now(now: datetime | None = None) -> datetime:
    """``now`` (time-zone aware) in UTC, or the clock's."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    return now.astimezone(UTC)


async def tenant_zone(tenant_id: int) -> ZoneInfo:
    """The tenant's time zone, e.g. Asia/Shanghai."""
    row = await Tenant.select(Tenant.time_zone).where(Tenant.id == tenant_id).first()
    return ZoneInfo(row["time_zone"] if row else DEFAULT_ZONE)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


async def tenant_today(tenant_id: int, now: datetime | None = None) -> date:
    """Today's date where the tenant is."""
    return local_date(utc_now(now), await tenant_zone(tenant_id))
