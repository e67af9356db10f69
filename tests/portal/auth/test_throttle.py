"""Password guessing is slowed down: too many wrong passwords and the form refuses for a while."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.auth import throttle
from tests.conftest import IN_CI
from tests.portal.conftest import BASE_URL, PASSWORD, login, make_settings, post_form, text_of

T0 = 1_800_000_000.0
REDIS_URL = os.environ.get("COALITION_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


class Clock:
    """The throttle's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle, "clock", clock)
    return clock


async def sign_in(client: Any, slug: str, username: str, password: str = PASSWORD) -> Any:
    await client.get(f"/t/{slug}/login")
    return await post_form(client, f"/t/{slug}/login", {"username": username, "password": password})


async def fail(client: Any, slug: str, username: str, times: int = 1) -> None:
    for _ in range(times):
        response = await sign_in(client, slug, username, "not the password")
        assert response.status_code == 422, response.text


async def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while(
    client, workspace, clock
) -> None:
    await fail(client, workspace.slug, "admin", 3)
    await fail(client, workspace.slug, " Admin ", 2)  # the username as typed, normalised

    response = await sign_in(client, workspace.slug, workspace.admin)

    assert response.status_code == 429
    assert response.headers["retry-after"] == "900"
    assert "登录失败次数过多，请 15 分钟后再试。" in text_of(response.text)
    assert 'value="admin"' in response.text  # the username is kept, the password is not
    assert PASSWORD not in response.text
    assert "用户名或密码错误" not in response.text  # the password was not even checked
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 303  # no session


async def test_the_refusal_is_in_english_on_an_english_page(client, workspace, clock) -> None:
    await post_form(client, "/lang", {"lang": "en", "next": "/"})
    await fail(client, workspace.slug, workspace.admin, 5)

    response = await sign_in(client, workspace.slug, workspace.admin)

    assert response.status_code == 429
    assert "Too many failed sign-ins. Try again in 15 minutes." in text_of(response.text)
    assert response.headers["retry-after"] == "900"


async def test_the_wait_shown_shrinks_as_the_window_passes(client, workspace, clock) -> None:
    await fail(client, workspace.slug, workspace.admin, 5)
    clock.advance(14 * 60 + 30)

    response = await sign_in(client, workspace.slug, workspace.admin)

    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert "登录失败次数过多，请 1 分钟后再试。" in text_of(response.text)


async def test_other_people_of_the_workspace_can_still_sign_in(client, workspace, clock) -> None:
    await fail(client, workspace.slug, workspace.admin, 5)

    response = await sign_in(client, workspace.slug, workspace.volunteer)

    assert response.status_code == 303
    assert (await client.get(f"/t/{workspace.slug}/")).status_code == 200


async def test_an_unknown_username_is_refused_the_same_way(client, workspace, clock) -> None:
    await fail(client, workspace.slug, "nobody", 5)
    await fail(client, workspace.slug, workspace.admin, 5)

    unknown = await sign_in(client, workspace.slug, "nobody", "anything")
    known = await sign_in(client, workspace.slug, workspace.admin, "anything")

    assert unknown.status_code == known.status_code == 429
    assert unknown.headers["retry-after"] == known.headers["retry-after"]
    assert text_of(unknown.text).replace("nobody", "admin") == text_of(known.text)


async def test_once_the_window_has_passed_the_right_password_works(
    client, workspace, clock
) -> None:
    await fail(client, workspace.slug, workspace.admin, 5)
    clock.advance(throttle.WINDOW_SECONDS - 1)
    assert (await sign_in(client, workspace.slug, workspace.admin)).status_code == 429

    clock.advance(1)

    assert (await sign_in(client, workspace.slug, workspace.admin)).status_code == 303


async def test_refused_attempts_do_not_prolong_the_wait(client, workspace, clock) -> None:
    await fail(client, workspace.slug, workspace.admin, 5)
    for _ in range(3):
        clock.advance(5 * 60)
        await sign_in(client, workspace.slug, workspace.admin, "another guess")

    assert (await sign_in(client, workspace.slug, workspace.admin)).status_code == 303


