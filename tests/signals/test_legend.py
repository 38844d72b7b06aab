"""The statistics map's legend tells the truth: its classes come from the published
figures only, never start below the disclosure threshold, never repeat a bound, and a
swatch "<10 / not shown" stands for the cells that are not shown."""

import random
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from signals.charts import map_legend

PARAMS = {"threshold": 10, "max_deviation": 2}


def _bounds(legend):
    return [(c.lower, c.upper) for c in legend["classes"]]


def _labels(legend):
    return [c.label for c in legend["classes"]]


def _assert_truthful(legend, values, threshold=10):
    numbers = sorted(v for v in values.values() if isinstance(v, int))
    classes = legend["classes"]
    lowers = [c.lower for c in classes]
    assert lowers == sorted(set(lowers)), "bounds repeat or run backwards"
    assert len(set(_labels(legend))) == len(classes), "two classes share a label"
    assert all(c.lower >= threshold for c in classes), "a class below the threshold"
    for a, b in zip(classes, classes[1:], strict=False):
        assert a.upper + 1 == b.lower, "classes leave a gap or overlap"
    if numbers:
        assert classes[0].lower == numbers[0]
        assert classes[-1].upper == numbers[-1]
        for c in classes:  # every class holds a published figure
            assert any(c.lower <= n <= c.upper for n in numbers), c
    assert len(classes) <= 5


def test_few_values_give_one_class_per_value_starting_at_the_smallest():
    values = {"PV20": 12, "PV21": 15, "PV22": "<10"}
    legend = map_legend(values, PARAMS)
    assert _bounds(legend) == [(12, 14), (15, 15)]
    assert _labels(legend) == ["12–14", "15"]
    _assert_truthful(legend, values)


def test_all_suppressed_gives_no_classes_and_only_the_not_shown_swatch():
    values = {"PV20": "<10", "PV21": "<10", "PV22": "<10"}
    with translation.override("en"):
        legend = map_legend(values, PARAMS)
    assert legend["classes"] == []
    assert legend["hidden_label"] == "<10 / not shown"


def test_no_figures_at_all_give_no_classes_and_no_swatch():
    assert map_legend({}, PARAMS) == {"classes": [], "hidden_label": None}


def test_not_shown_swatch_in_dutch():
    with translation.override("nl"):
        legend = map_legend({"PV20": "<10", "PV21": 30}, PARAMS)
    assert legend["hidden_label"] == "<10 / niet getoond"


def test_no_not_shown_swatch_when_every_cell_is_published():
    legend = map_legend({"PV20": 20, "PV21": 30}, PARAMS)
    assert legend["hidden_label"] is None


def test_withheld_cells_are_named_in_the_not_shown_swatch():
    with translation.override("en"):
        legend = map_legend({"PV20": "<10", "PV21": "×", "PV22": 40}, PARAMS)
    assert legend["hidden_label"] == "<10, × / not shown"


def test_equal_values_give_a_single_class():
    values = {"PV20": 20, "PV21": 20, "PV22": 20}
    legend = map_legend(values, PARAMS)
    assert _bounds(legend) == [(20, 20)]
    assert _labels(legend) == ["20"]
    assert legend["classes"][0].shade == "4"


def test_no_class_ever_starts_below_the_threshold():
    # A figure below the threshold is never published; if one slipped through it
    # still would not pull a class under the threshold.
    legend = map_legend({"PV20": 0, "PV21": 3, "PV22": 40, "PV23": 90}, PARAMS)
    assert all(c.lower >= 10 for c in legend["classes"])
    assert not any(label.startswith(("0", "1–", "3")) for label in _labels(legend))


def test_the_threshold_of_the_release_is_used():
    legend = map_legend({"PV20": 16, "PV21": "<15"}, {"threshold": 15})
    assert legend["classes"][0].lower == 16
    with translation.override("en"):
        assert map_legend({"PV21": "<15"}, {"threshold": 15})["hidden_label"] == (
            "<15 / not shown"
        )


def test_wide_spread_gets_round_bounds_and_at_most_five_classes():
    values = {f"PV{20 + i}": v for i, v in enumerate([10, 25, 40, 55, 70, 100])}
    legend = map_legend(values, PARAMS)
    _assert_truthful(legend, values)
    assert _bounds(legend) == [(10, 19), (20, 39), (40, 59), (60, 79), (80, 100)]
    # The darkest shade for the top class, the lightest for the bottom one.
    assert legend["classes"][0].shade == "0"
    assert legend["classes"][-1].shade == "4"


def test_empty_classes_are_folded_into_their_neighbour():
    values = {"PV20": 10, "PV21": 11, "PV22": 95}
    legend = map_legend(values, PARAMS)
    _assert_truthful(legend, values)


def test_thousands_are_grouped_in_the_labels():
    with translation.override("nl"):
        legend = map_legend({"PV20": 1000, "PV21": 2500}, PARAMS)
    assert "2.500" in legend["classes"][-1].label


@pytest.mark.parametrize("seed", range(40))
def test_random_publications_always_give_a_truthful_legend(seed):
    rng = random.Random(seed)  # noqa: S311 - seeded test data, the same every run
    values = {}
    for i in range(12):
        values[f"PV{20 + i}"] = rng.choice(
            ["<10", "×", rng.randint(10, 14), rng.randint(10, 60), rng.randint(10, 999)]
        )
    _assert_truthful(map_legend(values, PARAMS), values)


# --- the maps that show the legend ---------------------------------------------------


def _render(source, **context):
    return Template(source).render(Context(context))


def test_statistics_map_shows_the_published_classes_and_the_swatch():
    values = {"PV20": 12, "PV21": 15, "PV27": "<10"}
    with translation.override("en"):
        html = _render(
            "{% load signals_charts %}{% statistics_map values 'Persons' '' params %}",
            values=values,
            params=PARAMS,
        )
    legend = html.split("kb-map__legend")[1]
    assert "12–14" in legend
    assert "&lt;10 / not shown" in legend
    assert not re.search(r"from 0|vanaf 0|>0<|>1<", legend)
    assert len(re.findall(r"<path ", html)) == 12
    assert "style=" not in html


def test_pdf_map_has_the_same_legend():
    values = {"PV20": 12, "PV21": 15, "PV27": "<10"}
    with translation.override("en"):
        html = _render(
            "{% load signals_pdf %}{% pdf_province_map values 'Persons' params %}",
            values=values,
            params=PARAMS,
        )
    assert "12–14" in html
    assert "&lt;10 / not shown" in html
    # WeasyPrint ignores CSS fills in SVG: the swatches carry their colour.
    assert html.count('fill="#') >= 12 + 3


def test_cells_not_shown_are_hatched_on_the_map_and_in_the_legend():
    html = _render(
        "{% load signals_charts %}{% statistics_map values 'Persons' '' params %}",
        values={"PV20": 12, "PV27": "<10"},
        params=PARAMS,
    )
    hidden = re.search(r'<path [^>]*data-province="PV27"', html).group(0)
    assert 'fill="url(#persons-map-hidden)"' in hidden
    legend = html.split("kb-map__legend")[1]
    assert 'fill="url(#persons-map-hidden)"' in legend


def test_two_maps_of_one_page_have_their_own_ids():
    source = (
        "{% load signals_charts %}"
        "{% statistics_map values 'Persons' '' params 'y2025' %}"
        "{% statistics_map values 'Persons' '' params 'q8105' %}"
    )
    html = _render(source, values={"PV20": 12}, params=PARAMS)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 4
