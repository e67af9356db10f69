"""Slowing down password guessing at the sign-in form.

Failed sign-ins are counted twice: per username in one tenant (as typed, stripped and
lower-cased like :func:`~coalition.actors.accounts.authenticate` does, whether or not such
a login exists, so a refusal tells nothing about which usernames are real) and per client
address (across tenants: one machine guessing in several workspaces is one guesser).
After :data:`USERNAME_LIMIT` failures for a username, or :data:`ADDRESS_LIMIT` from an
address, within :data:`WINDOW_SECONDS`, further attempts are refused without looking at
the password until that window has passed. A successful sign-in clears the username's
count; the address's count stays, and successes never add to it, so a shared office
address where people sign in all day is only ever limited by wrong passwords.

Counting is a fixed window per key: the stored value is the number of failures and the
time the window ends, and the entry expires by itself at that time (store TTL). The first
failure opens a window; later failures raise the count but never move its end, and
refused attempts are not counted, so a person whose username is being guessed can sign
in again at a known time. The store has only ``get`` and ``set``, so the count is a read
then a write: two failures at the same instant may count once, and requests in flight
together all pass the check before any of them is counted. That lets a guesser with many
parallel connections try a few more passwords per window than the limit, which does not
matter against the password space; in exchange the counting works the same on every
store, needs no locks and no Redis scripts, and a lost update can only make the limit
softer, never lock anyone out wrongly. The window's end is kept in the value rather than
read from the store's TTL so that it follows :func:`clock`, which tests replace.

The store (:func:`throttle_store`) is Redis when ``COALITION_REDIS_URL`` is set, so that
every portal process shares the counts, else memory in the one embedded process. Keys
carry a hash of the username, never the typed text (people type passwords into the
username field). Behind a reverse proxy the client address is the proxy's unless the
server is told to trust its forwarded headers (uvicorn ``--proxy-headers``).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from litestar.connection import ASGIConnection
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from coalition.settings import Settings

#: Failures for one username in one tenant before it is refused for the rest of the window.
USERNAME_LIMIT = 5
#: Failures from one client address (any username, any tenant) before it is refused.
ADDRESS_LIMIT = 30
#: Length of a counting window; a refusal lasts until the window that filled up ends.
WINDOW_SECONDS = 15 * 60
#: Name of the store in the app's store registry (registered by :mod:`portal.plugin`).
STORE_NAME = "sign-ins"
#: Key prefix in Redis, apart from the sessions'.
REDIS_NAMESPACE = "coalition-sign-ins"

#: When a memory store next drops its ended windows (Redis drops them by itself).
_next_sweep = 0.0


def clock() -> float:
    """Seconds since the epoch; tests replace it to let windows pass."""
    return time.time()


def throttle_store(settings: Settings) -> Store:
    """Redis when configured (the counts are shared by every process), else memory."""
    if settings.redis_url:
        return RedisStore.with_client(url=settings.redis_url, namespace=REDIS_NAMESPACE)
    return MemoryStore()


@dataclass(frozen=True, slots=True)
class Attempt:
    """One sign-in attempt: the keys it is counted under."""

    username_key: str
    address_key: str

    @classmethod
    def of(cls, tenant_id: int, username: str, address: str) -> Attempt:
        typed = username.strip().lower().encode("utf-8")
        digest = hashlib.sha256(typed).hexdigest()[:32]
        return cls(username_key=f"user:{tenant_id}:{digest}", address_key=f"address:{address}")


def client_address(connection: ASGIConnection) -> str:
    return connection.client.host if connection.client else "unknown"


@dataclass(frozen=True, slots=True)
class _Window:
    failures: int
    ends_at: float


async def _window(store: Store, key: str, now: float) -> _Window | None:
    """The open window of ``key``, if any (an ended or unreadable one counts as none)."""
    raw = await store.get(key)
    if raw is None:
        return None
    try:
        failures, ends_at = raw.decode("ascii").split(" ")
        window = _Window(int(failures), float(ends_at))
    except ValueError:
        return None
    return window if window.ends_at > now else None


async def refused_for(store: Store, attempt: Attempt) -> int | None:
    """Seconds until ``attempt`` may be made, or None if it may be made now."""
    now = clock()
    wait = 0.0
    for key, limit in (
        (attempt.username_key, USERNAME_LIMIT),
        (attempt.address_key, ADDRESS_LIMIT),
    ):
        window = await _window(store, key, now)
        if window is not None and window.failures >= limit:
            wait = max(wait, window.ends_at - now)
    return max(1, math.ceil(wait)) if wait > 0 else None


async def record_failure(store: Store, attempt: Attempt) -> None:
    """Count a wrong username or password against the username and the address."""
    global _next_sweep
    now = clock()
    if isinstance(store, MemoryStore) and now >= _next_sweep:
        _next_sweep = now + WINDOW_SECONDS
        await store.delete_expired()  # windows of usernames nobody types again
    for key in (attempt.username_key, attempt.address_key):
        window = await _window(store, key, now)
        if window is None:
            window = _Window(0, now + WINDOW_SECONDS)
        await store.set(
            key,
            f"{window.failures + 1} {window.ends_at!r}",
            expires_in=max(1, math.ceil(window.ends_at - now)),
        )


async def record_success(store: Store, attempt: Attempt) -> None:
    """The person knew the password: their username's count starts again."""
    await store.delete(attempt.username_key)
