"""The bit layout the counting rests on (the design note in ``signals/stats.py``): it
fits a bigint, the summary's SQL uses the same layout, and the 21-bit lanes count
exactly up to their bound."""

import pytest
from django.db import connection

from signals.models import MASK_OFFSETS, PROVINCE_SHIFT
from signals.stats import (
    LANE,
    MASK_FIELDS,
    MAX_PROVINCES,
    MAX_QUARTERS,
    lane_sums,
    unpack,
)

MASK_BITS = PROVINCE_SHIFT + MAX_PROVINCES
ALL_BITS = (1 << MASK_BITS) - 1


def test_every_value_has_a_bit_of_its_own_below_the_provinces():
    slots = sorted(MASK_OFFSETS.values())
    assert slots == list(range(0, 8 * len(slots), 8))
    assert set(MASK_FIELDS) == set(MASK_OFFSETS)
    for name, choices in MASK_FIELDS.items():
        assert all(0 < value < 8 for value in choices.values), name
    assert 8 * len(slots) == PROVINCE_SHIFT


def test_the_masks_fit_a_bigint_and_three_lanes():
    # The sign bit stays clear, so shifting and masking act as on unsigned numbers.
    assert MASK_BITS <= 63
    assert MAX_QUARTERS <= 63
    assert max(MASK_BITS, MAX_QUARTERS) <= 3 * LANE


@pytest.mark.django_db
def test_the_summary_folds_provinces_with_the_same_shift_and_limit():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'signals_refresh_persons'"
        )
        (body,) = cursor.fetchone()
    assert f"1::bigint << ({PROVINCE_SHIFT} + pbit)" in body
    assert f"ORDER BY code LIMIT {MAX_PROVINCES}" in body
    assert f"((1::bigint << {PROVINCE_SHIFT}) - 1)" in body


def _count_bits(persons: int) -> list[int]:
    """Per-bit counts, summed in lanes as ``count_persons`` does, of ``persons``
    persons who each have every bit of the mask set."""
    sql = f"""
    SELECT ARRAY[{", ".join(lane_sums("mask", MASK_BITS))}]
    FROM (SELECT %s::bigint AS mask FROM generate_series(1, %s)) p
    """  # noqa: S608  (generated column names and constants only)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [ALL_BITS, persons])
        return unpack(cursor.fetchone()[0], MASK_BITS)


@pytest.mark.django_db
def test_each_lane_counts_exactly_up_to_one_below_its_bound():
    persons = (1 << LANE) - 1  # 2,097,151

    assert _count_bits(persons) == [persons] * MASK_BITS


@pytest.mark.django_db
def test_at_the_bound_a_lane_carries_into_the_next():
    # Documents the limit the design note gives: at 2**21 persons the lower lanes
    # read wrong. The top lane has none (PostgreSQL sums bigints as numeric).
    persons = 1 << LANE
    counts = _count_bits(persons)

    assert counts[0] == 0
    assert counts[LANE] == 1
    assert counts[2 * LANE] == persons + 1
