"""Bulk-load two tenants for the reports benchmark, with COPY as the tables' owner.

The rows are generated in Python from a fixed seed, with skewed, roughly realistic
distributions: a few volunteers serve much more than most, a few organisations carry most
of the hours, most needs are settled inside the grid. Loading bypasses the library on
purpose (it is the fast path for a million rows); the benchmark then reads through it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg

from coalition.hours.rollup import rebuild_statements

FIRST_DAY = date(2025, 1, 1)
DAYS = 730  # two years: 2025 and 2026
CHUNK = 100_000
AREAS = ["ideology", "security_patrol", "public_welfare", "sanitation", "culture", "economy"]
CATEGORIES = [
    ("elderly_care", 30),
    ("sanitation", 20),
    ("dispute_mediation", 6),
    ("tutoring", 12),
    ("health", 12),
    ("security_patrol", 10),
    ("legal_aid", 5),
    ("other", 5),
]
LEVELS = [("grid", 85), ("community", 5), ("township", 9), ("county", 1)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "秀英建国春梅志强桂兰明华丽娟海燕国庆玉珍文博子涵雨萱浩然"


@dataclass
class Size:
    """How much one tenant holds."""

    records: int
    volunteers: int
    communities: int
    organisations: int
    units: int
    needs: int
    activities: int
    items_per_agreement: int = 36


@dataclass
class Loaded:
    """What was loaded for one tenant, and the figures a report must reproduce."""

    tenant_id: int
    rows: dict[str, int] = field(default_factory=dict)
    verified_minutes_by_year: dict[int, int] = field(default_factory=dict)


class Ids:
    """Primary keys handed out in order; the sequences are moved past them at the end."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def take(self, table: str, count: int) -> list[int]:
        first = self.last.get(table, 0) + 1
        self.last[table] = first + count - 1
        return list(range(first, first + count))


def _skewed(rng: random.Random, items: list[int], power: float = 2.0) -> int:
    """An item, the first ones far more often than the last (a long tail)."""
    return items[int(len(items) * rng.random() ** power)]


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def _at(day: date, hour: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)


async def _copy(
    conn: asyncpg.Connection, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]
) -> int:
    total, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            await conn.copy_records_to_table(table, records=chunk, columns=columns)
            total, chunk = total + len(chunk), []
    if chunk:
        await conn.copy_records_to_table(table, records=chunk, columns=columns)
        total += len(chunk)
    return total


