"""Dashboard releases kept in the database while the data they were computed from are
unchanged. PostgreSQL triggers renew ``DataStamp.token`` on every change to signals,
consents or provinces (so a revoked consent invalidates every cached release at once);
a cached release is used only under the current token. Only published (protected)
figures are cached, never raw counts; the cache is shared by web and worker processes,
so the beat job can prepare the default dashboard."""

import hashlib
import json

from django.db import connection
from django.utils import translation

from signals import disclosure
from signals.release import build_release, default_selection
from signals.stats import Selection

LOOKUP_SQL = """
SELECT d.token, c.release
FROM signals_datastamp d
LEFT JOIN signals_cachedrelease c ON c.key = %s AND c.token = d.token
WHERE d.id = 1
"""
STORE_SQL = """
INSERT INTO signals_cachedrelease (key, token, release, created_at)
VALUES (%s, %s, %s, now())
ON CONFLICT (key) DO UPDATE SET token = EXCLUDED.token, release = EXCLUDED.release,
    created_at = EXCLUDED.created_at
"""


def _key(selection: Selection, params: disclosure.Params) -> str:
    blob = json.dumps(
        [
            selection.first_quarter,
            selection.last_quarter,
            sorted(selection.filters.items()),
            params.as_dict(),
            translation.get_language(),
        ]
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def dashboard_release(selection: Selection, params=None) -> dict:
    """The published release of ``selection``, or ``{"refused": message}``."""
    params = params or disclosure.Params.from_settings()
    key = _key(selection, params)
    with connection.cursor() as cursor:
        cursor.execute(LOOKUP_SQL, [key])
        row = cursor.fetchone()
    token, cached = row if row else (None, None)
    if cached is not None:
        return json.loads(cached) if isinstance(cached, str) else cached
    try:
        release = build_release(selection, params).published()
    except disclosure.Refused as refusal:
        release = {"refused": str(refusal)}
    if token is not None:
        # Stored under the token read before counting: if the data changed meanwhile,
        # the entry is stale at once and never used.
        with connection.cursor() as cursor:
            cursor.execute(STORE_SQL, [key, token, json.dumps(release)])
    return release


def warm() -> None:
    """Prepare the default dashboard in every language; drop stale entries."""
    from django.conf import settings

    from signals.models import CachedRelease, DataStamp

    current = DataStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    CachedRelease.objects.exclude(token=current).delete()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            dashboard_release(default_selection())
