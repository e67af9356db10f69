"""An async factory-boy base for Piccolo tables.

factory-boy has no async support: ``create()`` here returns a coroutine that awaits every
related object first, then inserts the row (through the tenant scope for tenant-owned
tables). Use ``await SomeFactory.create(tenant=tenant, ...)``.
"""

from __future__ import annotations

import inspect
from typing import Any

import factory
from piccolo.table import Table

from coalition.tenancy.scope import TenantScope
from coalition.tenancy.tables import TenantOwned


class PiccoloFactory(factory.Factory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: type[Table], *args: Any, **kwargs: Any) -> Any:
        async def create() -> Table:
            values: dict[str, Any] = {}
            for name, value in kwargs.items():
                if inspect.isawaitable(value):
                    value = await value
                if isinstance(value, Table):
                    value = getattr(value, value._meta.primary_key._meta.name)
                values[name] = value
            row = model_class(**values)
            if issubclass(model_class, TenantOwned):
                tenant_id = values.get("tenant")
                if tenant_id is None:
                    raise ValueError(f"{cls.__name__} needs tenant=...")
                async with TenantScope.system(tenant_id).write() as q:
                    await q.add(row)
            else:
                await row.save()
            return row

        return create()
