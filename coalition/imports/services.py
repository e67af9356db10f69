"""Roster import use cases: request, follow, read errors, import the valid rows; the job.

``request_import`` stores the file and writes an ``import.requested`` outbox row in one
transaction; the job (:func:`coalition.imports.job.run_import`, run by tasks/jobs.py or
the embedded runner) then:

1. reads the file and validates every row (progress stored every 200 rows);
2. stores the errors; with errors and without ``import_valid_rows`` it stops there
   (status ``invalid``) and nothing is imported — ``import_valid_rows`` may follow;
3. imports the valid rows in chunks, each chunk one transaction that also moves the
   import's cursor (``next_row``), so a job that dies, or runs twice at once, imports each
   row exactly once and carries on where the last committed chunk ended.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition.errors import Checker, Conflict, NotFound
from coalition.imports import reader
from coalition.imports.schemas import (
    ImportJobOut,
    ImportKind,
    ImportRequest,
    ImportStatus,
    RowErrorOut,
    RowErrorPage,
)
from coalition.notifications import outbox
from coalition.notifications.outbox import IMPORT_REQUESTED, Entry, load_data
from coalition.notifications.tables import ImportJob, ImportRowError
from coalition.tenancy import Actor, Role, TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.roles import STRUCTURE_ROLES
from coalition.tenancy.scope import TenantQueries

FINISHED = {ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED}


def job_out(job: ImportJob) -> ImportJobOut:
    total = job.total_rows or 0
    if job.status in FINISHED:
        progress = 100
    elif job.status == ImportStatus.IMPORTING and total:
        progress = 50 + 50 * job.next_row // total
    elif job.status == ImportStatus.VALIDATING and total:
        progress = 50 * job.validated_rows // total
    else:
        progress = 0
    return ImportJobOut(
        id=job.id,
        kind=job.kind,
        file_format=job.file_format,
        filename=job.filename,
        status=job.status,
        import_valid_rows=job.import_valid_rows,
        total_rows=total,
        validated_rows=job.validated_rows,
        imported_rows=job.imported_rows,
        error_rows=job.error_rows,
        progress=progress,
        failure_code=job.failure_code,
        failure_params=load_data(job.failure_params),
        requested_by=job.requested_by,
        created_at=job.created_at,
        updated_at=job.updated_at,
        finished_at=job.finished_at,
    )


async def _visible(
    q: TenantQueries, actor: Actor, import_id: int, *, lock: bool = False
) -> ImportJob:
    """An import its requester or a tenant admin may see; to others it does not exist."""
    job = await q.get(ImportJob, import_id, what="Import", lock=lock)
    if not (actor.has(Role.TENANT_ADMIN) or job.requested_by == actor.person_id):
        raise NotFound(
            f"Import {import_id} does not exist.",
            code="notifications_import_job.not_found",
            pk=import_id,
        )
    return job


async def _enqueue(q: TenantQueries, job_id: int, attempt: int, at: datetime) -> None:
    entry = Entry(IMPORT_REQUESTED, {"import_id": job_id}, f"import:{job_id}:{attempt}")
    await outbox.write(q, [entry], now=at)


async def request_import(
    scope: TenantScope, data: ImportRequest, *, now: datetime | None = None
) -> ImportJobOut:
    """Store a roster file and queue its validation and import."""
    scope.actor.require(*STRUCTURE_ROLES, action="import a roster")
    check = Checker()
    check.choice("kind", data.kind, set(ImportKind))
    check.required("filename", data.filename)
    fmt = ""
    try:
        fmt = reader.file_format(data.filename or "")
        reader.check_size(data.content)
    except reader.ImportFileError as error:
        check.add("filename" if fmt == "" else "content", error.code, error.message, **error.params)
    check.raise_if_any()
    at = utc_now(now)
    async with scope.write() as q:
        job = await q.create(
            ImportJob,
            kind=data.kind,
            file_format=fmt,
            filename=data.filename.strip()[:200],
            content=data.content,
            import_valid_rows=data.import_valid_rows,
            requested_by=scope.actor.person_id,
            created_at=at,
            updated_at=at,
        )
        await _enqueue(q, job.id, 0, at)
        return job_out(job)


async def get_import(scope: TenantScope, import_id: int) -> ImportJobOut:
    """An import and its progress (the portal polls it)."""
    async with scope.read() as q:
        return job_out(await _visible(q, scope.actor, import_id))


async def list_imports(scope: TenantScope, *, limit: int = 20) -> list[ImportJobOut]:
    """The latest imports: all of them for tenant admins, one's own for others."""
    scope.actor.require(*STRUCTURE_ROLES, action="import a roster")
    async with scope.read() as q:
        query = q.objects(ImportJob).order_by(ImportJob.id, ascending=False).limit(limit)
        if not scope.actor.has(Role.TENANT_ADMIN):
            query = query.where(ImportJob.requested_by == scope.actor.person_id)
        return [job_out(job) for job in await query]


async def list_import_errors(
    scope: TenantScope, import_id: int, *, offset: int = 0, limit: int = 100
) -> RowErrorPage:
    """The row errors of an import, by row: codes and params for the portal to translate."""
    async with scope.read() as q:
        job = await _visible(q, scope.actor, import_id)
        base = q.select(ImportRowError).where(ImportRowError.job == job.id)
        rows = (
            await base.order_by(ImportRowError.row)
            .order_by(ImportRowError.id)
            .offset(max(offset, 0))
            .limit(min(max(limit, 1), 1000))
        )
        total = await q.count(ImportRowError).where(ImportRowError.job == job.id)
    items = [
        RowErrorOut(
            row=r["row"],
            field=r["field"],
            code=r["code"],
            params=load_data(r["params"]),
            phase=r["phase"],
        )
        for r in rows
    ]
    return RowErrorPage(items=items, total=total)


async def import_valid_rows(
    scope: TenantScope, import_id: int, *, now: datetime | None = None
) -> ImportJobOut:
    """After validation found errors: import the rows that have none."""
    at = utc_now(now)
    async with scope.write() as q:
        job = await _visible(q, scope.actor, import_id, lock=True)
        if job.status != ImportStatus.INVALID:
            raise Conflict(
                f"This import is {job.status}.", code="imports.not_invalid", status=job.status
            )
        values: dict[Any, Any] = {
            ImportJob.import_valid_rows: True,
            ImportJob.status: ImportStatus.IMPORTING,
            ImportJob.finished_at: None,
            ImportJob.updated_at: at,
        }
        await q.update(ImportJob, values).where(ImportJob.id == job.id)
        await _enqueue(q, job.id, 1, at)
        return job_out(await q.get(ImportJob, job.id))
