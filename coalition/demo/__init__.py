"""Demo tenants for ``make run``: built through the services, printed with their logins."""

from coalition.demo.seed import seed_demo

__all__ = ["seed_demo"]
