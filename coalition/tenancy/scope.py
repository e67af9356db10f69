"""The tenant scope: the one mechanism through which tenant-owned rows are read and written.

Every service takes a :class:`TenantScope`. Inside ``async with scope.read()`` or
``async with scope.write()`` it gets a :class:`TenantQueries` whose builders add the
tenant filter to every query and set the tenant on every insert. The same block is a
database transaction; on PostgreSQL it sets ``app.tenant_id`` with
``set_config(..., true)`` so that row-level security sees the same tenant, and on SQLite
a write block is an IMMEDIATE transaction so that concurrent writers wait instead of
failing with "database is locked".
"""

from __future__ import annotations

import contextvars
import sqlite3
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from piccolo.columns import Column
from piccolo.engine.sqlite import TransactionType
from piccolo.query import Count, Delete, Exists, Objects, Select, Update
from piccolo.table import Table

from coalition.db import chunks, current_engine, is_postgres
from coalition.errors import Conflict, NotFound, PermissionDenied, TenantScopeError
from coalition.events import deliver_after_commit
from coalition.tenancy.roles import Role
from coalition.tenancy.tables import TenantOwned

T = TypeVar("T", bound=Table)

_active_block: contextvars.ContextVar[TenantQueries | None] = contextvars.ContextVar(
    "coalition_active_block", default=None
)

