"""Server-side sessions that never keep an id the server did not issue.

Litestar's ``ServerSideSessionBackend`` stores the session under whatever id the client's
cookie carries (``get_session_id`` returns the cookie value if there is one) and writes a
session, even an empty one, on every response. That allows session fixation: an attacker
who plants a cookie value in a victim's browser shares the session the victim then logs
into. This backend differs in three ways:

- :func:`start_session` (called at login) marks the session for renewal: the response
  deletes the stored session of the old id and issues a fresh random id;
- an id the store does not know (forged, expired, deleted) is never written to: data is
  stored only under ids this server generated;
- an empty session is not stored and sets no cookie, and clearing a session (logout)
  deletes it from the store and expires the cookie with ``Max-Age=0`` (Litestar's own
  deletion cookie keeps ``Max-Age``, which browsers prefer over ``Expires``);
- a request the page makes by itself (the inbox badge's poll, see :func:`leave_alone`)
  neither stores the session again nor sends its cookie, so a tab left open on a shared
  phone does not keep its person signed in for ever: only what a person does counts
  towards the week.

The store is Redis when ``COALITION_REDIS_URL`` is set (several processes, several
machines), else a file store under var/ (see :mod:`portal.plugin`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items

#: Key in the session data asking for a fresh id; never stored.
_RENEW = "_renew"
#: Key in the connection state: the client's id named a stored session.
_KNOWN = "coalition_session_known"
#: Key in the connection state: the page asked by itself; the session is not prolonged.
_QUIET = "coalition_session_quiet"

SESSION_MAX_AGE = 60 * 60 * 24 * 7  # a week since the last request


class RenewingSessionBackend(ServerSideSessionBackend):
    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        if data:
            connection.state[_KNOWN] = True
        return data

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection
    ) -> None:
        store = self.config.get_store_from_app(connection.scope["app"])
        headers = MutableScopeHeaders.from_message(message)
        sent_id = connection.cookies.get(self.config.key)
        if sent_id == "null":
            sent_id = None
        data: dict[str, Any] = {}
        if scope_session is not Empty and scope_session:
            data = dict(scope_session)  # type: ignore[arg-type]
        renew = bool(data.pop(_RENEW, False))

        if not data:
            if sent_id:
                await self.delete(sent_id, store=store)
                headers.add("Set-Cookie", self._cookie("", max_age=0, expires=0))
            return

        if connection.state.get(_QUIET) and not renew and sent_id and connection.state.get(_KNOWN):
            return  # a poll: the stored session and its cookie keep their age

        session_id = sent_id
        if renew or not sent_id or not connection.state.get(_KNOWN):
            if sent_id:
                await self.delete(sent_id, store=store)
            session_id = self.generate_session_id()
        assert session_id is not None
        await self.set(session_id, self.serialize_data(data, connection.scope), store=store)
        headers.add("Set-Cookie", self._cookie(session_id))

    def _cookie(self, value: str, **extra: Any) -> str:
        params = dict(
            extract_dataclass_items(self.config, exclude_none=True, include=Cookie.__dict__.keys())
        )
        params.update(extra)
        return Cookie(value=value, key=self.config.key, **params).to_header(header="")


@dataclass
class RenewingSessionConfig(ServerSideSessionConfig):
    _backend_class = RenewingSessionBackend


def session_config(*, key: str, secure: bool) -> RenewingSessionConfig:
    return RenewingSessionConfig(
        key=key,
        max_age=SESSION_MAX_AGE,
        path="/",
        domain=None,
        secure=secure,
        httponly=True,
        samesite="lax",
        exclude="^/static/",
        store="sessions",
    )


def leave_alone(connection: ASGIConnection) -> None:
    """This request was made by the page, not the person (a poll): it does not prolong
    the session."""
    connection.state[_QUIET] = True


def start_session(connection: ASGIConnection, *, tenant_id: int, person_id: int) -> None:
    """Sign a person in: the response carries a new session id; the old one is deleted."""
    connection.set_session({"tenant_id": tenant_id, "person_id": person_id, _RENEW: True})


def end_session(connection: ASGIConnection) -> None:
    """Sign out: the stored session is deleted and the cookie expired."""
    connection.clear_session()


def session_person(connection: ASGIConnection) -> tuple[int, int] | None:
    """``(tenant_id, person_id)`` of the signed-in person, if any."""
    session = connection.scope.get("session")
    if not isinstance(session, dict):
        return None
    tenant_id, person_id = session.get("tenant_id"), session.get("person_id")
    if isinstance(tenant_id, int) and isinstance(person_id, int):
        return tenant_id, person_id
    return None
