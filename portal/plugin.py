"""The portal's one init plugin: everything an app needs around the route handlers.

Templates (Jinja2, rendered synchronously), static files, server-side sessions, CSRF,
exception handlers, the ``member``/``tenant`` dependencies, i18n, htmx requests, security
headers, and the database: the engine is bound at startup, and on PostgreSQL the
connection pool is started at startup and closed at shutdown.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.datastructures import CacheControlHeader
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol
from litestar.plugins.htmx import HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore
from litestar.template import TemplateConfig
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from coalition.db import bind
from coalition.settings import Settings
from coalition.tenancy.rls import app_role_problems
from portal.auth.members import provide_member, provide_tenant
from portal.auth.sessions import session_config
from portal.auth.throttle import STORE_NAME, throttle_store
from portal.errors import EXCEPTION_HANDLERS
from portal.i18n import LANG_COOKIE
from portal.rendering import STATIC_DIR
from portal.security import (
    add_security_headers,
    cookie_name,
    csrf_config,
    secret_key,
    var_dir,
)
from tasks import runtime

PORTAL_DIR = Path(__file__).resolve().parent
#: Shared layout, components and error pages first, then each context's pages.
TEMPLATE_DIRS = [
    PORTAL_DIR / "templates",
    *sorted(p for p in PORTAL_DIR.glob("*/templates") if p.parent.name != "templates"),
]
STATIC_MAX_AGE = 60 * 60 * 24 * 365  # URLs carry a content hash (rendering.static_url)


def template_environment(*, debug: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader([str(p) for p in TEMPLATE_DIRS]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=debug,
    )


def session_store(settings: Settings) -> Store:
    """Redis when configured (shared by every process), else files under var/."""
    if settings.redis_url:
        return RedisStore.with_client(url=settings.redis_url, namespace="coalition-sessions")
    return FileStore(var_dir(settings) / "sessions", create_directories=True)


class PortalPlugin(InitPluginProtocol):
    def __init__(self, *, settings: Settings, engine: Engine, store: Store | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store if store is not None else session_store(settings)
        self.sign_ins = throttle_store(settings)

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        settings = self.settings
        secret = secret_key(settings)
        csrf = csrf_config(settings, secret)
        environment = template_environment(debug=settings.debug)
        app_config.template_config = TemplateConfig(
            instance=JinjaTemplateEngine.from_environment(environment)
        )
        app_config.route_handlers.append(
            create_static_files_router(
                path="/static",
                directories=[STATIC_DIR],
                cache_control=CacheControlHeader(max_age=STATIC_MAX_AGE, public=True),
                opt={"skip_session": True, "exclude_from_csrf": True},
                include_in_schema=False,
            )
        )
        app_config.stores = {"sessions": self.store, STORE_NAME: self.sign_ins}
        app_config.middleware.append(
            session_config(
                key=cookie_name("session", settings), secure=settings.secure_cookies
            ).middleware
        )
        app_config.csrf_config = csrf
        app_config.request_class = HTMXRequest
        app_config.exception_handlers = {**EXCEPTION_HANDLERS, **app_config.exception_handlers}
        app_config.dependencies.setdefault("member", Provide(provide_member))
        app_config.dependencies.setdefault("tenant", Provide(provide_tenant))
        app_config.before_send.append(add_security_headers)
        app_config.cache_control = CacheControlHeader(no_store=True)
        app_config.debug = settings.debug
        app_config.state.update(
            {
                "settings": settings,
                "i18n": (cookie_name(LANG_COOKIE, settings), settings.default_locale),
                "csrf_cookie": csrf.cookie_name,
            }
        )
        app_config.on_startup.append(self.startup)
        app_config.on_shutdown.append(self.shutdown)
        return app_config

    async def startup(self, app: Litestar) -> None:
        bind(self.engine)
        if isinstance(self.engine, PostgresEngine):
            problems = await app_role_problems(self.engine)
            if problems and not self.settings.allow_privileged_db_role:
                raise RuntimeError(
                    "Row-level security would not bind the portal's database role ("
                    + "; ".join(problems)
                    + "). Connect as the application role (COALITION_DB_APP_ROLE, granted by "
                    "`coalition migrate`) and migrate with COALITION_MIGRATE_DATABASE_URL."
                )
            await self.engine.start_connection_pool(
                min_size=1, max_size=self.settings.pool_max_size
            )
        else:
            await self.engine.prep_database()  # WAL and the busy timeout (coalition.db)
        if isinstance(self.store, FileStore):
            await self.store.delete_expired()
        # Notifications: hand the outbox to arq, or (no Redis) run the jobs in-process.
        await runtime.start(self.settings)

    async def shutdown(self, app: Litestar) -> None:
        await runtime.stop()
        if isinstance(self.engine, PostgresEngine):
            await self.engine.close_connection_pool()
