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
import logging
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from piccolo.columns import Column
from piccolo.query import Count, Delete, Exists, Objects, Select, Update
from piccolo.table import Table

from coalition.db import chunks, current_engine, is_postgres, transaction
from coalition.errors import (
    Busy,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TenantScopeError,
)
from coalition.events import deliver_after_commit
from coalition.tenancy.roles import Role
from coalition.tenancy.tables import TenantOwned

T = TypeVar("T", bound=Table)
log = logging.getLogger(__name__)

_active_block: contextvars.ContextVar[TenantQueries | None] = contextvars.ContextVar(
    "coalition_active_block", default=None
)

#: Rows per INSERT statement in bulk writes (kept well under the bind-parameter cap).
INSERT_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is calling: a person with roles, and what each role covers.

    ``communities`` are the communities the person is *staff* of, ``grids`` the grids they
    are a *grid worker* of, ``organisations`` those they *coordinate* and ``units`` those
    they are *liaison* of; a role never lends its coverage to another role.
    """

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

    def require_member(self, *, action: str) -> None:
        """Reads are open to anyone holding a role in the tenant, and to no one else."""
        self.require(*Role, action=action)

    def manages_community(self, community_id: int | None) -> bool:
        """A tenant admin, or staff of this community."""
        return self.has(Role.TENANT_ADMIN) or (
            Role.COMMUNITY_STAFF in self.roles and community_id in self.communities
        )

    def works_grid(self, grid_id: int | None) -> bool:
        """A grid worker of this grid."""
        return self.is_system or (Role.GRID_WORKER in self.roles and grid_id in self.grids)

    def coordinates(
        self, *, organisation_id: int | None = None, unit_id: int | None = None
    ) -> bool:
        """The coordinator of this organisation, or the liaison of this unit (either)."""
        if self.is_system:
            return True
        coordinator = Role.ORG_COORDINATOR in self.roles and organisation_id in self.organisations
        liaison = Role.UNIT_LIAISON in self.roles and unit_id in self.units
        return coordinator or liaison

    def require_community(self, community_id: int | None, *, action: str) -> None:
        if not self.manages_community(community_id):
            raise PermissionDenied(
                f"Only tenant admins and this community's staff may {action}.",
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
        if is_id(pk):
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
        wanted = {i for i in ids if is_id(i)}
        if not wanted:
            return set()
        pk = table._meta.primary_key
        rows = await self.select(table, pk).where(pk.is_in(list(wanted)))
        return {row[pk._meta.name] for row in rows}


#: Largest id an integer primary key can hold (PostgreSQL's integer).
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """An id that can exist: a positive int in range (not a bool, float or string)."""
    return type(value) is int and 0 < value <= MAX_ID


def active_tenant() -> int | None:
    """The tenant of the enclosing scope block, if any."""
    block = _active_block.get()
    return None if block is None else block.tenant_id


@asynccontextmanager
async def tenant_transaction(tenant_id: int, *, write: bool) -> AsyncIterator[TenantQueries]:
    """A transaction of one tenant (see the module's docstring).

    Inside another block of the same tenant it joins that block. Inside a transaction the
    host application opened itself it joins that transaction, sets the tenant on it, and
    delivers after-commit events when the block ends (the host owns the commit). On
    SQLite, open such a host transaction as IMMEDIATE (:func:`coalition.db.transaction`)
    when the block writes.
    """
    engine = current_engine()
    outer = _active_block.get()
    host = engine.current_transaction.get()
    if outer is not None and host is not None:
        if outer.tenant_id != tenant_id:
            raise TenantScopeError("A block of one tenant cannot open another tenant's scope.")
        # Joins the enclosing block's transaction (Piccolo nests without savepoints).
        yield outer
        return
    block = TenantQueries(tenant_id)
    token = _active_block.set(block)
    try:
        with translated_errors():
            if host is not None:
                await _set_tenant(engine, host, tenant_id)
                yield block
            else:
                async with transaction(engine, write=write) as opened:
                    await _set_tenant(engine, opened, tenant_id)
                    yield block
    finally:
        _active_block.reset(token)
    if block.pending_events:
        await deliver_after_commit(block.pending_events)


async def _set_tenant(engine: Any, opened: Any, tenant_id: int) -> None:
    if is_postgres(engine):
        # Transaction-local: a pooled connection never carries it to another request.
        await opened.connection.execute(
            "SELECT set_config('app.tenant_id', $1, true)", str(tenant_id)
        )


@contextmanager
def translated_errors() -> Iterator[None]:
    """Database errors become domain errors; the driver's text goes to the log only."""
    try:
        yield
    except DomainError:
        raise
    except sqlite3.Error as error:
        log.info("SQLite refused a statement: %s", error)
        raise _translate_sqlite(error) from error
    except Exception as error:
        translated = _translate_postgres(error)
        if translated is None:
            raise
        log.info("PostgreSQL refused a statement: %s", error)
        raise translated from error


def _conflict() -> Conflict:
    return Conflict(
        "The change clashes with data already recorded; reload and try again.", code="conflict"
    )


def _busy() -> Busy:
    return Busy("The database is busy; try again in a moment.", code="busy")


def _invalid_value() -> DomainError:
    return DomainError("A value is not acceptable to the database.", code="invalid_value")


def _translate_sqlite(error: sqlite3.Error) -> DomainError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return _busy()
    if "mismatch" in text or "too big" in text or "overflow" in text:
        return _invalid_value()
    if isinstance(error, sqlite3.IntegrityError):
        return _conflict()
    return DomainError("The database could not complete the change.", code="database_error")


def _translate_postgres(error: Exception) -> DomainError | None:
    sqlstate = getattr(error, "sqlstate", None)
    if not isinstance(sqlstate, str):
        return None
    if sqlstate.startswith("23"):  # integrity constraint violation
        return _conflict()
    if sqlstate.startswith("22"):  # data exception: NUL byte, out of range, bad format
        return _invalid_value()
    if sqlstate in {"40001", "40P01", "55P03"}:  # serialization failure, deadlock, lock
        return _busy()
    if sqlstate == "42501":  # row-level security (or a missing privilege) refused the row
        return TenantScopeError("The database refused a row outside the current tenant.")
    return None
