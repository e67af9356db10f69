"""Apply the library's migrations and grant the application role its privileges."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.finder import engine_finder

from coalition import settings
from coalition.tenancy.rls import grant_app_role


async def migrate() -> None:
    """Run every pending migration of the host's APP_REGISTRY, then the grants.

    Migrations run as the owner connection (``COALITION_MIGRATE_DATABASE_URL``, else
    ``COALITION_DATABASE_URL``); on PostgreSQL the role ``COALITION_DB_APP_ROLE`` is then
    allowed to read and write the tables without owning them, so that row-level security
    binds it.
    """
    response = await run_forwards(app_name="all")
    if not response.success:
        raise RuntimeError(f"Migrations failed: {response.message}")
    engine = engine_finder()
    assert engine is not None
    await grant_app_role(engine, settings.load().app_role)
