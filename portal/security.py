"""Secrets, cookie names, CSRF and the security headers of every response.

The secret
    ``COALITION_SECRET_KEY`` when set. Otherwise a random key is made on first start and
    kept in ``<var>/portal_secret_key`` (``<var>`` is the directory of the SQLite file,
    mode 0600), so that a restart keeps CSRF tokens valid and sessions usable. Several
    processes on one machine share that file; several machines must share one
    ``COALITION_SECRET_KEY``.

Cookies
    With ``COALITION_SECURE_COOKIES`` on (the default) every cookie is ``Secure`` and named
    with the ``__Host-`` prefix, which browsers accept only with ``Secure``, ``Path=/`` and
    no ``Domain`` (so no sibling sub-domain can plant or overwrite it). Browsers treat
    ``http://127.0.0.1`` and ``http://localhost`` as secure, so local runs work as well.
    Turning it off (plain-HTTP test hosts only) drops ``Secure`` and the prefix.

CSRF
    Litestar's double-submit cookie: a signed token in the cookie ``__Host-csrftoken``
    must come back in the form field ``_csrf_token`` or the header ``X-CSRFToken`` (htmx
    sends it through ``hx-headers`` on ``<body>``) on every POST, PUT, PATCH and DELETE.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from coalition.settings import Settings

SECRET_FILE = "portal_secret_key"  # noqa: S105 - a file name, not a secret
CSRF_HEADER = "X-CSRFToken"

#: Sent with every response that does not set its own value.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'; object-src 'none'"
    ),
}


def var_dir(settings: Settings) -> Path:
    """Where the portal keeps its files: beside the SQLite database."""
    return settings.sqlite_path.parent


def secret_key(settings: Settings) -> str:
    """The configured secret, or the one persisted under var/ (created once, atomically)."""
    if settings.secret_key:
        return settings.secret_key
    path = var_dir(settings) / SECRET_FILE
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_urlsafe(48))
    try:
        os.link(draft, path)  # fails if another process won the race: use its key
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    value = path.read_text().strip()
    if len(value) < 32:
        raise RuntimeError(f"{path} holds no usable secret; delete it to make a new one")
    return value


def cookie_name(name: str, settings: Settings) -> str:
    return f"__Host-{name}" if settings.secure_cookies else name


def csrf_config(settings: Settings, secret: str) -> CSRFConfig:
    return CSRFConfig(
        secret=secret,
        cookie_name=cookie_name("csrftoken", settings),
        cookie_path="/",
        cookie_secure=settings.secure_cookies,
        cookie_httponly=True,  # pages carry the token; no script needs to read the cookie
        cookie_samesite="lax",
        header_name=CSRF_HEADER.lower(),
    )


async def add_security_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook: the headers above on every HTTP response."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if name not in headers:
            headers[name] = value
