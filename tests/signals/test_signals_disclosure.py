"""Property tests of the disclosure-control module (signals.disclosure)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from signals import disclosure as d

PARAMS = d.Params()
params_strategy = st.builds(
    d.Params,
    threshold=st.integers(5, 15),
    rounding=st.sampled_from([1, 3, 5, 10]),
    group_min=st.integers(15, 30),
)
counts = st.lists(
    st.one_of(st.integers(0, 12), st.integers(0, 400)), min_size=2, max_size=12
)


def _table(values, persons=None, params=PARAMS):
    items = [(i, f"c{i}", v) for i, v in enumerate(values)]
    # Exclusive categories: the persons are the sum of the cells (the strictest case).
    persons = sum(values) if persons is None else persons
    return d.protect_table("t", "T", items, persons, params)


@given(counts, params_strategy)
@settings(max_examples=400, deadline=None)
def test_every_table_is_safe_or_withheld(values, params):
    table = _table(values, params=params)
    assert table.withheld or d.audit_table(table.cells, table.persons, params) == []


@given(counts, params_strategy)
@settings(max_examples=400, deadline=None)
def test_no_small_count_is_published(values, params):
    table = _table(values, params=params)
    for cell in table.cells:
        if 0 < cell.count < params.threshold:
            assert cell.value is None
            assert cell.display in (params.small_label, d.HIDDEN_MARK)


@given(counts, params_strategy)
@settings(max_examples=400, deadline=None)
def test_published_counts_are_rounded_multiples_at_or_above_the_threshold(
    values, params
):
    table = _table(values, params=params)
    for cell in table.cells:
        if cell.value:
            assert cell.value % params.rounding == 0
            assert cell.value >= params.threshold
            assert abs(cell.value - cell.count) <= max(
                params.rounding // 2, params.threshold
            )


@given(counts, params_strategy)
@settings(max_examples=400, deadline=None)
def test_suppressed_cells_leave_a_range_of_at_least_the_threshold(values, params):
    """For every suppressed cell, what the total and the published cells leave for the
    suppressed cells is at least the threshold, and at least two cells share it (so a
    reader who knows only the totals and other cells can put any suppressed cell
    anywhere in a range of at least the threshold)."""
    table = _table(values, params=params)
    suppressed = [c for c in table.cells if c.suppressed]
    if not suppressed or sum(values) < params.threshold:
        return
    total = sum(values)
    left = total - sum(c.count for c in table.cells if not c.suppressed)
    assert len(suppressed) >= 2
    assert left >= params.threshold


@given(counts, params_strategy)
@settings(max_examples=300, deadline=None)
def test_a_small_cell_is_not_narrowed_beyond_its_label(values, params):
    """Brute force: every assignment of values within the labels that adds up to the
    same total is possible, so each "<10" cell can be 1 and can be threshold-1."""
    table = _table(values, params=params)
    if table.withheld:
        return
    intervals = d.feasible_intervals(table.cells, params)
    for i, cell in enumerate(table.cells):
        if cell.status == d.PRIMARY:
            assert intervals[i] == (1, params.threshold - 1)


@given(
    st.integers(10, 19),
    st.integers(2, 8),
    params_strategy.filter(lambda p: p.threshold <= 10 and p.group_min >= 20),
)
@settings(max_examples=200, deadline=None)
def test_no_small_group_shows_100_percent(persons, width, params):
    values = [persons] + [0] * (width - 1)
    table = _table(values, params=params)
    shown = d.protect_total(persons, params)
    for cell in table.cells:
        assert cell.display != shown or cell.count == 0


def test_one_person_is_a_small_cell():
    table = _table([1, 40, 30])
    assert table.cells[0].display == "<10"


def test_one_small_cell_gets_a_complement():
    table = _table([3, 40, 50, 60])
    statuses = [c.status for c in table.cells]
    assert statuses[0] == d.PRIMARY
    assert statuses.count(d.COMPLEMENTARY) == 1
    # The smallest cell that protects it: 40.
    assert table.cells[1].status == d.COMPLEMENTARY
    assert [c.display for c in table.cells] == ["<10", "×", "50", "60"]


def test_two_nines_need_more_than_each_other():
    # 9 + 9 = 18 would pin both at 9 from the "<10" labels alone.
    table = _table([9, 9, 100])
    assert d.audit_table(table.cells, table.persons, PARAMS) == []
    assert table.cells[2].suppressed


def test_rounding():
    assert [d.rounded(n, PARAMS) for n in (10, 12, 13, 17, 18, 1003)] == [
        10,
        10,
        15,
        15,
        20,
        1005,
    ]
    assert d.protect_total(7, PARAMS) == "<10"
    assert d.protect_total(0, PARAMS) == "0"


@pytest.mark.parametrize("threshold", [0, 1, 4])
def test_threshold_below_five_is_refused(threshold):
    with pytest.raises(ImproperlyConfigured):
        d.Params(threshold=threshold)


def test_threshold_comes_from_settings(settings):
    settings.SIGNALS_DISCLOSURE_THRESHOLD = 15
    assert d.Params.from_settings().threshold == 15
    assert _table([12, 40, 50], params=d.Params.from_settings()).cells[0].display == (
        "<15"
    )


@pytest.mark.parametrize(
    ("persons", "complement", "refused"),
    [
        (9, 0, True),
        (10, 0, False),
        (10, 9, True),
        (10, 1, True),
        (10, 10, False),
        (500, 3, True),
    ],
)
def test_differencing_queries_are_refused(persons, complement, refused):
    if refused:
        with pytest.raises(d.Refused):
            d.check_query(persons=persons, complement=complement)
    else:
        d.check_query(persons=persons, complement=complement)


def test_system_check_refuses_a_threshold_below_five(settings):
    from signals.checks import disclosure_settings

    settings.SIGNALS_DISCLOSURE_THRESHOLD = 4
    errors = disclosure_settings(None)
    assert [e.id for e in errors] == ["signals.E001"]
    settings.SIGNALS_DISCLOSURE_THRESHOLD = 5
    assert disclosure_settings(None) == []
