"""The statistics dashboard: a row of key figures from the release's published figures
only (never a figure under the threshold), one footnote per page, and the map's legend
from the published values."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from regions.models import Province
from signals import charts
from signals import constants as sc
from tests.signals.conftest import closed_quarter, compiled_release

PARAMS = {"threshold": 10, "max_deviation": 2}


def _province_table(*cells):
    return {
        "table": "province",
        "withheld": False,
        "cells": [
            {"key": f"PV{20 + i}", "value": v, "display": str(v) if v else "<10"}
            for i, v in enumerate(cells)
        ],
    }


def _summary(**kwargs):
    values = {
        "persons": 44,
        "period_label": "3e kwartaal 2026",
        "previous": 20,
        "previous_label": "2e kwartaal 2026",
        "province_table": _province_table(30, None, 14),
        "params": PARAMS,
    }
    values.update(kwargs)
    with translation.override("en"):
        return {tile["key"]: tile for tile in charts.summary(**values)}


def test_summary_shows_the_published_total_and_the_change():
    tiles = _summary()
    assert tiles["persons"]["value"] == "44"
    assert tiles["change"]["value"] == "+24"
    assert "20" in tiles["change"]["note"]


def test_a_decrease_has_a_minus_sign():
    assert _summary(persons=20, previous=44)["change"]["value"] == "−24"


def test_a_change_under_the_threshold_is_never_shown_as_a_figure():
    tiles = _summary(persons=44, previous=40)
    value = tiles["change"]["value"]
    assert not re.search(r"\d", value), value
    assert "10" in tiles["change"]["note"]  # "difference smaller than 10"


@pytest.mark.parametrize(("persons", "previous"), [(None, 20), (44, None), (44, "")])
def test_no_change_unless_both_totals_are_published(persons, previous):
    tiles = _summary(persons=persons, previous=previous or None)
    assert "change" not in tiles


def test_a_suppressed_total_is_shown_as_under_the_threshold():
    assert _summary(persons=None)["persons"]["value"] == "<10"


def test_provinces_shown_counts_only_published_cells():
    tiles = _summary()
    assert tiles["provinces"]["value"] == "2 of 3"


def test_withheld_province_table_shows_no_province():
    table = {**_province_table(30, 14), "withheld": True}
    table["cells"] = [{**c, "value": None, "display": "×"} for c in table["cells"]]
    assert _summary(province_table=table)["provinces"]["value"] == "0 of 2"


def test_no_province_tile_without_a_province_table():
    assert "provinces" not in _summary(province_table=None)


# --- the page ------------------------------------------------------------------------


@pytest.fixture
def dashboard(client, staff_user, make_signals):
    q = closed_quarter()
    make_signals(37, quarter=q)
    make_signals(25, quarter=q - 1)
    make_signals(4, category=sc.SignalCategory.VIOLENCE, quarter=q)
    groningen = Province.objects.get_or_create(
        code="PV20", defaults={"name": "Groningen"}
    )[0]
    make_signals(3, quarter=q, province=groningen)  # "<10" on the map
    release = compiled_release()
    client.force_login(staff_user)
    with translation.override("nl"):
        response = client.get(reverse("signals:dashboard"))
    assert response.status_code == 200
    return release, response.content.decode()


def test_dashboard_has_one_footnote(dashboard):
    _release_, html = dashboard
    assert html.count("kb-note") == 1
    assert html.count("deviation") + html.count("afwijking") == 1


def test_dashboard_has_a_summary_row_of_published_figures(dashboard):
    release, html = dashboard
    q = closed_quarter()
    totals = release.figures["figures"]["total"]
    summary = html.split('class="kb-summary"')[1].split("</dl>")[0]
    tiles = dict(
        re.findall(r'data-key="(\w+)".*?<dd[^>]*>\s*([^<]*?)\s*<', summary, re.S)
    )
    assert tiles["persons"] == str(totals[f"q{q}"]["t"])
    change = totals[f"q{q}"]["t"] - totals[f"q{q - 1}"]["t"]
    if abs(change) >= 10:
        assert tiles["change"].lstrip("+−") == str(abs(change))
    else:
        assert not re.search(r"\d", tiles["change"])
    assert re.fullmatch(r"\d+ van \d+", tiles["provinces"])


def test_dashboard_charts_sit_in_a_two_column_grid(dashboard):
    _release_, html = dashboard
    assert 'class="kb-dashboard"' in html
    assert html.count('class="kb-chart') >= 2


def test_dashboard_map_legend_never_starts_at_zero(dashboard):
    _release_, html = dashboard
    legend = html.split('class="kb-map__legend"')[1].split("</ul>")[0]
    assert "vanaf" not in legend
    assert not re.search(r">\s*0\s*[–<]", legend)
    assert "niet getoond" in legend
