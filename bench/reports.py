"""The reports on PostgreSQL with a million hours records: are they under 300 ms?

Creates a fresh database ``coalition_bench``, migrates it with ``coalition migrate`` (as
the test fixtures do), bulk-loads two tenants as the owner (COPY), then calls each report
through its public function, connected as the application role so that row-level security
applies as in production. Prints the median and 95th percentile of each report for a
one-year and a one-month period, and drops the database (``--keep`` keeps it).

    .venv/bin/python -m bench.reports [--keep] [--repeat 20] [--records 1000000]

PostgreSQL: ``COALITION_BENCH_POSTGRES_URL`` (an admin connection; default
postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench._load import Ids, Loaded, Size, finish, load_tenant
from coalition.db import bind
from coalition.reports import activities, commitments, hours, needs
from coalition.reports.schemas import VolunteerRanking
from coalition.tenancy import Actor, Role, TenantScope
from coalition.testing import databases

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "coalition_bench"
BUDGET_MS = 300.0
WARM_UP = 3
TODAY = date(2026, 7, 1)
PERIODS = {
    "1 year": (date(2026, 1, 1), date(2026, 12, 31)),
    "1 month": (date(2026, 6, 1), date(2026, 6, 30)),
}

SLUGS = {"bench-lion": "狮子山街道", "bench-neighbour": "环山街道"}

Report = Callable[[TenantScope, date, date], Awaitable[Any]]
REPORTS: dict[str, Report] = {
    "hours_by_volunteer (top 100)": lambda s, a, b: hours.hours_by_volunteer(
        s, start=a, end=b, limit=100
    ),
    "hours_by_organisation": lambda s, a, b: hours.hours_by_organisation(s, start=a, end=b),
    "hours_by_unit": lambda s, a, b: hours.hours_by_unit(s, start=a, end=b),
    "hours_by_community": lambda s, a, b: hours.hours_by_community(s, start=a, end=b),
    "hours_by_alliance": lambda s, a, b: hours.hours_by_alliance(s, start=a, end=b),
    "hours_totals": lambda s, a, b: hours.hours_totals(s, start=a, end=b),
    "needs_summary": lambda s, a, b: needs.needs_summary(s, start=a, end=b),
    "settled_levels": lambda s, a, b: needs.settled_levels(s, start=a, end=b),
    "mediation_outcomes": lambda s, a, b: needs.mediation_outcomes(s, start=a, end=b),
    "activities_by_area": lambda s, a, b: activities.activities_by_area(s, start=a, end=b),
    "commitment_progress": lambda s, a, b: commitments.commitment_progress(
        s, start=a, end=b, today=TODAY
    ),
}


def sizes(records: int) -> tuple[Size, Size]:
    """The measured tenant, and a smaller neighbour whose rows RLS must keep out."""
    main = Size(
        records=records,
        volunteers=20_000,
        communities=8,
        organisations=120,
        units=20,
        needs=50_000,
        activities=10_000,
    )
    neighbour = Size(
        records=max(records // 10, 1),
        volunteers=2_000,
        communities=2,
        organisations=10,
        units=3,
        needs=3_000,
        activities=500,
    )
    return main, neighbour


async def load(owner_url: str, records: int) -> list[Loaded]:
    conn = await asyncpg.connect(owner_url)
    try:
        tenants = [
            await conn.fetchval(
                "INSERT INTO tenancy_tenant (slug, name, time_zone) VALUES ($1, $2, $3) "
                "RETURNING id",
                slug,
                name,
                "Asia/Shanghai",
            )
            for slug, name in SLUGS.items()
        ]
        superuser = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = user")
        if superuser:
            # The rows are generated consistent: skip the per-row foreign-key triggers.
            await conn.execute("SET session_replication_role = replica")
        else:
            # FORCEd row-level security binds the owner too, and COPY FROM refuses it.
            await _force_rls(conn, False)
        ids = Ids()
        loaded = []
        try:
            for seed, (tenant, size) in enumerate(zip(tenants, sizes(records), strict=True)):
                async with conn.transaction():
                    loaded.append(await load_tenant(conn, ids, tenant, size, seed))
        finally:
            if not superuser:
                await _force_rls(conn, True)
        await finish(conn, ids)
        return loaded
    finally:
        await conn.close()


async def _force_rls(conn: asyncpg.Connection, on: bool) -> None:
    tables = await conn.fetch(
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r' "
        "AND relnamespace = 'public'::regnamespace"
    )
    for (table,) in tables:
        force = "FORCE" if on else "NO FORCE"
        await conn.execute(f'ALTER TABLE "{table}" {force} ROW LEVEL SECURITY')


async def measure(report: Report, scope: TenantScope, start: date, end: date, repeat: int) -> Any:
    for _ in range(WARM_UP):
        result = await report(scope, start, end)
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = await report(scope, start, end)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return timings[0], statistics.median(timings), p95, result


def _size(result: Any) -> str:
    if isinstance(result, list):
        return f"{len(result)} rows"
    if isinstance(result, VolunteerRanking):
        return f"{len(result.rows)} of {result.volunteers:,} volunteers"
    return "1 struct"


async def run(
    database: databases.PostgresDatabase, records: int, repeat: int, *, reuse: bool
) -> bool:
    if reuse:
        main, neighbour = await _loaded_before(database.owner_url)
        print(f"measuring {DATABASE} as loaded before (figures not checked)")
    else:
        began = time.perf_counter()
        main, neighbour = await load(database.owner_url, records)
        print(f"loaded in {time.perf_counter() - began:.1f} s:")
        for loaded in (main, neighbour):
            figures = ", ".join(f"{count:,} {what}" for what, count in loaded.rows.items())
            print(f"  tenant {loaded.tenant_id}: {figures}")

    engine = databases.app_engine(database)
    await engine.start_connection_pool(min_size=1, max_size=4)
    bind(engine)
    try:
        staff = Actor(person_id=None, roles=frozenset({Role.COMMUNITY_STAFF}))
        scope = TenantScope(main.tenant_id, staff)
        neighbour_scope = TenantScope(neighbour.tenant_id, staff)
        ok = reuse or await _check(scope, neighbour_scope, main, neighbour)
        print(f"\nload average before: {_load_average()}")
        print(f"{'report':<30} {'period':<8} {'min':>6} {'median':>7} {'p95 ms':>7}  result")
        for name, report in REPORTS.items():
            for label, (start, end) in PERIODS.items():
                least, median, p95, result = await measure(report, scope, start, end, repeat)
                verdict = "ok" if p95 < BUDGET_MS else f"OVER {BUDGET_MS:.0f} ms"
                ok = ok and p95 < BUDGET_MS
                print(
                    f"{name:<30} {label:<8} {least:>6.1f} {median:>7.1f} {p95:>7.1f}  "
                    f"{verdict} ({_size(result)})"
                )
        print(f"load average after: {_load_average()}")
    finally:
        await engine.close_connection_pool()
    return ok


def _load_average() -> str:
    """Other work on the machine slows every figure: say how busy it was."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


