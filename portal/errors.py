"""Error pages in the person's language, and the redirect to the login page.

Every handler returns the page ``errors/error.html`` with the right status. A stack trace
is shown only when ``COALITION_DEBUG`` is on; otherwise 500s are logged, not shown. For
htmx requests the page carries ``HX-Retarget``/``HX-Reselect`` so that htmx puts the error
in place of the page's ``<main>`` instead of inside the element that asked.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.response import Redirect
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_500_INTERNAL_SERVER_ERROR,
)
from litestar.types import ExceptionHandlersMap

from coalition.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    TenantScopeError,
)
from portal.auth.members import LoginRequired
from portal.i18n import N_, translator
from portal.rendering import is_htmx, render

logger = logging.getLogger("portal")

TITLES = {
    HTTP_400_BAD_REQUEST: N_("The request could not be handled"),
    HTTP_403_FORBIDDEN: N_("Not allowed"),
    HTTP_404_NOT_FOUND: N_("Page not found"),
    405: N_("Not allowed"),
    HTTP_409_CONFLICT: N_("Changed in the meantime"),
    HTTP_500_INTERNAL_SERVER_ERROR: N_("Something went wrong"),
}
EXPLANATIONS = {
    HTTP_400_BAD_REQUEST: N_("Check what you entered and try again."),
    HTTP_403_FORBIDDEN: N_("Your roles do not allow this."),
    HTTP_404_NOT_FOUND: N_("This page does not exist, or it is not part of your workspace."),
    405: N_("This address does not accept that kind of request."),
    HTTP_409_CONFLICT: N_("Reload the page and try again."),
    HTTP_500_INTERNAL_SERVER_ERROR: N_(
        "The error has been recorded. Please try again in a moment."
    ),
}
CSRF_FAILED = N_("The form has expired. Reload the page and send it again.")


def error_page(
    request: Request, status_code: int, *, message: str | None = None, trace: str | None = None
) -> Response[Any]:
    t = translator(request)
    title_id = TITLES.get(status_code, TITLES[HTTP_400_BAD_REQUEST])
    explanation = EXPLANATIONS.get(status_code, EXPLANATIONS[HTTP_400_BAD_REQUEST])
    headers = {}
    if is_htmx(request):
        headers = {"HX-Retarget": "#main", "HX-Reswap": "outerHTML", "HX-Reselect": "#main"}
    return render(
        request,
        "errors/error.html",
        {
            "status_code": status_code,
            "title": t(title_id),
            "message": message or t(explanation),
            "trace": trace,
        },
        status_code=status_code,
        headers=headers,
    )


def login_required(request: Request, exc: LoginRequired) -> Response[Any]:
    if is_htmx(request):  # htmx follows HX-Redirect with a full page load
        return Response(b"", headers={"HX-Redirect": exc.login_url, "Vary": "HX-Request"})
    return Redirect(exc.login_url, status_code=303, headers={"Vary": "HX-Request"})


def domain_error(request: Request, exc: DomainError) -> Response[Any]:
    if isinstance(exc, TenantScopeError):  # a bug, not the person's doing
        return server_error(request, exc)
    status = HTTP_400_BAD_REQUEST
    message: str | None = translator(request).error(exc)
    if isinstance(exc, NotFound):
        status, message = HTTP_404_NOT_FOUND, None  # the same page whatever was missing
    elif isinstance(exc, PermissionDenied):
        status = HTTP_403_FORBIDDEN
    elif isinstance(exc, Conflict):
        status = HTTP_409_CONFLICT
    return error_page(request, status, message=message)


def http_error(request: Request, exc: HTTPException) -> Response[Any]:
    if exc.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        return server_error(request, exc)
    message = None
    if isinstance(exc, PermissionDeniedException) and "CSRF" in str(exc.detail):
        message = translator(request)(CSRF_FAILED)
    return error_page(request, exc.status_code, message=message)


def server_error(request: Request, exc: Exception) -> Response[Any]:
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    trace = None
    if request.app.debug:
        trace = "".join(traceback.format_exception(exc))
    return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR, trace=trace)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    LoginRequired: login_required,
    DomainError: domain_error,
    HTTPException: http_error,
    Exception: server_error,
}
