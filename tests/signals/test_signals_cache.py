"""The beat job that prepares the dashboard: the default period and each single
filter on it, counted once per selection, never stored under newer data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from signals import cache
from signals import constants as sc
from signals.models import CachedRelease
from tests.signals.conftest import current_quarter


def _counting_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "signals_personsummary" in q["sql"]]


def test_warm_prepares_the_default_and_each_single_filter(
    client, staff_user, make_signals, province
):
    make_signals(30)
    make_signals(12, category=sc.SignalCategory.VIOLENCE)
    cache.warm()
    client.force_login(staff_user)
    url = reverse("signals:dashboard")
    for params in (
        {},
        {"category": sc.SignalCategory.VIOLENCE},
        {"province": province.pk},
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        assert _counting_queries(queries) == [], params
    body = client.get(url, {"category": sc.SignalCategory.VIOLENCE}).content.decode()
    assert "Personen in deze selectie: 10" in body  # 12 persons, rounded to 5


def test_warm_counts_each_selection_once_for_both_languages(make_signals):
    make_signals(30)
    selections = cache.warm_selections()

    assert cache.warm() == len(selections)
    assert CachedRelease.objects.count() == 2 * len(selections)  # nl and en
    assert cache.warm() == 0  # nothing changed: nothing counted


def test_warm_counts_again_after_a_change(make_signals):
    make_signals(30)
    cache.warm()
    make_signals(1)  # a trigger renews the data stamp

    assert cache.warm() == len(cache.warm_selections())


def test_a_release_counted_while_the_data_changed_is_never_used(
    client, staff_user, make_signals, monkeypatch
):
    make_signals(30)
    counted = cache.count_persons

    def count_then_change(selection):
        counts = counted(selection)
        if not selection.filters:
            make_signals(20)  # lands after the count, before the release is stored
        return counts

    monkeypatch.setattr(cache, "count_persons", count_then_change)
    cache.warm()
    monkeypatch.undo()

    client.force_login(staff_user)
    url = reverse("signals:dashboard")
    assert "Personen in deze selectie: 50" in client.get(url).content.decode()


def test_warm_covers_the_default_period(make_signals):
    selections = cache.warm_selections()

    assert {(s.first_quarter, s.last_quarter) for s in selections} == {
        (current_quarter() - 7, current_quarter())
    }
    assert {frozenset(s.filters) for s in selections} == {
        frozenset(),
        *(frozenset([name]) for name in cache.MASK_FIELDS),
        frozenset(["province_id"]),
        frozenset(["region_id"]),
    }
