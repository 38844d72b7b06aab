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
from signals.models import CachedRelease, DataStamp
from signals.release import build_release, default_selection
from signals.stats import MASK_FIELDS, Selection, count_persons

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


def _publish(selection: Selection, params, counts=None) -> dict:
    try:
        return build_release(selection, params, counts=counts).published()
    except disclosure.Refused as refusal:
        return {"refused": str(refusal)}


def _store(key: str, token, release: dict) -> None:
    # Always under the token read before counting: if the data changed meanwhile,
    # the entry is stale at once and never used.
    with connection.cursor() as cursor:
        cursor.execute(STORE_SQL, [key, token, json.dumps(release)])


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
    release = _publish(selection, params)
    if token is not None:
        _store(key, token, release)
    return release


def warm_selections() -> list[Selection]:
    """The default dashboard and each single filter on it: what staff open first."""
    from regions.models import Province, Region

    default = default_selection()
    period = (default.first_quarter, default.last_quarter)
    selections = [default]
    for name, choices in MASK_FIELDS.items():
        selections += [Selection(*period, {name: value}) for value in choices.values]
    for pk in Province.objects.order_by("code").values_list("pk", flat=True):
        selections.append(Selection(*period, {"province_id": pk}))
    for pk in Region.objects.filter(is_active=True).values_list("pk", flat=True):
        selections.append(Selection(*period, {"region_id": pk}))
    return selections


def warm() -> int:
    """Prepare the default dashboard and each of its single filters in every
    language, counting once per selection; drop stale entries. Returns how many
    selections were counted."""
    from django.conf import settings

    params = disclosure.Params.from_settings()
    current = DataStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    CachedRelease.objects.exclude(token=current).delete()
    counted = 0
    for selection in warm_selections():
        token = DataStamp.objects.filter(pk=1).values_list("token", flat=True).first()
        keys = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                keys[code] = _key(selection, params)
        cached = set(
            CachedRelease.objects.filter(
                key__in=keys.values(), token=token
            ).values_list("key", flat=True)
        )
        missing = [code for code, key in keys.items() if key not in cached]
        if not missing or token is None:
            continue
        counts = count_persons(selection)
        counted += 1
        for code in missing:
            with translation.override(code):
                _store(keys[code], token, _publish(selection, params, counts))
    return counted
