"""The matching engine on PostgreSQL: ranking 100,000 volunteers, proposing for 1,000 shifts.

Creates a fresh database ``coalition_bench_matching``, migrates it with ``coalition
migrate`` (as the test fixtures do), bulk-loads two tenants as the owner (COPY), then calls
the services connected as the application role, so that row-level security applies as in
production:

* ``lion`` (100,000 volunteers, their hours of the last two months, 20,000 past shifts
  with 200,000 confirmed places and check-ins, 3,000 coming shifts with 15,000 places):
  ``rank_volunteers`` on coming shifts — the first call (which loads the feature cache),
  then the median and 95th percentile after warm-up; the inner scoring alone on the same
  shifts, in the same run, and the ratio; the refresh after a volunteer is deactivated;
  the memory the cache holds (tracemalloc, and the process's peak RSS);
* ``harbour`` (10,000 volunteers, 1,000 open shifts over a fortnight, overlapping,
  1 to 5 places each): ``propose_assignment`` end to end (cold and warm cache), the
  solver's proven gap, the ratio to the MILP optimum of the same candidates (solved to a
  zero gap), to the optimum with three times the candidates, and to a greedy baseline.

    .venv/bin/python -m bench.matching [--keep] [--repeat 50]

PostgreSQL: ``COALITION_BENCH_POSTGRES_URL`` (an admin connection; default
postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import numpy as np

from coalition.actors.volunteers import deactivate_volunteer
from coalition.db import bind
from coalition.matching import cache, scoring
from coalition.matching.context import alliances, on_shifts, spec
from coalition.matching.planning import plan
from coalition.matching.schemas import ProposalRequest
from coalition.matching.services import propose_assignment, rank_volunteers
from coalition.matching.solver import greedy, solve
from coalition.matching.weights import load_weights
from coalition.needs.tables import Need
from coalition.shifts.tables import Shift
from coalition.tenancy import TenantScope
from coalition.testing import databases

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "coalition_bench_matching"
NOW = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # Monday 08:00 in Shanghai
RANK_BUDGET_MS, PROPOSE_BUDGET_S, QUALITY = 20.0, 3.0, 0.995
SKILLS = [
    "助老服务",
    "矛盾调解",
    "心理疏导",
    "法律咨询",
    "垃圾分类宣传",
    "义诊",
    "课业辅导",
    "文艺演出",
    "治安巡逻",
    "电脑维修",
    "理发",
    "手语",
]
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "秀英建国春梅志强桂兰明华丽娟海燕"


def _patterns(rng: random.Random, count: int) -> list[str]:
    """Weekly availability as people give it: weekday evenings, weekend days, mornings..."""
    found = [json.dumps([{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)])]
    while len(found) < count:
        days = sorted(rng.sample(range(7), rng.randint(1, 7)))
        start = rng.choice([7, 8, 9, 13, 14, 18])
        end = min(24, start + rng.choice([3, 4, 5, 8, 10]))
        found.append(
            json.dumps(
                [{"weekday": d, "start": f"{start:02d}:00", "end": f"{end:02d}:00"} for d in days]
            )
        )
    return found


class Ids:
    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def take(self, table: str, count: int) -> list[int]:
        first = self.last.get(table, 0) + 1
        self.last[table] = first + count - 1
        return list(range(first, first + count))


async def _copy(
    conn: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple]
) -> None:
    for start in range(0, len(rows), 100_000):
        await conn.copy_records_to_table(
            table, records=rows[start : start + 100_000], columns=columns
        )


async def load_tenant(
    conn: asyncpg.Connection,
    ids: Ids,
    slug: str,
    *,
    volunteers: int,
    communities: int,
    open_shifts: int,
    open_days: int,
    booked_shifts: int,
    past_shifts: int,
    hours: int,
    seed: int,
) -> dict[str, Any]:
    rng = random.Random(seed)
    tenant = await conn.fetchval(
        "INSERT INTO tenancy_tenant (slug, name, time_zone) VALUES ($1, $2, 'Asia/Shanghai') "
        "RETURNING id",
        slug,
        slug,
    )
    c_ids = ids.take("places_community", communities)
    await _copy(
        conn,
        "places_community",
        ["id", "tenant_id", "name", "kind"],
        [(c, tenant, f"{slug}第{i}村", "village") for i, c in enumerate(c_ids)],
    )
    grids = [(g, c_ids[i // 10]) for i, g in enumerate(ids.take("places_grid", communities * 10))]
    await _copy(
        conn,
        "places_grid",
        ["id", "tenant_id", "community", "name"],
        [(g, tenant, c, f"第{g}网格") for g, c in grids],
    )
    o_ids = ids.take("actors_organisation", max(10, volunteers // 300))
    await _copy(
        conn,
        "actors_organisation",
        ["id", "tenant_id", "name", "kind"],
        [(o, tenant, f"{slug}志愿服务队{o}", "social_group") for o in o_ids],
    )
    alliance = ids.take("alliances_alliance", 1)[0]
    await conn.execute(
        "INSERT INTO alliances_alliance (id, tenant_id, name, lead_branch) VALUES ($1, $2, $3, $4)",
        alliance,
        tenant,
        f"{slug}党建联盟",
        "联合党总支",
    )
    members = [(c, None) for c in c_ids[: communities // 3]] + [(None, o) for o in o_ids[:20]]
    await _copy(
        conn,
        "alliances_member",
        ["id", "tenant_id", "alliance", "community", "organisation"],
        [
            (m, tenant, alliance, c, o)
            for m, (c, o) in zip(ids.take("alliances_member", len(members)), members, strict=True)
        ],
    )
    people = ids.take("actors_person", volunteers)
    await _copy(
        conn,
        "actors_person",
        ["id", "tenant_id", "name"],
        [(p, tenant, rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))) for p in people],
    )
    patterns = _patterns(rng, 60)
    v_ids = ids.take("actors_volunteer", volunteers)
    await _copy(
        conn,
        "actors_volunteer",
        [
            "id",
            "tenant_id",
            "person",
            "skills",
            "availability",
            "home_grid",
            "max_hours_week",
            "active",
            "organisation",
        ],
        [
            (
                v,
                tenant,
                p,
                rng.sample(SKILLS[:8], rng.choice([1, 1, 2, 2, 3, 4])),
                rng.choice(patterns),
                rng.choice(grids)[0],
                rng.choice([4, 6, 8, 10, 12, 20]),
                rng.random() < 0.95,
                rng.choice(o_ids) if rng.random() < 0.3 else None,
            )
            for v, p in zip(v_ids, people, strict=True)
        ],
    )
    needs = ids.take("needs_need", max(20, open_shifts // 5))
    need_rows = []
    for n in needs:
        grid, community = rng.choice(grids)
        need_rows.append(
            (
                n,
                tenant,
                f"需求{n}",
                rng.choice(["elderly_care", "sanitation", "dispute_mediation"]),
                community,
                grid,
                rng.sample(SKILLS[:8], rng.choice([0, 1, 1, 2])),
                "accepted",
                alliance if rng.random() < 0.2 else None,
            )
        )
    await _copy(
        conn,
        "needs_need",
        [
            "id",
            "tenant_id",
            "title",
            "category",
            "community",
            "grid",
            "required_skills",
            "state",
            "alliance",
        ],
        need_rows,
    )

    def shift_rows(count: int, first: datetime, days: int) -> list[tuple]:
        rows = []
        for s in ids.take("shifts_shift", count):
            starts = first + timedelta(
                days=rng.randrange(days),
                hours=rng.choice(range(0, 13)),
                minutes=rng.choice([0, 30]),
            )
            ends = starts + timedelta(hours=rng.choice([1, 2, 2, 3, 4]))
            rows.append((s, tenant, rng.choice(needs), starts, ends, rng.randint(1, 5)))
        return rows

    opened = shift_rows(open_shifts, NOW + timedelta(days=1), open_days)
    booked = shift_rows(booked_shifts, NOW + timedelta(days=1), 14)
    past = shift_rows(past_shifts, NOW - timedelta(days=365), 360)
    signups, records = [], []
    for shift, _, need, starts, _, headcount in booked + past:
        for v in rng.sample(v_ids, min(headcount + 5, 10)):
            signups.append((tenant, shift, v, "confirmed", starts - timedelta(days=3)))
            if starts < NOW and rng.random() < 0.85:
                records.append(
                    (tenant, v, "attendance", "verified", starts.date(), 120, shift, need)
                )
    for _ in range(hours):
        served = (NOW - timedelta(days=rng.randrange(60))).date()
        records.append(
            (
                tenant,
                rng.choice(v_ids),
                "self_reported",
                rng.choice(["verified", "pending", "rejected"]),
                served,
                rng.choice([60, 120, 180, 240]),
                None,
                None,
            )
        )
    taken = Counter(row[1] for row in signups)
    shifts = [(s, t, n, a, b, h, 0) for s, t, n, a, b, h in opened + past] + [
        (s, t, n, a, b, taken[s], taken[s])
        for s, t, n, a, b, _ in booked  # full
    ]
    await _copy(
        conn,
        "shifts_shift",
        ["id", "tenant_id", "need", "starts_at", "ends_at", "headcount", "confirmed"],
        shifts,
    )
    s_rows = [
        (i, *row) for i, row in zip(ids.take("shifts_signup", len(signups)), signups, strict=True)
    ]
    await _copy(
        conn,
        "shifts_signup",
        ["id", "tenant_id", "shift", "volunteer", "status", "queued_at"],
        s_rows,
    )
    h_rows = [
        (i, *row) for i, row in zip(ids.take("hours_record", len(records)), records, strict=True)
    ]
    await _copy(
        conn,
        "hours_record",
        ["id", "tenant_id", "volunteer", "kind", "status", "served_on", "minutes", "shift", "need"],
        h_rows,
    )
    return {
        "tenant": tenant,
        "volunteers": v_ids,
        "open_shifts": [row[0] for row in opened],
        "figures": f"{volunteers:,} volunteers, {len(shifts):,} shifts ({open_shifts:,} open), "
        f"{len(signups):,} confirmed places, {len(records):,} hours records",
    }


async def load(owner_url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    conn = await asyncpg.connect(owner_url)
    try:
        await conn.execute("SET session_replication_role = replica")  # generated consistent
        ids = Ids()
        async with conn.transaction():
            lion = await load_tenant(
                conn,
                ids,
                "bench-lion",
                volunteers=100_000,
                communities=40,
                open_shifts=200,
                open_days=14,
                booked_shifts=3_000,
                past_shifts=20_000,
                hours=300_000,
                seed=1,
            )
            harbour = await load_tenant(
                conn,
                ids,
                "bench-harbour",
                volunteers=10_000,
                communities=10,
                open_shifts=1_000,
                open_days=14,
                booked_shifts=300,
                past_shifts=2_000,
                hours=20_000,
                seed=2,
            )
        for table, last in ids.last.items():
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
        await conn.execute("VACUUM (ANALYZE)")
        return lion, harbour
    finally:
        await conn.close()


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def bench_ranking(lion: dict[str, Any], repeat: int) -> bool:
    scope = TenantScope.system(lion["tenant"])
    shifts = lion["open_shifts"][:20]
    began = time.perf_counter()
    first = await rank_volunteers(scope, shifts[0], now=NOW)
    cold = _ms(began)
    # The same load again, traced (tracemalloc slows Python down several times).
    cache.invalidate(lion["tenant"])
    tracemalloc.start()
    await rank_volunteers(scope, shifts[0], now=NOW)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    async with scope.read() as q:
        snap = await cache.snapshot(q, NOW)
    held = sum(a.nbytes for a in (*_arrays(snap.features), *_arrays(snap.bookings)))
    print(f"\nranking: {snap.features.size:,} volunteers, {snap.bookings.size:,} bookings cached")
    print(
        f"  first call (loads the cache): {cold:,.0f} ms; {first.eligible:,} eligible, "
        f"top score {first.candidates[0].score if first.candidates else 0}"
    )
    print(f"    {first.candidates[0].explanation if first.candidates else ''}")
    for shift in shifts:  # warm-up
        await rank_volunteers(scope, shift, now=NOW)
    service, kernel = [], []
    async with scope.read() as q:
        weights = (await load_weights(q)).values()
        allied = await alliances(q, snap.today)
        specs = []
        for shift_id in shifts:
            shift = await q.get(Shift, shift_id)
            need = await q.get(Need, shift.need)
            on = (await on_shifts(q, [shift_id])).get(shift_id, set())
            specs.append(
                spec(
                    shift_id,
                    shift.starts_at,
                    shift.ends_at,
                    need,
                    zone=snap.zone,
                    allied=allied,
                    excluded=on,
                    lived=None,
                )
            )
    for n in range(repeat):
        began = time.perf_counter()
        await rank_volunteers(scope, shifts[n % len(shifts)], now=NOW)
        service.append(_ms(began))
    for n in range(repeat):
        began = time.perf_counter()
        scoring.rank(snap.features, snap.bookings, specs[n % len(specs)], weights, 20)
        kernel.append(_ms(began))
    med, ker = statistics.median(service), statistics.median(kernel)
    print(
        f"  rank_volunteers, warm: median {med:.1f} ms, p95 {_p95(service):.1f} ms "
        f"over {repeat} calls ({'ok' if med < RANK_BUDGET_MS else 'OVER'} {RANK_BUDGET_MS:.0f} ms)"
    )
    print(f"  inner scoring alone:   median {ker:.2f} ms, p95 {_p95(kernel):.2f} ms")
    print(f"  service / kernel: {med / ker:.1f}x (the rest: queries, refresh check, names)")
    volunteer = first.candidates[0].volunteer_id
    await deactivate_volunteer(scope, volunteer)
    began = time.perf_counter()
    after = await rank_volunteers(scope, shifts[0], now=NOW)
    gone = volunteer not in {c.volunteer_id for c in after.candidates}
    print(
        f"  after deactivating the best candidate: {_ms(began):.1f} ms (refresh included), "
        f"now {'absent' if gone else 'STILL THERE'}; "
        f"full loads so far: {cache.counters(lion['tenant'])['full_loads']}"
    )
    print(
        f"  memory: cache arrays {held / 2**20:.1f} MiB; peak traced during the first load "
        f"{peak / 2**20:.0f} MiB; process peak RSS {_rss_mib():.0f} MiB"
    )
    return med < RANK_BUDGET_MS and gone


def _arrays(obj: Any) -> list[np.ndarray]:
    return [
        v for v in (getattr(obj, f) for f in obj.__dataclass_fields__) if isinstance(v, np.ndarray)
    ]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def bench_proposal(harbour: dict[str, Any], lion: dict[str, Any]) -> bool:
    scope = TenantScope.system(harbour["tenant"])
    request = ProposalRequest(window_start=NOW, window_end=NOW + timedelta(days=15))
    began = time.perf_counter()
    cold = await propose_assignment(scope, request, now=NOW)
    cold_s = time.perf_counter() - began
    began = time.perf_counter()
    warm = await propose_assignment(scope, request, now=NOW)
    warm_s = time.perf_counter() - began
    print(
        f"\nproposal: {warm.shifts:,} open shifts, {warm.places:,} free places, "
        f"{warm.candidates:,} candidate pairs (top K per shift), {len(warm.lines):,} lines"
    )
    print(
        f"  propose_assignment: {cold_s:.2f} s with a cold cache, {warm_s:.2f} s warm "
        f"({'ok' if warm_s < PROPOSE_BUDGET_S else 'OVER'} {PROPOSE_BUDGET_S:.0f} s); "
        f"solver {warm.solve_ms} ms, status {warm.solver_status}"
    )
    same = [(x.shift_id, x.volunteer_id) for x in cold.lines] == [
        (x.shift_id, x.volunteer_id) for x in warm.lines
    ]
    print(f"  the two calls proposed {'the same' if same else 'DIFFERENT'} lines")
    # The same candidates, solved to optimality; and three times as many candidates.
    async with scope.read() as q:
        snap = await cache.snapshot(q, NOW)
        weights = (await load_weights(q)).values()
        allied = await alliances(q, snap.today)
        rows = (
            await q.select(
                Shift,
                Shift.id,
                Shift.starts_at,
                Shift.ends_at,
                Shift.headcount,
                Shift.confirmed,
                Shift.need,
            )
            .where(Shift.id.is_in(harbour["open_shifts"]))
            .order_by(Shift.starts_at)
            .order_by(Shift.id)
        )
        needs = {
            n.id: n
            for n in await q.objects(Need).where(Need.id.is_in(list({r["need"] for r in rows})))
        }
        on = await on_shifts(q, [r["id"] for r in rows])
    specs = [
        spec(
            r["id"],
            r["starts_at"],
            r["ends_at"],
            needs[r["need"]],
            zone=snap.zone,
            allied=allied,
            excluded=on.get(r["id"], set()),
            lived=None,
        )
        for r in rows
    ]
    places = [r["headcount"] - r["confirmed"] for r in rows]
    began = time.perf_counter()
    planned = plan(snap.features, snap.bookings, specs, places, weights)
    plan_ms = _ms(began)
    fast = solve(planned.problem, time_limit=2.0, gap=1e-3)
    exact = solve(planned.problem, time_limit=60, gap=0.0)
    base = greedy(planned.problem)
    wide = plan(
        snap.features, snap.bookings, specs, places, weights, k=3 * max(15, 5 * max(places))
    )
    wide_exact = solve(wide.problem, time_limit=120, gap=0.0)
    print(
        f"  candidates built in {plan_ms:.0f} ms; solved in {fast.ms} ms ({fast.status}), "
        f"proven gap {fast.gap:.4%} (objective {fast.value:,.2f}, bound {fast.bound:,.2f})"
    )
    print(
        f"  MILP optimum of the same candidates: {exact.value:,.2f} "
        f"({exact.status}, {exact.ms} ms): ratio {fast.value / exact.value:.5f}"
    )
    print(
        f"  MILP optimum with {wide.problem.size:,} candidates (3x): {wide_exact.value:,.2f} "
        f"({wide_exact.status}, {wide_exact.ms} ms): ratio {fast.value / wide_exact.value:.5f}"
    )
    print(
        f"  greedy baseline: {base.value:,.2f} in {base.ms} ms: "
        f"proposal / greedy {fast.value / base.value:.4f}"
    )
    capped = await propose_assignment(
        scope,
        ProposalRequest(
            window_start=NOW,
            window_end=NOW + timedelta(days=15),
            max_per_organisation_per_shift=1,
            max_per_organisation_total=40,
        ),
        now=NOW,
    )
    f = snap.features

    def teams(lines: list[Any]) -> tuple[int, int]:
        orgs = [int(f.organisation[f.row_of[line.volunteer_id]]) for line in lines]
        counts = Counter(o for o in orgs if o)
        return sum(counts.values()), max(counts.values(), default=0)

    print(
        f"  organisation caps (1 a shift, 40 in all): {len(capped.lines):,} lines, solver "
        f"{capped.solve_ms} ms, {capped.solver_status}; lines to team members (most for one "
        f"team): {teams(warm.lines)} without caps, {teams(capped.lines)} with them"
    )
    theirs = set(lion["volunteers"])
    clean = not any(line.volunteer_id in theirs for line in warm.lines)
    print(f"  volunteers of the other tenant proposed: {'none' if clean else 'SOME'}")
    ratio = fast.value / exact.value
    return warm_s < PROPOSE_BUDGET_S and ratio >= QUALITY and same and clean


async def run(database: databases.PostgresDatabase, repeat: int) -> bool:
    began = time.perf_counter()
    lion, harbour = await load(database.owner_url)
    print(f"loaded in {time.perf_counter() - began:.1f} s:")
    print(f"  lion: {lion['figures']}\n  harbour: {harbour['figures']}")
    engine = databases.app_engine(database)
    await engine.start_connection_pool(min_size=1, max_size=4)
    bind(engine)
    try:
        one, five, _ = os.getloadavg()
        print(
            f"load average before: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"
        )
        ok = await bench_ranking(lion, repeat)
        ok = await bench_proposal(harbour, lion) and ok
    finally:
        await engine.close_connection_pool()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help=f"keep the {DATABASE} database")
    parser.add_argument("--repeat", type=int, default=50, help="timed ranking calls")
    args = parser.parse_args(argv)
    admin_url = os.environ.get(
        "COALITION_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    began = time.perf_counter()
    database = databases.create_postgres(admin_url, DATABASE, ROOT)
    print(f"PostgreSQL: created and migrated {DATABASE} in {time.perf_counter() - began:.1f} s")
    try:
        ok = asyncio.run(run(database, args.repeat))
    finally:
        if args.keep:
            print(f"kept {database.owner_url} (app role: {database.app_url})")
        else:
            database.drop()
            print(f"dropped {DATABASE}")
    print("all figures within budget" if ok else "SOME FIGURES ARE OVER BUDGET OR WRONG")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