#: Rows per INSERT statement in bulk writes (kept well under the bind-parameter cap).
INSERT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is calling: a person with roles, and the places and members those roles cover."""

    person_id: int | None
    roles: frozenset[Role]
    communities: frozenset[int] = field(default_factory=frozenset)
    grids: frozenset[int] = field(default_factory=frozenset)
    organisations: frozenset[int] = field(default_factory=frozenset)
    units: frozenset[int] = field(default_factory=frozenset)
    is_system: bool = False

    def has(self, *roles: Role) -> bool:
        return self.is_system or any(role in self.roles for role in roles)

    def require(self, *roles: Role, action: str) -> None:
        if not self.has(*roles):
            raise PermissionDenied(
                f"Your roles do not allow you to {action}.",
                code="permission_denied",
                action=action,
            )


SYSTEM_ACTOR = Actor(person_id=None, roles=frozenset(Role), is_system=True)


@dataclass(frozen=True, slots=True)
class TenantScope:
    """A tenant and the actor working in it. Services take it as their first argument."""

    tenant_id: int
    actor: Actor

    @classmethod
    def system(cls, tenant_id: int) -> TenantScope:
        """The scope of jobs, migrations and seeding: every role, no person."""
        return cls(tenant_id=tenant_id, actor=SYSTEM_ACTOR)

    def read(self) -> Any:
        return tenant_transaction(self.tenant_id, write=False)

    def write(self) -> Any:
        return tenant_transaction(self.tenant_id, write=True)


class TenantQueries:
    """Query builders that always filter by (and write) the scope's tenant."""

    __slots__ = ("pending_events", "tenant_id")

    def __init__(self, tenant_id: int, pending_events: list[Any] | None = None) -> None:
        self.tenant_id = tenant_id
        #: Events emitted in this block, delivered to subscribers after commit.
        self.pending_events: list[Any] = [] if pending_events is None else pending_events

    @staticmethod
    def _owned(table: type[Table]) -> Any:
        if not issubclass(table, TenantOwned):
            raise TenantScopeError(
                f"{table.__name__} is not tenant-owned; query it through its own service."
            )
        return table

    def _filter(self, table: type[Table]) -> Any:
        return self._owned(table).tenant == self.tenant_id

    def select(self, table: type[Table], *columns: Any) -> Select:
        return table.select(*columns).where(self._filter(table))

    def objects(self, table: type[T]) -> Objects[T]:
        return table.objects().where(self._filter(table))

    def count(self, table: type[Table]) -> Count:
        return table.count().where(self._filter(table))

    def exists(self, table: type[Table]) -> Exists:
        return table.exists().where(self._filter(table))

    def update(self, table: type[Table], values: Mapping[Column | str, Any]) -> Update:
        names = {v if isinstance(v, str) else v._meta.name for v in values}
        if "tenant" in names:
            raise TenantScopeError("A row never moves to another tenant.")
        return table.update(dict(values)).where(self._filter(table))

    def delete(self, table: type[Table]) -> Delete:
        return table.delete().where(self._filter(table))

    async def get(
        self, table: type[T], pk: int | None, *, what: str | None = None, lock: bool = False
    ) -> T:
        """The row with primary key ``pk`` in this tenant, or :class:`NotFound`.

        ``lock=True`` holds the row until the block ends (``SELECT ... FOR UPDATE`` on
        PostgreSQL), for use cases that read a row and write depending on it. SQLite needs
        no row lock: its write blocks are IMMEDIATE transactions, one writer at a time.
        """
        row = None
        if pk is not None:
            query = self.objects(table).where(table._meta.primary_key == pk)
            if lock and is_postgres(current_engine()):
                query = query.lock_rows("UPDATE")
            row = await query.first()
        if row is None:
            label = what or table.__name__
            raise NotFound(
                f"{label} {pk} does not exist.",
                code=f"{table._meta.tablename}.not_found",
                pk=pk,
            )
        return row

    def new(self, table: type[T], **values: Any) -> T:
        """A row of this tenant, not yet inserted."""
        self._owned(table)
        return table(tenant=self.tenant_id, **values)

    async def create(self, table: type[T], **values: Any) -> T:
        """Insert one row of this tenant and return it with its primary key."""
        (row,) = await self.add(self.new(table, **values))
        return row

    async def add(self, *rows: T) -> tuple[T, ...]:
        """Insert rows of one table into this tenant, in chunks; primary keys are filled in."""
        if not rows:
            return rows
        table = type(rows[0])
        self._owned(table)
        for row in rows:
            if type(row) is not table:
                raise TypeError("add() takes rows of one table at a time")
            if getattr(row, "tenant", None) not in (None, self.tenant_id):
                raise TenantScopeError("A row of another tenant cannot be added here.")
            row.tenant = self.tenant_id  # type: ignore[attr-defined]
        for chunk in chunks(list(rows), INSERT_CHUNK):
            await table.insert(*chunk)
        return rows

    async def ids(self, table: type[Table], ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` exist in this tenant."""
        wanted = set(ids)
        if not wanted:
            return set()
        pk = table._meta.primary_key
        rows = await self.select(table, pk).where(pk.is_in(list(wanted)))
        return {row[pk._meta.name] for row in rows}


def active_tenant() -> int | None:
    """The tenant of the enclosing scope block, if any."""
    block = _active_block.get()
    return None if block is None else block.tenant_id


@asynccontextmanager
async def tenant_transaction(tenant_id: int, *, write: bool) -> AsyncIterator[TenantQueries]:
    engine = current_engine()
    outer = _active_block.get()
    if outer is not None and engine.current_transaction.get() is not None:
        if outer.tenant_id != tenant_id:
            raise TenantScopeError("A block of one tenant cannot open another tenant's scope.")
        # Joins the enclosing transaction (Piccolo nests without savepoints).
        yield outer
        return
    if is_postgres(engine):
        transaction = engine.transaction()
    else:
        kind = TransactionType.immediate if write else TransactionType.deferred
        transaction = engine.transaction(transaction_type=kind)
    block = TenantQueries(tenant_id)
    token = _active_block.set(block)
    try:
        async with transaction:
            if is_postgres(engine):
                await transaction.connection.execute(
                    "SELECT set_config('app.tenant_id', $1, true)", str(tenant_id)
                )
            yield block
    except sqlite3.IntegrityError as error:
        raise _conflict(error) from error
    except Exception as error:
        translated = _translate_postgres(error)
        if translated is None:
            raise
        raise translated from error
    finally:
        _active_block.reset(token)
    if block.pending_events:
        await deliver_after_commit(block.pending_events)


def _conflict(error: Exception) -> Conflict:
    return Conflict(
        "The change clashes with data already recorded; reload and try again.",
        code="conflict",
        detail=str(error),
    )


def _translate_postgres(error: Exception) -> Exception | None:
    sqlstate = getattr(error, "sqlstate", None)
    if not isinstance(sqlstate, str):
        return None
    if sqlstate.startswith("23"):  # integrity constraint violation
        return _conflict(error)
    if sqlstate == "42501":  # row-level security refused the row
        return TenantScopeError(
            "The database refused a row outside the current tenant.", detail=str(error)
        )
    return None
