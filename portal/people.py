"""People as the pages name them: several contexts show who did something by name."""

from __future__ import annotations

from collections.abc import Iterable

from coalition.actors.accounts import get_person
from coalition.errors import NotFound
from coalition.tenancy import TenantScope


async def person_names(scope: TenantScope, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the people ``ids`` (``None`` skipped) that ``scope`` may read; people
    removed since are left out, so that the page says they are no longer listed."""
    names: dict[int, str] = {}
    for person_id in {i for i in ids if i is not None}:
        try:
            names[person_id] = (await get_person(scope, person_id)).name
        except NotFound:  # removed since
            continue
    return names
