"""The import job: validate every row, then import the valid ones chunk by chunk.

Each chunk is one transaction that also moves the import's cursor (``next_row``), so a job
that dies, or two runs of it at once, import each row exactly once and carry on where the
last committed chunk ended. Progress is stored as it goes, for the portal to poll.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition.actors.accounts import load_actor
from coalition.errors import DomainError
from coalition.imports import reader
from coalition.imports.columns import match_headers
from coalition.imports.rows import RowError, errors_of, import_row, load_refs, validate
from coalition.imports.schemas import ImportJobOut, ImportStatus
from coalition.imports.services import FINISHED, job_out
from coalition.notifications import outbox
from coalition.notifications.outbox import load_data
from coalition.notifications.tables import ImportJob, ImportRowError, Outbox
from coalition.tenancy import SYSTEM_ACTOR, TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import TenantQueries

CHUNK = 50
PROGRESS_EVERY = 200
Rows = list[tuple[int, dict[str, str]]]
Checked = list[tuple[Any, list[RowError]]]


async def _save_errors(q: TenantQueries, job_id: int, errors: list[RowError], phase: str) -> None:
    await q.add(
        *(
            q.new(
                ImportRowError,
                job=job_id,
                row=e.row,
                field=e.field,
                code=e.code,
                params=outbox.dumps(e.params),
                phase=phase,
            )
            for e in errors
        )
    )


class _Run:
    """One run of the import job over one file."""

    def __init__(
        self, tenant_id: int, job: ImportJob, outbox_id: int, now: datetime | None
    ) -> None:
        self.system = TenantScope.system(tenant_id)
        self.job_id, self.kind, self.outbox_id, self.now = job.id, job.kind, outbox_id, now
        self.requested_by = job.requested_by
        self.content, self.fmt = bytes(job.content), job.file_format

    @property
    def at(self) -> datetime:
        """The time of each step (the job's ``now`` when one was given): progress and the
        outbox row's liveness move on with the run, so a long import is not taken for lost."""
        return utc_now(self.now)

    async def update(self, finish: bool = False, **values: Any) -> ImportJobOut:
        async with self.system.write() as q:
            changes = {getattr(ImportJob, k): v for k, v in values.items()}
            await q.update(ImportJob, {**changes, ImportJob.updated_at: self.at}).where(
                ImportJob.id == self.job_id
            )
            if finish:
                await outbox.mark_done(q, self.outbox_id, now=self.at)
            else:
                await outbox.touch(q, self.outbox_id, now=self.at)
            return job_out(await q.get(ImportJob, self.job_id))

    async def fail(self, error: DomainError) -> ImportJobOut:
        return await self.update(
            finish=True,
            status=ImportStatus.FAILED,
            failure_code=error.code,
            failure_params=outbox.dumps(error.params),
            finished_at=self.at,
        )

    async def run(self, status: str) -> ImportJobOut:
        try:
            actor = SYSTEM_ACTOR
            if self.requested_by is not None:
                actor = await load_actor(self.system.tenant_id, self.requested_by)
            sheet = reader.read(self.content, self.fmt)
            positions, missing = match_headers(self.kind, sheet.headers)
            if missing:
                raise reader.ImportFileError(
                    "Required columns are missing.",
                    code="imports.missing_columns",
                    columns=missing,
                )
        except DomainError as error:
            return await self.fail(error)
        self.scope = TenantScope(self.system.tenant_id, actor)
        rows = [
            (n, {key: cells[i] if i < len(cells) else "" for i, key in positions.items()})
            for n, cells in sheet.rows
        ]
        if status == ImportStatus.VALIDATING:
            await self.update(total_rows=len(rows), validated_rows=0)
        async with self.system.read() as q:
            refs = await load_refs(q, self.kind, [values for _, values in rows])
        seen: dict[str, int] = {}
        checked = []
        for index, (number, values) in enumerate(rows, start=1):
            checked.append(validate(self.kind, number, values, refs, actor, seen))
            if status == ImportStatus.VALIDATING and index % PROGRESS_EVERY == 0:
                await self.update(validated_rows=index)
        if status == ImportStatus.VALIDATING:
            done = await self._validated(checked)
            if done is not None:
                return done
        return await self._import(rows, checked)

    async def _validated(self, checked: Checked) -> ImportJobOut | None:
        errors = [e for _, row_errors in checked for e in row_errors]
        bad = len({e.row for e in errors})
        async with self.system.write() as q:
            job = await q.get(ImportJob, self.job_id, lock=True)
            if job.status != ImportStatus.VALIDATING:
                return job_out(job)  # another run got there first
            await q.delete(ImportRowError).where(ImportRowError.job == job.id)
            await _save_errors(q, job.id, errors, "validation")
        invalid = bool(bad) and not job.import_valid_rows
        values: dict[str, Any] = {"validated_rows": len(checked), "error_rows": bad}
        if invalid:
            return await self.update(
                finish=True, status=ImportStatus.INVALID, finished_at=self.at, **values
            )
        await self.update(status=ImportStatus.IMPORTING, **values)
        return None

    async def _import(self, rows: Rows, checked: Checked) -> ImportJobOut:
        async with self.system.read() as q:
            refused = {
                r["row"]
                for r in await q.select(ImportRowError, ImportRowError.row).where(
                    ImportRowError.job == self.job_id
                )
            }
        while True:
            async with self.system.read() as q:
                job = await q.get(ImportJob, self.job_id)
            if job.status != ImportStatus.IMPORTING:
                return job_out(job)
            start = job.next_row
            if start >= len(rows):
                return await self.update(finish=True, status=ImportStatus.DONE, finished_at=self.at)
            end = min(start + CHUNK, len(rows))
            if not await self._chunk(start, end, rows, checked, refused):
                for index in range(start, end):
                    await self._chunk(index, index + 1, rows, checked, refused)

    async def _chunk(
        self, start: int, end: int, rows: Rows, checked: Checked, refused: set[int]
    ) -> bool:
        """Import rows [start, end) in one transaction with the cursor; False when a service
        refused one of them (nothing of the chunk is kept then). A single row that is refused
        is recorded as an error instead."""
        try:
            async with self.scope.write() as q:
                job = await q.get(ImportJob, self.job_id, lock=True)
                if job.next_row != start or job.status != ImportStatus.IMPORTING:
                    return True  # another run moved on: read the cursor again
                imported, errors = 0, []
                for index in range(start, end):
                    number = rows[index][0]
                    payload, row_errors = checked[index]
                    if number in refused:
                        continue
                    if payload is None:
                        errors += row_errors
                        continue
                    await import_row(self.scope, self.kind, payload)
                    imported += 1
                await _save_errors(q, job.id, errors, "import")
                values = {
                    ImportJob.next_row: end,
                    ImportJob.imported_rows: job.imported_rows + imported,
                    ImportJob.error_rows: job.error_rows + len({e.row for e in errors}),
                    ImportJob.updated_at: self.at,
                }
                await q.update(ImportJob, values).where(ImportJob.id == job.id)
                await outbox.touch(q, self.outbox_id, now=self.at)
            return True
        except DomainError as error:
            if end - start > 1:
                return False
            async with self.system.write() as q:
                job = await q.get(ImportJob, self.job_id, lock=True)
                if job.next_row == start:
                    await _save_errors(q, job.id, errors_of(rows[start][0], error), "import")
                    values = {
                        ImportJob.next_row: end,
                        ImportJob.error_rows: job.error_rows + 1,
                        ImportJob.updated_at: self.at,
                    }
                    await q.update(ImportJob, values).where(ImportJob.id == job.id)
                    await outbox.touch(q, self.outbox_id, now=self.at)
            return True


async def _gave_up(q: TenantQueries, outbox_id: int, at: datetime) -> None:
    """When the outbox gave the request up (it failed too often), so does the import."""
    entry = await q.get(Outbox, outbox_id)
    import_id = load_data(entry.data).get("import_id")
    if entry.status != outbox.FAILED or import_id is None:
        return
    values: dict[Any, Any] = {
        ImportJob.status: ImportStatus.FAILED,
        ImportJob.failure_code: "imports.gave_up",
        ImportJob.finished_at: at,
        ImportJob.updated_at: at,
    }
    await (
        q.update(ImportJob, values)
        .where(ImportJob.id == import_id)
        .where(ImportJob.status.not_in(list(FINISHED)))
    )


async def run_import(
    tenant_id: int, outbox_id: int, *, now: datetime | None = None
) -> ImportJobOut | None:
    """The job: validate and import the file of an ``import.requested`` outbox row; None
    when the row is no longer pending (done already)."""
    at = utc_now(now)
    system = TenantScope.system(tenant_id)
    async with system.write() as q:
        entry = await outbox.start_attempt(q, outbox_id, now=at)
        if entry is None:
            await _gave_up(q, outbox_id, at)
            return None
        job = await q.get(
            ImportJob, load_data(entry.data).get("import_id"), what="Import", lock=True
        )
        if job.status in FINISHED:
            await outbox.mark_done(q, outbox_id, now=at)
            return job_out(job)
        values: dict[Any, Any] = {ImportJob.updated_at: at}  # an attempt starts: it moves
        if job.status == ImportStatus.QUEUED:
            values.update({ImportJob.status: ImportStatus.VALIDATING, ImportJob.started_at: at})
            job.status = ImportStatus.VALIDATING
        await q.update(ImportJob, values).where(ImportJob.id == job.id)
    return await _Run(tenant_id, job, outbox_id, now).run(job.status)
