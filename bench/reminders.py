"""The reminder scan with 100,000 upcoming shifts: how long does one pass take?

Two tenants of 100,000 shifts each, every shift with one confirmed volunteer (10,000
volunteers): in one the shifts are spread over the next 30 days (about 3,300 start in the
next 24 hours, as in a busy district), in the other all of them start in the next 24 hours
(the worst case: every shift is due a reminder at once). For each, the scan of
:func:`coalition.notifications.reminders.scan_tenant` is timed twice: the first pass writes
the outbox rows, the second finds them written already (what every later pass does).
Then :func:`scan_all` (both tenants) once more. The tables are analysed after the load,
as PostgreSQL's autovacuum does within a minute of it (before that, the planner takes the
fresh tables for empty ones and joins them row by row).

Runs on a throw-away SQLite file, and on PostgreSQL (as the application role, so that
row-level security applies) unless ``--sqlite-only``::

    .venv/bin/python -m bench.reminders [--shifts 100000] [--sqlite-only] [--keep]

PostgreSQL: ``COALITION_BENCH_POSTGRES_URL`` (an admin connection; default
postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from coalition.actors.tables import Person, Volunteer
from coalition.db import bind
from coalition.needs.tables import Need
from coalition.notifications.reminders import scan_all, scan_tenant
from coalition.places.tables import Community, Grid
from coalition.shifts.tables import Shift, SignUp
from coalition.tenancy import TenantScope
from coalition.tenancy.schemas import TenantInput
from coalition.tenancy.services import create_tenant
from coalition.testing import databases

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
VOLUNTEERS = 10_000
DATABASE = "coalition_bench_reminders"


async def load_tenant(slug: str, shifts: int, spread: timedelta) -> int:
    """A tenant with ``shifts`` shifts starting over ``spread`` from NOW, one confirmed
    sign-up each."""
    tenant = await create_tenant(
        TenantInput(slug=slug, name=slug, locale="zh-Hans", time_zone="Asia/Shanghai")
    )
    scope = TenantScope.system(tenant.id)
    async with scope.write() as q:
        village = await q.create(Community, name="东北村社区", kind="village")
        grid = await q.create(Grid, community=village.id, name="第一网格", code="G0001")
        need = await q.create(
            Need,
            title="巡逻",
            category="patrol",
            community=village.id,
            grid=grid.id,
            state="accepted",
            required_skills=[],
        )
        people = await q.add(*(q.new(Person, name=f"志愿者{i}") for i in range(VOLUNTEERS)))
        volunteers = await q.add(
            *(
                q.new(Volunteer, person=p.id, skills=[], languages=[], availability=[])
                for p in people
            )
        )
        step = spread / shifts
        made = await q.add(
            *(
                q.new(
                    Shift,
                    need=need.id,
                    starts_at=NOW + step * (i + 1),
                    ends_at=NOW + step * (i + 1) + timedelta(hours=2),
                    headcount=1,
                    confirmed=1,
                )
                for i in range(shifts)
            )
        )
        await q.add(
            *(
                q.new(
                    SignUp,
                    shift=s.id,
                    volunteer=volunteers[i % VOLUNTEERS].id,
                    status="confirmed",
                    queued_at=NOW - timedelta(days=2),
                    confirmed_at=NOW - timedelta(days=2),
                )
                for i, s in enumerate(made)
            )
        )
    return tenant.id


async def timed(label: str, call: Any) -> Any:
    started = time.perf_counter()
    result = await call
    ms = (time.perf_counter() - started) * 1000
    print(f"  {label:<44} {ms:>9.0f} ms   {result}")
    return result


async def measure(engine_name: str, shifts: int, analyze: Callable[[], Awaitable[None]]) -> None:
    print(f"\n{engine_name}: {shifts:,} upcoming shifts per tenant, {VOLUNTEERS:,} volunteers")
    started = time.perf_counter()
    suffix = str(int(time.time()))
    spread = await load_tenant(f"spread-{suffix}", shifts, timedelta(days=30))
    crowded = await load_tenant(f"crowded-{suffix}", shifts, timedelta(hours=23, minutes=59))
    await analyze()  # as autovacuum (PostgreSQL) would within a minute of such a load
    print(f"  loaded and analysed in {time.perf_counter() - started:.1f} s")
    for name, tenant_id in (("30 days", spread), ("all within 24 h", crowded)):
        await timed(f"{name}: first scan (writes reminders)", scan_tenant(tenant_id, now=NOW))
        await timed(f"{name}: next scan (nothing new)", scan_tenant(tenant_id, now=NOW))
    await timed("scan_all (every tenant, nothing new)", scan_all(now=NOW))


async def on_sqlite(shifts: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        engine = databases.migrated_sqlite(path, ROOT)
        await engine.prep_database()
        bind(engine)

        async def analyze() -> None:
            with sqlite3.connect(path) as connection:
                connection.execute("ANALYZE")

        await measure("SQLite", shifts, analyze)


async def on_postgres(shifts: int, keep: bool) -> None:
    admin = os.environ.get(
        "COALITION_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    database = await asyncio.to_thread(databases.create_postgres, admin, DATABASE, ROOT)
    engine = databases.app_engine(database)
    await engine.start_connection_pool(min_size=1, max_size=4)
    try:
        bind(engine)

        async def analyze() -> None:
            owner = await asyncpg.connect(database.owner_url)
            try:
                await owner.execute("ANALYZE")
            finally:
                await owner.close()

        await measure("PostgreSQL (application role, RLS on)", shifts, analyze)
    finally:
        await engine.close_connection_pool()
        if not keep:
            await asyncio.to_thread(database.drop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shifts", type=int, default=100_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    asyncio.run(on_sqlite(args.shifts))
    if not args.sqlite_only:
        asyncio.run(on_postgres(args.shifts, args.keep))


if __name__ == "__main__":
    main()
