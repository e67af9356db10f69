"""Roster imports (名册导入): upload a file, follow its progress, read its errors.

Tenant admins and community staff choose a roster (volunteers, social organisations or
units), upload a CSV or Excel file and land on the import's page, which htmx refreshes
every second until the job has finished; then it shows the counts, the errors by row in
the person's language, and for a file whose rows have errors (nothing imported) a button
that imports the rows without errors. A job that has not moved for a few minutes (no
worker running, say) is no longer polled: the page says it goes on in the background and
offers to check again. Templates to fill in come in both formats, with their headers in
the person's language.

Uploads are limited twice: the library refuses files over ``reader.MAX_BYTES`` (with its
own message), and the route refuses request bodies somewhat larger than that before
reading them (the same message, as a small page, since nothing of the form can be read).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import FromPath
from litestar.response import Redirect

from coalition.errors import Conflict, InvalidInput, NotFound
from coalition.imports import reader
from coalition.imports.columns import template
from coalition.imports.schemas import ImportJobOut, ImportKind, ImportRequest, ImportStatus
from coalition.imports.services import (
    FINISHED,
    get_import,
    import_valid_rows,
    list_import_errors,
    list_imports,
    request_import,
)
from coalition.tenancy import Role
from portal.auth.members import Member, requires
from portal.forms import FormState
from portal.i18n import Translator, translator
from portal.imports.labels import (
    FORMATS,
    KIND_LABELS,
    STATUS_LABELS,
    TEMPLATE_NAMES,
    WHOLE_ROW,
    column_header,
    column_hint,
    columns,
    describe,
)
from portal.people import person_names
from portal.polling import quiet_too_long
from portal.rendering import render, wants_fragment
from portal.shifts.cards import page_number
from portal.shifts.display import display

#: Those who import rosters (the library checks each row's community too).
IMPORTERS = (Role.TENANT_ADMIN, Role.COMMUNITY_STAFF)
ERRORS_PAGE = 50
RECENT = 20
#: Room for the multipart envelope, so that a file just over the limit still gets the
#: library's precise message; bodies larger than this are refused unread.
UPLOAD_MARGIN = 1024 * 1024
MAX_BODY = reader.MAX_BYTES + UPLOAD_MARGIN
#: The form's fields by the library's field names.
FORM_FIELDS = {"kind": "kind", "filename": "file", "content": "file"}
CONTENT_TYPES = {
    "csv": "text/csv",  # Litestar adds "; charset=utf-8"
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def stalled(job: ImportJobOut, now: datetime | None = None) -> bool:
    """An unfinished import whose job has not moved for a few minutes (see
    :mod:`portal.polling`): its page stops polling and offers to check again."""
    return job.status not in FINISHED and quiet_too_long(job.updated_at, now)


def _too_large_message(t: Translator) -> str:
    return describe(t, "imports.file_too_large", {"max_bytes": reader.MAX_BYTES})


def _too_large(request: Request, _: RequestEntityTooLarge) -> Response[Any]:
    """A body over the route's limit, refused before the form (or the sign-in) is read:
    the reason, and the way back to the import page."""
    slug = request.path_params.get("slug", "")
    t = translator(request)
    return render(
        request,
        "imports/too_large.html",
        {"slug": slug, "message": _too_large_message(t)},
        status_code=422,
        headers={"HX-Retarget": "#main", "HX-Reswap": "outerHTML", "HX-Reselect": "#main"},
    )


def _form_errors(t: Translator, error: InvalidInput, kind: str) -> FormState:
    state = FormState(values={"kind": kind})
    for name, problem in error.fields.items():
        text = describe(t, problem.code, problem.params, kind=kind)
        field = FORM_FIELDS.get(name)
        if field is None:
            state.message = text
        else:
            state.errors.setdefault(field, text)
    return state


def _attachment(filename: str, fallback: str) -> str:
    """Content-Disposition for a download named in the person's language (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


