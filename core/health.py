"""Liveness and readiness (config.health serves them at /gezond/ and /gereed/).

Readiness is a table of named checks; each answers True or False and never raises, so
one failing dependency names itself and the others are still checked. Nothing here
reads or returns personal data.
"""

import functools
import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from core import heartbeats

logger = logging.getLogger(__name__)


def database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """The newest migration of every app on disk. The code of a running process does
    not change, so the graph is read once; each probe asks only the database."""
    loader = MigrationLoader(None, ignore_no_migrations=True, load=False)
    loader.build_graph()
    return frozenset(loader.graph.leaf_nodes())


def migrations() -> bool:
    """Every app's newest migration is recorded as applied (a migration is applied
    after those it depends on, so the leaves stand for all)."""
    expected = expected_migrations()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = set(cursor.fetchall())
    return expected <= applied


def redis_broker() -> bool:
    return bool(heartbeats.client(settings.CELERY_BROKER_URL).ping())


def worker() -> bool:
    return heartbeats.fresh(settings.CELERY_BROKER_URL, heartbeats.WORKER)


def beat() -> bool:
    return heartbeats.fresh(settings.CELERY_BROKER_URL, heartbeats.BEAT)


CHECKS = {
    "database": database,
    "migrations": migrations,
    "redis": redis_broker,
    "worker": worker,
    "beat": beat,
}


def readiness() -> dict[str, bool]:
    """{check name: passed} for every check of ``CHECKS``."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = bool(check())
        except Exception as error:  # noqa: BLE001  (a probe answers, never raises)
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            results[name] = False
    return results