async def load_tenant(
    conn: asyncpg.Connection, ids: Ids, tenant: int, size: Size, seed: int
) -> Loaded:
    rng = random.Random(seed)
    loaded = Loaded(tenant_id=tenant)
    days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS)]
    rows = loaded.rows

    communities = ids.take("places_community", size.communities)
    rows["communities"] = await _copy(
        conn,
        "places_community",
        ["id", "tenant_id", "name", "kind", "township"],
        (
            (c, tenant, f"狮子山第{i + 1}村", "village", "狮子山片区")
            for i, c in enumerate(communities)
        ),
    )
    organisations = ids.take("actors_organisation", size.organisations)
    rows["organisations"] = await _copy(
        conn,
        "actors_organisation",
        ["id", "tenant_id", "name", "kind"],
        ((o, tenant, f"社会组织{o}", "service_agency") for o in organisations),
    )
    units = ids.take("actors_unit", size.units)
    rows["units"] = await _copy(
        conn,
        "actors_unit",
        ["id", "tenant_id", "name", "kind"],
        ((u, tenant, f"辖区单位{u}", "enterprise") for u in units),
    )
    (alliance,) = ids.take("alliances_alliance", 1)
    await _copy(
        conn,
        "alliances_alliance",
        ["id", "tenant_id", "name", "lead_branch"],
        iter([(alliance, tenant, f"党建联盟{alliance}", "联合党总支")]),
    )
    persons = ids.take("actors_person", size.volunteers)
    rows["people"] = await _copy(
        conn,
        "actors_person",
        ["id", "tenant_id", "name"],
        ((p, tenant, _name(rng)) for p in persons),
    )
    volunteers = ids.take("actors_volunteer", size.volunteers)
    rows["volunteers"] = await _copy(
        conn,
        "actors_volunteer",
        ["id", "tenant_id", "person"],
        ((v, tenant, p) for v, p in zip(volunteers, persons, strict=True)),
    )

    rows["needs"] = await _copy(
        conn, "needs_need", NEED_COLUMNS, _needs(rng, ids, tenant, size.needs, communities)
    )
    needs = ids.last["needs_need"] - size.needs + 1, ids.last["needs_need"]
    staff = persons[:50]

    def hours() -> Iterator[tuple[Any, ...]]:
        by_year = loaded.verified_minutes_by_year
        for record in ids.take("hours_record", size.records):
            index = int(size.volunteers * rng.random() ** 2)
            home = communities[index % len(communities)]
            day = days[int(DAYS * rng.random())]
            r = rng.random()
            status = "verified" if r < 0.85 else "pending" if r < 0.95 else "rejected"
            minutes = rng.randrange(30, 241, 15)
            if status == "verified":
                by_year[day.year] = by_year.get(day.year, 0) + minutes
            k = rng.random()
            kind = "attendance" if k < 0.7 else "self_reported" if k < 0.9 else "activity"
            check_in = _at(day, 1 + 8 * rng.random()) if kind == "attendance" else None
            decided = status != "pending"
            yield (
                record,
                tenant,
                volunteers[index],
                kind,
                status,
                day,
                minutes,
                rng.randint(*needs) if kind == "attendance" else None,
                home if rng.random() < 0.8 else rng.choice(communities),
                _skewed(rng, organisations) if rng.random() < 0.7 else None,
                _skewed(rng, units) if rng.random() < 0.15 else None,
                alliance if rng.random() < 0.6 else None,
                check_in,
                check_in and check_in + timedelta(minutes=minutes),
                "协助独居老人代购生活用品" if kind == "self_reported" else "",
                _at(day, 12),
                rng.choice(staff) if decided else None,
                _at(day, 36) if decided else None,
                "时长与签到记录不符" if status == "rejected" else "",
            )

    # Row by row, the roll-up triggers would cost minutes here: load with them off, then
    # add the tenant's records up once, as the migration does for earlier records.
    await conn.execute("ALTER TABLE hours_record DISABLE TRIGGER hours_rollup")
    rows["hours records"] = await _copy(conn, "hours_record", HOURS_COLUMNS, hours())
    await conn.execute("ALTER TABLE hours_record ENABLE TRIGGER hours_rollup")
    for statement in rebuild_statements(tenant, postgres=True):
        await conn.execute(statement)

    activities = ids.take("activities_activity", size.activities)
    held = {a: days[int(DAYS * rng.random())] for a in activities}
    rows["activities"] = await _copy(
        conn,
        "activities_activity",
        ["id", "tenant_id", "title", "area", "held_on", "alliance"],
        ((a, tenant, f"联建活动{a}", rng.choice(AREAS), held[a], alliance) for a in activities),
    )

    def participants() -> Iterator[tuple[Any, ...]]:
        for a in activities:
            for person in rng.sample(persons, rng.randint(2, 14)):
                (pid,) = ids.take("activities_participant", 1)
                yield (pid, tenant, a, person, "volunteer", rng.randrange(60, 241, 30))

    rows["participants"] = await _copy(
        conn,
        "activities_participant",
        ["id", "tenant_id", "activity", "person", "role", "minutes"],
        participants(),
    )
    agreements = ids.take("alliances_agreement", len(communities))
    await _copy(
        conn,
        "alliances_agreement",
        ["id", "tenant_id", "community", "title", "signed_on", "areas"],
        (
            (a, tenant, c, f"共建协议{a}", FIRST_DAY, AREAS)
            for a, c in zip(agreements, communities, strict=True)
        ),
    )

    def items() -> Iterator[tuple[Any, ...]]:
        for agreement in agreements:
            for number in range(1, size.items_per_agreement + 1):
                (item,) = ids.take("alliances_commitment_item", 1)
                status = _weighted(
                    rng, [("done", 50), ("in_progress", 25), ("open", 20), ("cancelled", 5)]
                )
                due = days[int(DAYS * rng.random())]
                title = f"为民办实事第{number}项"
                yield (item, tenant, agreement, number, title, rng.choice(AREAS), due, status)

    rows["commitment items"] = await _copy(
        conn,
        "alliances_commitment_item",
        ["id", "tenant_id", "agreement", "number", "title", "area", "due_on", "status"],
        items(),
    )
    return loaded


HOURS_COLUMNS = [
    "id",
    "tenant_id",
    "volunteer",
    "kind",
    "status",
    "served_on",
    "minutes",
    "need",
    "community",
    "organisation",
    "unit",
    "alliance",
    "check_in_at",
    "check_out_at",
    "note",
    "reported_at",
    "decided_by",
    "decided_at",
    "rejection_reason",
]
NEED_COLUMNS = [
    "id",
    "tenant_id",
    "title",
    "category",
    "community",
    "state",
    "settled_level",
    "created_at",
    "opened_at",
    "filled_at",
    "completed_at",
    "closed_at",
    "updated_at",
]


def _needs(
    rng: random.Random, ids: Ids, tenant: int, count: int, communities: list[int]
) -> Iterator[tuple[Any, ...]]:
    for need in ids.take("needs_need", count):
        created = _at(FIRST_DAY, DAYS * 24 * rng.random())
        opened = filled = completed = closed = level = None
        state = "draft"
        if rng.random() < 0.9:
            state, opened = "open", created + timedelta(hours=rng.expovariate(1 / 6))
            if rng.random() < 0.7:
                filled = opened + timedelta(hours=rng.expovariate(1 / 30))
            r = rng.random()
            if r < 0.75:
                state = "completed"
                completed = (filled or opened) + timedelta(hours=rng.expovariate(1 / 72))
                level = _weighted(rng, LEVELS)
                if rng.random() < 0.6:
                    state, closed = "reviewed", completed + timedelta(days=rng.randint(1, 7))
            elif r < 0.8:
                state, closed = "cancelled", opened + timedelta(hours=rng.expovariate(1 / 48))
        category = _weighted(rng, CATEGORIES)
        updated = closed or completed or filled or opened or created
        yield (
            need,
            tenant,
            f"需求{need}",
            category,
            rng.choice(communities),
            state,
            level,
            created,
            opened,
            filled,
            completed,
            closed,
            updated,
        )


async def finish(conn: asyncpg.Connection, ids: Ids) -> None:
    """Move every sequence past the ids handed out, then refresh the planner's statistics
    and the visibility map (index-only scans need it)."""
    for table, last in ids.last.items():
        await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
    await conn.execute("VACUUM (ANALYZE)")
