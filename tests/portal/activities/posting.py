"""Posting forms with repeated fields (check boxes, repeated rows), as a browser does."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from tests.portal.conftest import csrf_token


async def client_post(
    client: Any,
    path: str,
    fields: list[tuple[str, str]],
    *,
    headers: dict[str, str] | None = None,
) -> Any:
    """POST ``fields`` in their order (a name may repeat), with the CSRF token."""
    token = await csrf_token(client)
    return await client.post(
        path,
        content=urlencode([*fields, ("_csrf_token", token)]),
        headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
    )
