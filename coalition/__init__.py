"""coalition: the five-community linkage and party-building alliances as a library.

The library binds no database engine and imports no web framework. A host application
lists the Piccolo apps of :mod:`coalition.apps` in its ``piccolo_conf.APP_REGISTRY`` (or
binds an engine with :func:`coalition.db.bind`) and calls the services of each context
with an explicit :class:`coalition.tenancy.TenantScope`.
"""

__version__ = "0.1.0"
