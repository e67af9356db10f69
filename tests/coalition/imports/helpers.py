"""Files to import, and running the import job the way a worker does."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from coalition.imports.job import run_import
from coalition.imports.schemas import ImportJobOut
from coalition.notifications.tables import Outbox
from coalition.tenancy import TenantScope


def csv_file(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_file(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


async def pending_import_rows(tenant_id: int) -> list[int]:
    async with TenantScope.system(tenant_id).read() as q:
        rows = await (
            q.select(Outbox, Outbox.id)
            .where(Outbox.topic == "import.requested")
            .where(Outbox.status == "pending")
            .order_by(Outbox.id)
        )
    return [r["id"] for r in rows]


async def run_jobs(tenant_id: int) -> list[ImportJobOut | None]:
    """Run the import job of every pending import request of the tenant."""
    return [await run_import(tenant_id, i) for i in await pending_import_rows(tenant_id)]
