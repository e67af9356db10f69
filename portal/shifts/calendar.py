"""The secret address of a volunteer's calendar feed.

Calendar apps fetch a feed without cookies, so the address itself is the credential: it
carries the person's id and an HMAC-SHA256 of the tenant's and the person's ids under the
portal's secret key (:func:`portal.security.secret_key`). Whoever holds the address sees
that person's confirmed shifts and nothing else; a token made for one tenant or person
fits no other. Changing the secret key revokes every address at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from litestar.connection import ASGIConnection

from coalition.settings import Settings
from portal.security import secret_key

#: Tells these signatures apart from any other use of the same key.
PURPOSE = b"coalition.calendar-feed.v1"
TOKEN_LENGTH = 32  # characters of URL-safe base64: 192 bits
SUFFIX = ".ics"


def _key(connection: ASGIConnection) -> bytes:
    settings = connection.app.state["settings"]
    assert isinstance(settings, Settings)
    return secret_key(settings).encode("utf-8")


def feed_token(connection: ASGIConnection, tenant_id: int, person_id: int) -> str:
    message = PURPOSE + f":{tenant_id}:{person_id}".encode("ascii")
    digest = hmac.new(_key(connection), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:TOKEN_LENGTH]


def token_fits(connection: ASGIConnection, tenant_id: int, person_id: int, token: str) -> bool:
    expected = feed_token(connection, tenant_id, person_id)
    return hmac.compare_digest(expected.encode("ascii"), token.encode("utf-8", "replace"))


def feed_path(connection: ASGIConnection, slug: str, tenant_id: int, person_id: int) -> str:
    token = feed_token(connection, tenant_id, person_id)
    return f"/t/{slug}/calendar/{person_id}/{token}{SUFFIX}"


def feed_url(connection: ASGIConnection, slug: str, tenant_id: int, person_id: int) -> str:
    """The absolute address to paste into a calendar app."""
    base = str(connection.base_url).rstrip("/")
    return base + feed_path(connection, slug, tenant_id, person_id)


__all__ = ["feed_path", "feed_token", "feed_url", "token_fits"]
