"""The tenant's matching weights: how much skills, proximity, fairness, reliability and
lived experience count. Those who run shifts read them; tenant admins change them."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from coalition.errors import Checker, Conflict
from coalition.matching.schemas import WeightsInput, WeightsOut
from coalition.matching.tables import MatchingWeights
from coalition.tenancy import Role, TenantQueries, TenantScope

#: Roles that run shifts (coalition.shifts.access.manages_shifts) and so may match.
MATCHING_ROLES = (
    Role.TENANT_ADMIN,
    Role.COMMUNITY_STAFF,
    Role.ORG_COORDINATOR,
    Role.UNIT_LIAISON,
)
WEIGHT_MAX = 10.0
NAMES = tuple(WeightsInput.__struct_fields__)
DEFAULTS = WeightsInput()


def _out(row: MatchingWeights | None) -> WeightsOut:
    if row is None:
        values = {name: float(getattr(DEFAULTS, name)) for name in NAMES}
        return WeightsOut(**values, is_default=True, updated_at=None, updated_by=None)
    return WeightsOut(
        **{name: float(getattr(row, name)) for name in NAMES},
        is_default=False,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


async def load_weights(q: TenantQueries) -> WeightsOut:
    """The weights in force (the defaults until a tenant admin sets its own)."""
    return _out(await q.objects(MatchingWeights).order_by(MatchingWeights.id).first())


async def get_weights(scope: TenantScope) -> WeightsOut:
    scope.actor.require(*MATCHING_ROLES, action="see the matching weights")
    async with scope.read() as q:
        return await load_weights(q)


def _checked(data: WeightsInput) -> dict[str, float]:
    check = Checker()
    values: dict[str, float] = {}
    for name in NAMES:
        value: Any = getattr(data, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            check.add(name, "not_a_number", "Give a number.")
        elif not math.isfinite(value):
            check.add(name, "not_a_number", "Give a finite number.")
        else:
            check.in_range(name, value, 0, WEIGHT_MAX)
            values[name] = float(value)
    if len(values) == len(NAMES) and not any(values.values()):
        check.add(
            "skills", "all_zero", "At least one weight must be above zero.", fields=list(NAMES)
        )
    check.raise_if_any()
    return values


async def update_weights(
    scope: TenantScope, data: WeightsInput, *, now: datetime | None = None
) -> WeightsOut:
    """Set the tenant's weights (each 0 to 10, not all zero); ``WeightsInput()`` restores
    the defaults. Tenant admins only."""
    from coalition.matching.cache import note_weights, weights_changed  # it reads weights too

    scope.actor.require(Role.TENANT_ADMIN, action="change the matching weights")
    values = _checked(data)
    at = now or datetime.now(UTC)
    stamp = {"updated_by": scope.actor.person_id, "updated_at": at}
    try:
        async with scope.write() as q:
            current = await q.objects(MatchingWeights).order_by(MatchingWeights.id).first()
            if current is None:
                await q.create(MatchingWeights, **values, **stamp)
            else:
                await q.get(MatchingWeights, current.id, lock=True)
                changes: dict[Any, Any] = {
                    getattr(MatchingWeights, k): v for k, v in {**values, **stamp}.items()
                }
                await q.update(MatchingWeights, changes).where(MatchingWeights.id == current.id)
            await note_weights(q)
            saved = await load_weights(q)
    except Conflict as error:
        if error.code != "conflict":  # a concurrent first setting won the unique index
            raise
        raise Conflict(
            "The weights were changed at the same moment; try again.",
            code="matching.weights_conflict",
        ) from error
    weights_changed(scope.tenant_id)
    return saved
