"""The catalogue's cells rest on the bit layout of ``Signal.mask``, and cell-key
perturbation behaves as docs/disclosure.md says."""

from collections import Counter

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from signals import catalogue, perturbation
from signals.models import MASK_OFFSETS, PROVINCE_SHIFT
from signals.releases import MAX_PROVINCES

CODES = [f"PV{n:02d}" for n in range(20, 32)]
PARAMS = perturbation.Params()


def test_every_value_has_a_bit_of_its_own_below_the_provinces():
    slots = sorted(MASK_OFFSETS.values())
    assert slots == list(range(0, 8 * len(slots), 8))
    assert set(catalogue.CHOICES) == set(MASK_OFFSETS)
    for name, choices in catalogue.CHOICES.items():
        assert all(0 < value < 8 for value in choices.values), name
    assert 8 * len(slots) == PROVINCE_SHIFT
    # The sign bit stays clear, so shifts and masks act as on unsigned numbers.
    assert PROVINCE_SHIFT + MAX_PROVINCES <= 63
    assert len(CODES) <= MAX_PROVINCES


def test_every_cell_of_a_period_has_one_name():
    for period in (catalogue.Period.quarter(8100), catalogue.Period.year(2025)):
        cells = [c for t in catalogue.tables_for(period, CODES) for c, _v in t.cells]
        assert len(cells) == len(set(cells))
    quarter_tables = {
        t.key for t in catalogue.tables_for(catalogue.Period("q8100"), CODES)
    }
    assert "office_category" not in quarter_tables


def test_periods_are_closed_quarters_and_whole_years():
    periods = [p.key for p in catalogue.periods(8098, 8105)]  # 2024-K3 .. 2026-K2
    assert periods[0] == "y2025"
    assert "y2024" not in periods
    assert "y2026" not in periods
    assert periods[1:] == [f"q{q}" for q in range(8105, 8097, -1)]


@given(count=st.integers(0, 5000), key_sum=st.integers(0, 2**48))
def test_a_reader_knows_a_range_that_holds_the_count(count, key_sum):
    published = perturbation.publish(count, key_sum, PARAMS)
    low, high = perturbation.bounds(published, PARAMS)
    assert low <= count <= high
    if count < PARAMS.threshold:
        assert published is None  # 0 looks like 1..9: no zero elimination
    else:
        assert published >= PARAMS.threshold
        assert high - low >= 2  # never exact


def test_the_same_persons_give_the_same_figure():
    assert perturbation.publish(37, 123456789, PARAMS) == perturbation.publish(
        37, 123456789 + 2**32, PARAMS
    )


def test_the_perturbation_table_is_symmetric_and_has_no_bias():
    shares = Counter()
    for step in range(10_000):
        shares[perturbation.deviation(step / 10_000)] += 1
    assert sum(d * n for d, n in shares.items()) == 0
    assert shares[-2] == shares[2]
    assert shares[-1] == shares[1]
    assert max(abs(d) for d in shares) == perturbation.MAX_DEVIATION


def test_a_threshold_below_the_minimum_is_refused():
    with pytest.raises(ImproperlyConfigured):
        perturbation.Params(threshold=3)