async def test_a_successful_sign_in_starts_the_count_again(client, workspace, clock) -> None:
    await fail(client, workspace.slug, workspace.admin, 4)
    await login(client, workspace.slug, workspace.admin)
    await fail(client, workspace.slug, workspace.admin, 4)

    assert (await sign_in(client, workspace.slug, workspace.admin)).status_code == 303


async def test_one_address_guessing_many_usernames_is_refused(
    app, client, workspace, clock
) -> None:
    for n in range(throttle.ADDRESS_LIMIT - 1):
        await fail(client, workspace.slug, f"guess{n}")
    # Signing in works and clears the username's count, not the address's.
    await login(client, workspace.slug, workspace.volunteer)
    await fail(client, workspace.slug, "one-more-guess")

    response = await sign_in(client, workspace.slug, workspace.admin)

    assert response.status_code == 429
    assert response.headers["retry-after"] == "900"
    # Someone elsewhere signs in as usual.
    elsewhere = httpx.ASGITransport(app=app, client=("198.51.100.7", 40000))
    async with httpx.AsyncClient(transport=elsewhere, base_url=BASE_URL) as other:
        assert (await sign_in(other, workspace.slug, workspace.admin)).status_code == 303


async def test_signing_in_many_times_from_one_address_is_never_refused(
    client, workspace, clock
) -> None:
    for _ in range(throttle.ADDRESS_LIMIT + 1):
        await login(client, workspace.slug, workspace.volunteer)


async def test_a_username_refused_in_one_workspace_signs_in_to_another(
    client, workspace, other_workspace, clock
) -> None:
    await fail(client, workspace.slug, "admin", 5)
    assert (await sign_in(client, workspace.slug, "admin")).status_code == 429

    response = await sign_in(client, other_workspace.slug, "admin")

    assert response.status_code == 303


def test_the_counts_live_in_redis_when_it_is_configured_else_in_memory(tmp_path) -> None:
    shared = throttle.throttle_store(make_settings(tmp_path, redis_url="redis://redis:6379/0"))
    alone = throttle.throttle_store(make_settings(tmp_path))

    assert isinstance(shared, RedisStore)
    assert shared.namespace == "coalition-sign-ins"
    assert isinstance(alone, MemoryStore)


@pytest.fixture
async def redis_namespace() -> AsyncIterator[str]:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
    except (RedisConnectionError, OSError) as error:
        message = f"Redis is needed at {REDIS_URL} ({error})"
        if IN_CI:
            pytest.fail(message + "; CI requires it", pytrace=False)
        pytest.skip(message + "; set COALITION_TEST_REDIS_URL to run this test")
    finally:
        await client.aclose()
    namespace = f"coalition-sign-ins-test-{uuid.uuid4().hex}"
    yield namespace
    async with redis_store(namespace) as store:
        await store.delete_all()


@asynccontextmanager
async def redis_store(namespace: str) -> AsyncIterator[RedisStore]:
    """The store a portal process makes, closed afterwards as the app closes it."""
    store = RedisStore.with_client(url=REDIS_URL, namespace=namespace)
    try:
        yield store
    finally:
        await store.__aexit__(None, None, None)


async def test_portal_processes_sharing_redis_share_the_counts(redis_namespace, clock) -> None:
    attempt = throttle.Attempt.of(1, "admin", "203.0.113.9")
    async with (
        redis_store(redis_namespace) as first,
        redis_store(redis_namespace) as second,
    ):
        for store in (first, second, first, second, first):
            assert await throttle.refused_for(store, attempt) is None
            await throttle.record_failure(store, attempt)

        assert await throttle.refused_for(second, attempt) == throttle.WINDOW_SECONDS
        assert 0 < (await second.expires_in(attempt.username_key) or 0) <= 900
        await throttle.record_success(first, attempt)
        assert await throttle.refused_for(second, attempt) is None
