"""Portal tests: the app over the session's migrated SQLite file, over HTTPS.

The client talks to ``https://testserver.local`` so that ``Secure`` cookies travel as
they do in a browser. Each test gets its own app, session store and tenants.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.stores.memory import MemoryStore
from litestar.testing import AsyncTestClient

from coalition.actors.accounts import create_account, create_person, grant_role
from coalition.actors.schemas import MembershipInput, PersonInput
from coalition.db import bind
from coalition.settings import Settings
from coalition.tenancy import TenantScope
from coalition.tenancy.tables import Tenant
from coalition.testing.factories import TenantFactory
from portal.app import create_app

BASE_URL = "https://testserver.local"
PASSWORD = "correct horse battery"
SESSION_COOKIE = "__Host-session"
CSRF_COOKIE = "__Host-csrftoken"
HTMX = {"HX-Request": "true"}


def make_settings(tmp_path: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": None,
        "migrate_database_url": None,
        "sqlite_path": tmp_path / "var" / "coalition.sqlite",
        "redis_url": None,
        "app_role": "coalition_app",
        "secret_key": "portal-tests-" + "s" * 40,
        "default_locale": "zh-Hans",
        "debug": False,
        "secure_cookies": True,
        "pool_max_size": 2,
        "embedded_jobs": False,  # the jobs have tests of their own (tests/tasks)
    }
    values.update(changes)
    return Settings(**values)


@dataclass
class Workspace:
    """A tenant with people who can sign in: an administrator and a volunteer."""

    tenant: Tenant
    admin: str
    volunteer: str

    @property
    def slug(self) -> str:
        return self.tenant.slug


async def person_with_login(tenant_id: int, username: str, *roles: dict[str, Any]) -> int:
    scope = TenantScope.system(tenant_id)
    person = await create_person(scope, PersonInput(name=f"{username}同志"))
    await create_account(scope, person_id=person.id, username=username, password=PASSWORD)
    for role in roles:
        await grant_role(scope, MembershipInput(person_id=person.id, **role))
    return person.id


async def make_workspace() -> Workspace:
    tenant = await TenantFactory.create()
    await person_with_login(tenant.id, "admin", {"role": "tenant_admin"})
    await person_with_login(tenant.id, "volunteer", {"role": "volunteer"})
    return Workspace(tenant=tenant, admin="admin", volunteer="volunteer")


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def app(sqlite_engine: Any, tmp_path: Path, store: MemoryStore) -> Litestar:
    bind(sqlite_engine)
    return create_app(engine=sqlite_engine, settings=make_settings(tmp_path), session_store=store)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        client.follow_redirects = False  # tests look at each redirect
        yield client


@pytest.fixture
async def workspace(sqlite_engine: Any) -> Workspace:
    bind(sqlite_engine)
    return await make_workspace()


@pytest.fixture
async def other_workspace(sqlite_engine: Any) -> Workspace:
    bind(sqlite_engine)
    return await make_workspace()


async def csrf_token(client: AsyncTestClient[Any], path: str = "/") -> str:
    """The token a browser would hold after opening a page."""
    if CSRF_COOKIE not in client.cookies:
        await client.get(path)
    return client.cookies[CSRF_COOKIE]


async def post_form(
    client: AsyncTestClient[Any], path: str, data: dict[str, str], **kwargs: Any
) -> Any:
    """POST a form as a browser does: with the CSRF token in a hidden field."""
    token = await csrf_token(client)
    return await client.post(path, data={**data, "_csrf_token": token}, **kwargs)


async def login(client: AsyncTestClient[Any], slug: str, username: str) -> Any:
    await client.get(f"/t/{slug}/login")
    response = await post_form(
        client, f"/t/{slug}/login", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 303, response.text
    return response


def set_cookie_headers(response: Any, name: str) -> list[str]:
    return [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]


def text_of(html: str) -> str:
    """The visible text of a page, roughly (tags dropped, spaces squeezed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
