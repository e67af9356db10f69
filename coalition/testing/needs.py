"""Factories of the needs context, with Chinese texts by default.

A need is open, at community level, in a new village unless told otherwise; given a
``grid=`` (and no ``community=``) it is in the grid's community, at grid level. Rows are
written as they are given: no transition is checked and no history is recorded (use the
services for that)::

    need = await NeedFactory.create(tenant=tenant, grid=grid, state="accepted")
    category = await NeedCategoryFactory.create(tenant=tenant, code="flood_relief")
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

import factory
from piccolo.table import Table

from coalition.needs.tables import Dispatch, Need, NeedCategory
from coalition.places.tables import Grid
from coalition.tenancy.scope import TenantScope
from coalition.testing.base import PiccoloFactory

_SAME_TENANT = factory.SelfAttribute("..tenant")


def _pk(value: Any) -> Any:
    return getattr(value, value._meta.primary_key._meta.name) if isinstance(value, Table) else value


class NeedCategoryFactory(PiccoloFactory):
    class Meta:
        model = NeedCategory

    code = factory.Sequence(lambda n: f"local_{n}")
    name_zh = factory.Sequence(lambda n: f"防汛救灾{n}")
    name_en = factory.Sequence(lambda n: f"Flood relief {n}")


class NeedFactory(PiccoloFactory):
    """An open need of a resident, entered at community level (grid level with a grid)."""

    class Meta:
        model = Need

    title = factory.Sequence(lambda n: f"帮独居老人买菜送药{n}")
    description = "王奶奶腿脚不便，每周需要有人帮忙买菜、取药。"
    category = "elderly_care"
    community = None  # the grid's community, or a new village
    grid = None
    alliance = None
    required_skills = factory.LazyFunction(lambda: ["助老服务"])
    urgency = "normal"
    state = "open"
    posted_by = None
    resident_name = "王秀英"
    resident_phone = "13800001111"
    resident_address = "幸福路12号3单元201"
    level = factory.LazyAttribute(lambda o: "grid" if o.grid is not None else "community")
    settled_level = None
    dispatch_kind = None
    dispatched_organisation = None
    dispatched_unit = None
    created_at = factory.LazyFunction(lambda: datetime.now(UTC))
    opened_at = factory.LazyAttribute(lambda o: None if o.state == "draft" else o.created_at)
    updated_at = factory.SelfAttribute("created_at")

    @classmethod
    def _create(cls, model_class: type[Table], *args: Any, **kwargs: Any) -> Any:
        base = super()._create

        async def create() -> Table:
            values = dict(kwargs)
            for name in ("grid", "community"):
                if inspect.isawaitable(values[name]):
                    values[name] = await values[name]
            if values["community"] is None:
                tenant_id = _pk(values["tenant"])
                if values["grid"] is not None:
                    async with TenantScope.system(tenant_id).read() as q:
                        grid = await q.get(Grid, _pk(values["grid"]))
                    values["community"] = grid.community
                else:
                    from coalition.testing.factories import CommunityFactory

                    values["community"] = await CommunityFactory.create(tenant=tenant_id)
            return await base(model_class, *args, **values)

        return create()


class DispatchFactory(PiccoloFactory):
    """A pending dispatch to the volunteer pool; the need is not changed with it."""

    class Meta:
        model = Dispatch

    need = factory.SubFactory(
        NeedFactory, tenant=_SAME_TENANT, state="dispatched", dispatch_kind="pool"
    )
    kind = "pool"
    organisation = None
    unit = None
    status = "pending"
    dispatched_at = factory.LazyFunction(lambda: datetime.now(UTC))


__all__ = ["DispatchFactory", "NeedCategoryFactory", "NeedFactory"]
