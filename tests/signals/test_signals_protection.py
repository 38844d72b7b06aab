"""The audit of a release (signals/protection.py): what the strongest reader can work
out, and the table withheld when a cell would be proven empty or pinned."""

import pytest

from signals import constants as sc
from signals import protection, releases
from signals.catalogue import Period, value_bit
from signals.models import StatisticsRelease
from signals.perturbation import Params
from tests.factories import default_organisation
from tests.signals.conftest import closed_quarter

PARAMS = Params()
ROW = protection.Relation(margin="t", cells=("b1", "b2", "b3"), exact=True)


def test_a_cell_the_reader_can_prove_empty_fails():
    # Truth: 12 persons, all in b1. Deviations at their extremes: the margin shows
    # 10 (so at most 12) and b1 shows 14 (so at least 12): b2 and b3 must be 0.
    published = {"t": 10, "b1": 14, "b2": None, "b3": None}
    truth = {"t": 12, "b1": 12}
    assert sorted(protection.failing_cells(published, truth, [ROW], PARAMS)) == [
        "b2",
        "b3",
    ]


def test_with_ordinary_deviations_nothing_fails():
    published = {"t": 12, "b1": 12, "b2": None, "b3": None}
    truth = {"t": 12, "b1": 12}
    assert protection.failing_cells(published, truth, [ROW], PARAMS) == []


def test_an_inexact_relation_proves_less():
    # When a person can count in two cells the margin only bounds the sum from below.
    loose = protection.Relation(margin="t", cells=ROW.cells, exact=False)
    published = {"t": 10, "b1": 14, "b2": None, "b3": None}
    truth = {"t": 12, "b1": 12}
    assert protection.failing_cells(published, truth, [loose], PARAMS) == []


def test_the_readers_range_of_a_small_cell():
    published = {"t": 30, "b1": 20, "b2": None, "b3": None}
    problem = protection.build(published, [ROW], PARAMS)
    assert protection.reader_range(problem, "b2", 1) == pytest.approx(0)
    assert protection.reader_range(problem, "b2", -1) == pytest.approx(9)
    # b2 + b3 = t - b1 is at most 32 - 18 = 14; each alone at most 9.


def test_a_release_withholds_a_table_that_would_prove_a_cell_empty(
    make_signals, monkeypatch
):
    """22 persons: 12 with threats, 10 with violence. With the deviations at their
    extremes (22 shown as 20, 12 as 14, 10 as 12) the other categories would add up
    to at most 22 - 12 - 10 = 0: the audit withholds the category table."""
    q = closed_quarter()
    make_signals(12, quarter=q)
    make_signals(10, quarter=q, category=sc.SignalCategory.VIOLENCE)
    extreme = {22: 20, 12: 14, 10: 12}

    def publish(count, key_sum, params):
        return None if count < params.threshold else extreme.get(count, count)

    monkeypatch.setattr(releases, "publish", publish)
    queued = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(queued.pk)
    release = StatisticsRelease.objects.get(pk=queued.pk)
    period = Period.quarter(q)
    assert release.figures["withheld"][period.key] == ["category"]
    threat = f"b{value_bit('category', sc.SignalCategory.THREAT)}"
    assert release.figures["figures"]["category"][period.key][threat] is None
    # The other tables of the period stay published.
    assert release.figures["figures"]["total"][period.key]["t"] == 20
