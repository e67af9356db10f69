"""The portal's app factory: ``uvicorn --factory portal.app:create_app``.

Imports are deferred so that importing this module costs nothing; settings are read from
the environment once, when the app is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.stores.base import Store
    from piccolo.engine.base import Engine

    from coalition.settings import Settings


def create_app(
    *,
    engine: Engine | None = None,
    settings: Settings | None = None,
    session_store: Store | None = None,
) -> Litestar:
    """The portal. Without arguments: the engine and settings of the environment.

    ``session_store`` replaces the configured one (tests pass a ``MemoryStore``).
    """
    from litestar import Litestar

    from coalition import settings as settings_module
    from coalition.db import engine_from_settings
    from portal.activities import controllers as activities
    from portal.auth.controllers import AuthController
    from portal.dashboard.controllers import DashboardController
    from portal.home.controllers import HomeController
    from portal.hours import controllers as hours
    from portal.imports import controllers as imports
    from portal.inbox import controllers as inbox
    from portal.matching import controllers as matching
    from portal.needs import controllers as needs
    from portal.places.controllers import PlacesController
    from portal.plugin import PortalPlugin
    from portal.reports import controllers as reports
    from portal.shifts import controllers as shifts

    settings = settings or settings_module.load()
    if engine is None:
        engine = engine_from_settings(settings.database_url, settings.sqlite_path)
    return Litestar(
        route_handlers=[
            HomeController,
            AuthController,
            DashboardController,
            PlacesController,
            *needs.CONTROLLERS,
            *shifts.CONTROLLERS,
            *hours.CONTROLLERS,
            *activities.CONTROLLERS,
            *reports.CONTROLLERS,
            *matching.CONTROLLERS,
            *inbox.CONTROLLERS,
            *imports.CONTROLLERS,
        ],
        plugins=[PortalPlugin(settings=settings, engine=engine, store=session_store)],
        openapi_config=None,
    )
