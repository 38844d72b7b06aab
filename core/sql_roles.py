"""The two database roles (docs/security.md, "The database roles").

``DATABASES["default"]`` is the application's login role: it owns nothing and may
only read and write rows (core/sql/0003_app_role_privileges.sql). ``DATABASES["owner"]``
owns the schema: migrations run as the owner, and core's ``migrate`` command runs
there unless told otherwise.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

OWNER = "owner"


def owner_alias() -> str:
    """The alias migrations run on: ``owner`` when configured, else ``default``."""
    return OWNER if OWNER in connections.settings else DEFAULT_DB_ALIAS


@contextmanager
def owner_as_default(alias: str | None = None):
    """Within the block, the ``default`` alias is the owner's connection (or
    ``alias``'s).

    Data migrations use the default alias unless they say otherwise; while the owner
    migrates, they then run in the owner's connection and transaction, as they did when
    there was one role, instead of in a second connection (as the application role)
    that cannot see the migration's uncommitted tables."""
    alias = alias or owner_alias()
    if alias == DEFAULT_DB_ALIAS:
        yield
        return
    app = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = connections[alias]
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS] = app
