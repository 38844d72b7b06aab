"""Attack 6, an independent check of the audit: for small tables (three or four
cells and their total, a second dimension beside the first, counts 0..15) enumerate
every whole-number completion that agrees with the published figures' ranges (from
the public parameters, ``reader.public_bounds``) and the relations, and compare each
cell's minimum and maximum with what the audit's linear programme finds
(``protection.reader_range``), and the cells it fails with
``protection.failing_cells`` (R1: no cell provably empty; R2: no small cell pinned).
Tables include persons counted in two rows (relations that are not exact).

No database: the figures come from ``perturbation.publish`` with an independent key
per cell (every deviation equally likely: a reader's world at least as hard as the
real one, where the keys of a total and its cells are sums of the same record keys).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signals import perturbation, protection
from signals.perturbation import KEY_MODULUS, Params
from signals.protection import Relation
from tests.signals.attacks.reader import public_bounds

MAX_COUNT = 15


def enumerate_ranges(published, relations, params) -> dict[str, tuple[int, int]]:
    """Every completion, by brute force: the whole-number minimum and maximum of each
    cell over the completions (``None`` if there is none)."""
    names = list(published)
    margins = {r.margin for r in relations}
    free = [n for n in names if n not in margins]
    (total,) = margins  # the tables here have one total
    axes = [np.arange(*_span(published[n], params)) for n in free]
    column = {
        n: m.ravel()
        for n, m in zip(free, np.meshgrid(*axes, indexing="ij"), strict=True)
    }
    rows = len(column[free[0]])
    low_t, high_t = _span(published[total], params)
    low = np.full(rows, low_t)
    high = np.full(rows, high_t - 1)
    for relation in relations:
        cells = np.stack([column[c] for c in relation.cells], axis=1)
        sums = cells.sum(axis=1)
        high = np.minimum(high, sums)
        low = np.maximum(low, sums if relation.exact else cells.max(axis=1))
    ok = low <= high
    if not ok.any():
        return None
    result = {n: (int(column[n][ok].min()), int(column[n][ok].max())) for n in free}
    result[total] = (int(low[ok].min()), int(high[ok].max()))
    return result


def _span(figure, params) -> tuple[int, int]:
    low, high = public_bounds(figure, params)
    return low, high + 1


def audit_ranges(published, relations, params) -> dict[str, tuple[int, int]]:
    problem = protection.build(published, relations, params)
    return {
        name: (
            math.ceil(protection.reader_range(problem, name, 1) - 1e-6),
            math.floor(protection.reader_range(problem, name, -1) + 1e-6),
        )
        for name in published
    }


def expected_failing(published, truth, ranges, params) -> list[str]:
    """R1 and R2 from the brute-force ranges."""
    failing = []
    for cell, figure in published.items():
        if figure is not None:
            continue
        low, high = ranges[cell]
        count = truth[cell]
        if count == 0 and high < 1 or 0 < count < params.threshold and low == high:
            failing.append(cell)
    return failing


def tables(persons, dimensions) -> tuple[dict, list[Relation]]:
    """The true counts of ``persons`` (each a tuple of row sets, one per dimension)
    and the true relations."""
    truth = {"t": len(persons)}
    relations = []
    for d, rows in enumerate(dimensions):
        cells = tuple(f"d{d}r{r}" for r in range(rows))
        for r, cell in enumerate(cells):
            truth[cell] = sum(1 for p in persons if r in p[d])
        exact = all(len(p[d]) == 1 for p in persons)
        relations.append(Relation("t", cells, exact))
    return truth, relations


def check(persons, dimensions, keys, threshold):
    params = Params(threshold=threshold)
    truth, relations = tables(persons, dimensions)
    published = {
        cell: perturbation.publish(count, keys[i], params)
        for i, (cell, count) in enumerate(truth.items())
    }
    brute = enumerate_ranges(published, relations, params)
    assert brute is not None  # the truth is a completion
    assert audit_ranges(published, relations, params) == brute
    failing = protection.failing_cells(published, truth, relations, params)
    assert sorted(failing) == sorted(expected_failing(published, truth, brute, params))
    return failing


@st.composite
def populations(draw):
    dimensions = draw(st.sampled_from([(3,), (4,), (3, 2)]))
    size = draw(st.integers(0, MAX_COUNT))
    persons = []
    for _ in range(size):
        person = []
        for rows in dimensions:
            first = draw(st.integers(0, rows - 1))
            second = draw(st.integers(0, rows - 1))  # often the same: one row
            person.append(frozenset({first, second}))
        persons.append(tuple(person))
    cells = 1 + sum(dimensions)
    keys = draw(
        st.lists(st.integers(0, KEY_MODULUS - 1), min_size=cells, max_size=cells)
    )
    return persons, dimensions, keys


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations(), st.sampled_from([5, 10]))
def test_the_audit_agrees_with_every_completion(example, threshold):
    persons, dimensions, keys = example
    check(persons, dimensions, keys, threshold)


def _key(deviation: int) -> int:
    """A key sum whose cell key selects ``deviation`` (the middle of its slot)."""
    slots = perturbation.SLOTS
    for place, value in enumerate(slots):
        if value == deviation:
            return int((place + 0.5) / len(slots) * KEY_MODULUS)
    raise ValueError(deviation)


# Tables the audit must fail: (persons as row sets, dimensions, deviation per cell
# in the order t, rows..., threshold, the cells that fail).
FAILING = [
    pytest.param(  # 20 = 10 + 10 + 0: total -2, both rows +2: the empty row is proven
        [({0},)] * 10 + [({1},)] * 10,
        (3,),
        (-2, 2, 2, 0),
        10,
        ["d0r2"],
        id="R1-exact-table",
    ),
    pytest.param(  # 12 persons, 12 in one row shown 14, total shown 10: rest is empty
        [({0},)] * 12,
        (4,),
        (-2, 2, 0, 0, 0),
        10,
        ["d0r1", "d0r2", "d0r3"],
        id="R1-all-in-one-row",
    ),
    pytest.param(  # threshold 5: 4 + 4 + 4, all "<5", the total 12 shown 14: each
        [({0},)] * 4 + [({1},)] * 4 + [({2},)] * 4,  # row is at most 4, and the three
        (3,),  # hold at least 12: each is exactly 4
        (2, 0, 0, 0),
        5,
        ["d0r0", "d0r1", "d0r2"],
        id="R2-small-cells-pinned-by-their-total",
    ),
]


@pytest.mark.parametrize(
    ("persons", "dimensions", "deviations", "threshold", "fail"), FAILING
)
def test_the_audit_fails_what_every_completion_gives_away(
    persons, dimensions, deviations, threshold, fail
):
    keys = [_key(d) for d in deviations]
    assert sorted(check(persons, dimensions, keys, threshold)) == fail


def test_an_inexact_table_is_not_read_as_exact():
    """A person in two rows: the total is at most the sum, so the rows are not pinned
    the way an exact table's would be."""
    persons = [({0},)] * 10 + [({1},)] * 9 + [({0, 2},)]
    keys = [_key(d) for d in (-2, 2, 0, 0)]
    assert check(persons, (3,), keys, 10) == []
