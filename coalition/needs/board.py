"""Reading needs: the board (filters, pages), one need, and its history.

Everyone in the tenant reads the board; a draft is shown only to those who may edit it
and to its poster; the resident's contact details are shaped per viewer
(:func:`coalition.needs.views.need_out`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from coalition.db import current_engine, is_postgres
from coalition.errors import Checker
from coalition.needs.access import visible_need
from coalition.needs.schemas import NeedEventOut, NeedFilter, NeedOut, NeedPage, NeedState
from coalition.needs.tables import Need
from coalition.needs.views import NEED_COLUMNS, need_out, read_events, read_need
from coalition.tenancy import Actor, Role, TenantQueries, TenantScope
from coalition.tenancy.clock import tenant_zone

MAX_LIMIT = 100
ORDERS = ("newest", "oldest")


async def get_need(scope: TenantScope, need_id: int) -> NeedOut:
    async with scope.read() as q:
        await visible_need(q, scope.actor, need_id)
        return await read_need(q, need_id, scope.actor)


async def need_history(scope: TenantScope, need_id: int) -> list[NeedEventOut]:
    """Every recorded step of the need, oldest first: what, who, when and why."""
    async with scope.read() as q:
        await visible_need(q, scope.actor, need_id)
        return await read_events(q, need_id)


def _drafts_seen_by(actor: Actor) -> Any:
    """The rows the actor may see: drafts only where they may edit them, or wrote them."""
    if actor.has(Role.TENANT_ADMIN):
        return None
    seen: Any = Need.state != NeedState.DRAFT
    if actor.has(Role.COMMUNITY_STAFF) and actor.communities:
        seen |= Need.community.is_in(sorted(actor.communities))
    if actor.has(Role.GRID_WORKER) and actor.grids:
        seen |= Need.grid.is_in(sorted(actor.grids))
    if actor.person_id is not None:
        seen |= Need.posted_by == actor.person_id
    return seen


def _check(filters: NeedFilter) -> None:
    check = Checker()
    if filters.state is not None:
        check.choice("state", filters.state, set(NeedState))
    check.choice("order", filters.order, ORDERS)
    check.in_range("limit", filters.limit, 1, MAX_LIMIT)
    if filters.offset < 0:
        check.add("offset", "out_of_range", "The offset cannot be negative.")
    check.optional("text", filters.text, max_length=200)
    if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
        check.add("created_to", "before_start", "The end date is before the start date.")
    check.raise_if_any()


async def _day_start(q: TenantQueries, day: date) -> datetime:
    """Midnight of ``day`` in the tenant's time zone, in UTC."""
    zone = await tenant_zone(q.tenant_id)
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


async def _conditions(q: TenantQueries, actor: Actor, filters: NeedFilter) -> list[Any]:
    where: list[Any] = []
    seen = _drafts_seen_by(actor)
    if seen is not None:
        where.append(seen)
    equal = {
        Need.state: filters.state,
        Need.category: filters.category,
        Need.community: filters.community_id,
        Need.grid: filters.grid_id,
        Need.alliance: filters.alliance_id,
        Need.dispatched_organisation: filters.organisation_id,
        Need.dispatched_unit: filters.unit_id,
    }
    where += [column == value for column, value in equal.items() if value is not None]
    if filters.created_from is not None:
        where.append(Need.created_at >= await _day_start(q, filters.created_from))
    if filters.created_to is not None:
        end = await _day_start(q, filters.created_to + timedelta(days=1))
        where.append(Need.created_at < end)
    if filters.text.strip():
        pattern = f"%{filters.text.strip()}%"
        # SQLite's LIKE ignores the case of ASCII letters already; it has no ILIKE.
        postgres = is_postgres(current_engine())
        where.append(Need.title.ilike(pattern) if postgres else Need.title.like(pattern))
    return where


async def list_needs(scope: TenantScope, filters: NeedFilter | None = None) -> NeedPage:
    """One page of the board, newest first unless ``order="oldest"``, with the total."""
    filters = filters or NeedFilter()
    _check(filters)
    ascending = filters.order == "oldest"
    async with scope.read() as q:
        where = await _conditions(q, scope.actor, filters)
        query = q.select(Need, *NEED_COLUMNS)
        count = q.count(Need)
        for condition in where:
            query = query.where(condition)
            count = count.where(condition)
        rows = (
            await query.order_by(Need.created_at, ascending=ascending)
            .order_by(Need.id, ascending=ascending)
            .limit(filters.limit)
            .offset(filters.offset)
        )
        total = await count
    return NeedPage(
        items=[need_out(row, scope.actor) for row in rows],
        total=total,
        limit=filters.limit,
        offset=filters.offset,
    )