class ImportsController(Controller):
    path = "/t/{slug:str}/imports"
    guards = [requires(*IMPORTERS)]  # noqa: RUF012 - Litestar reads this class attribute

    @get("", name="imports.index")
    async def index(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """The upload form, the templates, what each column means and the recent imports."""
        return await self._index(request, member, FormState(values={"kind": ImportKind.VOLUNTEERS}))

    async def _index(
        self, request: Request, member: Member, form: FormState, *, status_code: int = 200
    ) -> Response[Any]:
        t = translator(request)
        recent = await list_imports(member.scope, limit=RECENT)
        admin = member.has(Role.TENANT_ADMIN)
        requesters = [i.requested_by for i in recent] if admin else []
        names = await person_names(member.scope, requesters)
        context = {
            "form": form,
            "recent": recent,
            "names": names,
            "show_requester": admin,
            "kinds": KIND_LABELS,
            "formats": FORMATS,
            "max_mb": reader.MAX_BYTES // (1024 * 1024),
            "columns": {kind: columns(kind) for kind in KIND_LABELS},
            "hint": lambda kind, key: column_hint(t, kind, key),
            "status_labels": STATUS_LABELS,
            "show": display(request, member.tenant),
        }
        return render(
            request,
            "imports/index.html",
            context,
            fragment="imports/partials/upload_form.html",
            status_code=status_code,
        )

    @post(
        "",
        name="imports.upload",
        request_max_body_size=MAX_BODY,
        exception_handlers={RequestEntityTooLarge: _too_large},
    )
    async def upload(self, request: Request, member: NamedDependency[Member]) -> Response[Any]:
        """Store the file and queue its import; 303 to its progress (HX-Redirect for htmx)."""
        t = translator(request)
        try:
            form = await request.form()
        except RequestEntityTooLarge:  # htmx sent the token as a header: read here
            state = FormState(errors={"file": _too_large_message(t)})
            return await self._index(request, member, state, status_code=422)
        kind = form.get("kind")
        kind = kind if isinstance(kind, str) else ""
        upload = form.get("file")
        filename, content = "", b""
        if isinstance(upload, UploadFile):
            filename = upload.filename or ""
            content = await upload.read()
        data = ImportRequest(
            kind=kind,
            filename=filename,
            content=content,
            import_valid_rows=form.get("import_valid_rows") == "1",
        )
        try:
            started = await request_import(member.scope, data)
        except InvalidInput as error:
            state = _form_errors(t, error, kind)
            state.values["import_valid_rows"] = "1" if data.import_valid_rows else ""
            return await self._index(request, member, state, status_code=422)
        url = f"/t/{member.tenant.slug}/imports/{started.id}"
        if wants_fragment(request):
            return Response(b"", headers={"HX-Redirect": url, "Vary": "HX-Request"})
        return Redirect(url, status_code=303)

    @get("/templates/{kind:str}/{file_format:str}", name="imports.template")
    async def download_template(
        self, request: Request, kind: FromPath[str], file_format: FromPath[str]
    ) -> Response[bytes]:
        """A blank roster with one example row, its headers in the person's language."""
        if kind not in KIND_LABELS or file_format not in FORMATS:
            raise NotFound(f"No template {kind}.{file_format}.", code="imports.no_template")
        t = translator(request)
        fallback, content = template(kind, file_format, t.locale)
        filename = f"{t(TEMPLATE_NAMES[kind])}.{file_format}"
        return Response(
            content,
            media_type=CONTENT_TYPES[file_format],
            headers={"Content-Disposition": _attachment(filename, fallback)},
        )

    @get("/{import_id:int}", name="imports.progress")
    async def progress(
        self, request: Request, member: NamedDependency[Member], import_id: FromPath[int]
    ) -> Response[Any]:
        """The import's progress (htmx polls the fragment until it has finished or stalled),
        then its counts and errors by row, a page at a time."""
        job = await get_import(member.scope, import_id)  # NotFound: other tenant or person
        page = page_number(request.query_params.get("page"))
        return await self._progress(request, member, job, page)

    async def _progress(
        self,
        request: Request,
        member: Member,
        job: ImportJobOut,
        page: int,
        *,
        message: str | None = None,
        status_code: int = 200,
    ) -> Response[Any]:
        t = translator(request)
        finished = job.status in FINISHED
        errors: list[dict[str, Any]] = []
        total = 0
        if finished:
            found = await list_import_errors(
                member.scope, job.id, offset=(page - 1) * ERRORS_PAGE, limit=ERRORS_PAGE
            )
            total = found.total
            errors = [
                {
                    "row": e.row,
                    "column": column_header(job.kind, e.field, t.locale) if e.field else "",
                    "message": describe(t, e.code, e.params, kind=job.kind, field=e.field),
                }
                for e in found.items
            ]
        failure = ""
        if job.status == ImportStatus.FAILED:
            failure = describe(t, job.failure_code, job.failure_params, kind=job.kind)
        context = {
            "job": job,
            "finished": finished,
            "polling": not finished and not stalled(job),
            "failure": failure,
            "valid_rows": max(job.total_rows - job.error_rows, 0),
            "errors": errors,
            "errors_total": total,
            "page": page,
            "pages": max(1, -(-total // ERRORS_PAGE)),
            "message": message,
            "whole_row": WHOLE_ROW,
            "kinds": KIND_LABELS,
            "status_labels": STATUS_LABELS,
            "show": display(request, member.tenant),
        }
        return render(
            request,
            "imports/progress.html",
            context,
            fragment="imports/partials/progress.html",
            status_code=status_code,
        )

    @post("/{import_id:int}/valid-rows", name="imports.valid_rows")
    async def valid_rows(
        self, request: Request, member: NamedDependency[Member], import_id: FromPath[int]
    ) -> Response[Any]:
        """Import the rows without errors of an import stopped as invalid; back to its
        progress (303, or the polling fragment for htmx)."""
        try:
            job = await import_valid_rows(member.scope, import_id)
        except Conflict as error:  # asked twice, or the import moved on meanwhile
            current = await get_import(member.scope, import_id)
            text = describe(translator(request), error.code, error.params)
            return await self._progress(request, member, current, 1, message=text, status_code=409)
        if not wants_fragment(request):
            return Redirect(f"/t/{member.tenant.slug}/imports/{job.id}", status_code=303)
        return await self._progress(request, member, job, 1)


#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = [ImportsController]
