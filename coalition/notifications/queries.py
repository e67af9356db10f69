"""``column IN (values)`` for lists of ids, on both engines.

Piccolo writes ``IN ($2, $3, ...)``, one parameter per value; on PostgreSQL a statement
run often gets a generic plan that rebuilds that list for every row it filters (140 ms
instead of 1 ms for 1,000 values and 5,000 rows, bench/reminders.py). On PostgreSQL the
list is one array parameter instead (``= ANY($1)``), which an index leading with
``(tenant_id, column)`` answers by lookups; SQLite keeps ``IN`` in chunks under its
bind-parameter cap. Use it on columns such an index leads with (primary keys and
foreign keys of tenant-owned tables): a filter that is not an index condition still
compares each row with the whole list. Long lists of other values are better avoided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from piccolo.columns import Column, Text, Varchar
from piccolo.columns.combination import WhereRaw

from coalition.db import chunks, current_engine, is_postgres


def one_of(column: Column, values: Sequence[Any]) -> Any:
    """``column IN values`` (an integer or text column)."""
    if is_postgres(current_engine()):
        kind = "text" if isinstance(column, Varchar | Text) else "integer"
        name = column._meta.get_full_name(with_alias=False)
        return WhereRaw(f"{name} = ANY({{}}::{kind}[])", list(values))
    return column.is_in(list(values))


def in_chunks(values: Iterable[Any]) -> list[list[Any]]:
    """``values`` (sorted, without repeats) in chunks of a size the engine handles well."""
    size = 10_000 if is_postgres(current_engine()) else 500
    return chunks(sorted(set(values)), size)