async def _loaded_before(owner_url: str) -> list[Loaded]:
    conn = await asyncpg.connect(owner_url)
    try:
        rows = await conn.fetch(
            "SELECT id FROM tenancy_tenant WHERE slug = ANY($1) ORDER BY id", list(SLUGS)
        )
    finally:
        await conn.close()
    if len(rows) != len(SLUGS):
        raise SystemExit(f"{DATABASE} holds no benchmark tenants: run without --reuse first")
    return [Loaded(tenant_id=row["id"]) for row in rows]


async def _check(scope: TenantScope, neighbour: TenantScope, main: Loaded, other: Loaded) -> bool:
    """The figures match what was loaded, and each tenant sees only its own rows."""
    ok = True
    for tenant_scope, loaded in ((scope, main), (neighbour, other)):
        totals = await hours.hours_totals(tenant_scope, start=date(2026, 1, 1), end=TODAY)
        whole = await hours.hours_totals(
            tenant_scope, start=date(2026, 1, 1), end=date(2026, 12, 31)
        )
        expected = loaded.verified_minutes_by_year[2026]
        match = whole.verified_minutes == expected and totals.verified_minutes < expected
        ok = ok and match
        print(
            f"tenant {loaded.tenant_id}: 2026 verified minutes {whole.verified_minutes:,} "
            f"(loaded {expected:,}): {'match' if match else 'MISMATCH'}"
        )
    return ok


def _url(admin_url: str, database: str, user: str | None = None) -> str:
    parts = urlsplit(admin_url)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.rsplit('@', 1)[-1]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the coalition_bench database")
    parser.add_argument("--repeat", type=int, default=20, help="timed calls per report/period")
    parser.add_argument("--records", type=int, default=1_000_000, help="hours records to load")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database kept by an earlier --keep run, without loading it again",
    )
    args = parser.parse_args(argv)
    admin_url = os.environ.get(
        "COALITION_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    began = time.perf_counter()
    if args.reuse:
        database = databases.PostgresDatabase(
            admin_url=admin_url,
            name=DATABASE,
            owner_url=_url(admin_url, DATABASE),
            app_url=_url(admin_url, DATABASE, user=databases.APP_ROLE),
        )
    else:
        database = databases.create_postgres(admin_url, DATABASE, ROOT)
        print(f"created and migrated {DATABASE} in {time.perf_counter() - began:.1f} s")
    try:
        ok = asyncio.run(run(database, args.records, args.repeat, reuse=args.reuse))
    finally:
        if args.keep or args.reuse:
            print(f"kept {database.owner_url} (app role: {database.app_url})")
        else:
            database.drop()
            print(f"dropped {DATABASE}")
    print("all reports under budget" if ok else "SOME REPORTS ARE OVER BUDGET OR WRONG")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
