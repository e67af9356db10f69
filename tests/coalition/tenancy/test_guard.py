"""Every tenant-owned query goes through the tenant scope: no service filters by hand.

The check reads the library's source: a call such as ``Grid.select(...)``, ``row.save()``
or a comparison with ``.tenant`` outside coalition/tenancy/ is a query that could forget
the tenant, and fails this test.
"""

import ast
from pathlib import Path

from coalition.db import library_tables
from coalition.tenancy.tables import is_tenant_owned

LIBRARY = Path(__file__).resolve().parents[3] / "coalition"
QUERY_METHODS = {"select", "objects", "insert", "update", "delete", "count", "exists", "raw"}
ROW_METHODS = {"save", "remove", "refresh", "get_related"}
EXEMPT = ("tenancy", "testing", "piccolo_migrations")
TENANT_TABLES = {t.__name__ for t in library_tables() if is_tenant_owned(t)}


def violations(source: str, filename: str = "<source>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, method = node.func.value, node.func.attr
            if (
                method in QUERY_METHODS
                and isinstance(owner, ast.Name)
                and owner.id in TENANT_TABLES
            ):
                found.append(f"{filename}:{node.lineno} {owner.id}.{method}()")
            if method in ROW_METHODS:
                found.append(f"{filename}:{node.lineno} .{method}() on a row")
        if isinstance(node, ast.Attribute) and node.attr == "tenant":
            found.append(f"{filename}:{node.lineno} filters by .tenant by hand")
    return found


def test_the_guard_catches_unscoped_queries() -> None:
    source = "async def f():\n    await Grid.select().where(Grid.tenant == 1)\n    await g.save()\n"
    assert len(violations(source)) == 3


def test_no_library_module_queries_tenant_rows_outside_the_scope() -> None:
    found = []
    for path in sorted(LIBRARY.rglob("*.py")):
        relative = path.relative_to(LIBRARY)
        if relative.parts[0] in EXEMPT or "piccolo_migrations" in relative.parts:
            continue
        found += violations(path.read_text(encoding="utf-8"), str(relative))
    assert len(TENANT_TABLES) >= 11
    assert found == []
