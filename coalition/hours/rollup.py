"""The hours roll-up (``hours_rollup``): what database triggers keep, and how to rebuild it.

The triggers themselves are created by the hours migration of 2026-11-26T16:30; bulk loads
that bypass them (a COPY with the trigger disabled) rebuild a tenant's roll-up with
:func:`rebuild_statements`, run with that tenant set for row-level security.
"""

from __future__ import annotations

DIMENSIONS = ("volunteer", "community", "organisation", "unit", "alliance")
GRAINS = ("month", "year")


def rebuild_statements(tenant_id: int, *, postgres: bool) -> list[str]:
    """SQL that empties one tenant's roll-up and adds up its records again."""
    tenant = int(tenant_id)
    # Only an int and this module's own constants go into the SQL.
    statements = [f"DELETE FROM hours_rollup WHERE tenant_id = {tenant}"]  # noqa: S608
    for grain in GRAINS:
        if postgres:
            period = f"date_trunc('{grain}', served_on)::date"
        else:
            period = f"date(served_on, 'start of {grain}')"
        for dimension in (*DIMENSIONS, "total"):
            key = "0" if dimension == "total" else dimension
            statements.append(
                "INSERT INTO hours_rollup "  # noqa: S608
                "(tenant_id, grain, period, dimension, key, status, minutes, records) "
                f"SELECT tenant_id, '{grain}', {period}, '{dimension}', {key}, status, "
                "SUM(minutes), COUNT(*) FROM hours_record "
                f"WHERE tenant_id = {tenant} AND {key} IS NOT NULL "
                f"GROUP BY tenant_id, {period}, {'' if dimension == 'total' else key + ', '}status"
            )
    return statements
