"""Attack 3, differencing two consecutive releases: one late signal of a new person in
a published quarter, one revoked consent, a party that starts sharing its one signal.
Staff see every figure of both releases; nothing about the one person may show. A
batch of at least the threshold revises the period, and a planted person inside the
batch stays undetermined. The CONTROL runs recompute every period every time (and
publish exact figures): there a single person's difference is visible and gives their
fields away."""

import pytest

from core.constants import OrganisationKind
from signals import catalogue
from signals.catalogue import Period
from tests.factories import OrganisationFactory
from tests.signals.attacks import population
from tests.signals.attacks import reader as rd
from tests.signals.attacks.conftest import compile_release

pytestmark = pytest.mark.django_db


def learned(change: dict, quarter: int, release) -> dict[str, list[int]]:
    """What the figures that changed in ``quarter`` or its year say about the one
    person behind the change (counted in that quarter only): their cell changed, so
    they have that value (cell-key perturbation never changes a cell whose persons
    stayed the same)."""
    periods = [Period.quarter(quarter).key, rd.year_of(quarter, release)]
    result = {}
    for field in population.HIDDEN:
        values = [
            value
            for value in catalogue.CHOICES[field].values
            if any(
                (field, period, f"b{catalogue.value_bit(field, value)}") in change
                for period in periods
            )
        ]
        if values:
            result[field] = values
    return result


def person_cells(values: dict, quarter: int, release) -> set:
    """(table, period, cell) of every figure the person is counted in."""
    periods = [Period.quarter(quarter).key]
    year = rd.year_of(quarter, release)
    periods += [year] if year else []
    tables = {"total": ["t"]}
    for field in (*population.FIELDS, "province"):
        tables[field] = rd.cells_of_person(values, [field])
    result = {(t, p, c) for p in periods for t, cells in tables.items() for c in cells}
    if year:
        for cell, (first, second) in zip(
            rd.pair_cells(values, population.FIELDS), catalogue.PAIRS, strict=True
        ):
            result.add((catalogue.pair_key(first, second), year, cell))
    return result


def test_one_late_and_one_revoked_person_change_no_figure(association):
    quarter = association.quarter_in_year
    first = compile_release(association.organisation)
    late = population.new_person(association.rng, quarter, **population.COMMON)
    association.add([late])
    second = compile_release(association.organisation)
    assert rd.diff(first, second) == {}
    assert second.revised_periods == []
    single = next(p for p in association.planted if p.group == 1)
    population.revoke(single.person)
    third = compile_release(association.organisation)
    assert rd.diff(second, third) == {}
    assert third.revised_periods == []


def test_a_party_that_starts_sharing_its_one_person_changes_no_figure(association):
    party = OrganisationFactory(kind=OrganisationKind.PARTY)
    one = population.new_person(
        association.rng, association.quarter_in_year, **population.RARE[0]
    )
    population.write([one], party, association.provinces, association.region)
    first = compile_release(association.organisation)
    party.shares_signals = True
    party.save()
    second = compile_release(association.organisation)
    assert rd.diff(first, second) == {}


def test_a_batch_revises_the_period_and_hides_the_planted_person_in_it(association):
    """Nine newcomers (one a planted mayor with rare values) change nothing; the
    tenth revises the quarter and its year. The reader knows both releases, that
    exactly ten persons joined in that quarter, and the planted mayor's office and
    province: none of the mayor's hidden fields is determined."""
    quarter = association.quarter_in_year
    first = compile_release(association.organisation)
    mayor = population.new_person(association.rng, quarter, **population.RARE[1])
    batch = [mayor, *population.background(association.rng, 8, [quarter])]
    for person in batch[1:]:  # one signal each, so the newcomers are one set
        person.signals = person.signals[:1]
    association.add(batch)
    assert rd.diff(first, compile_release(association.organisation)) == {}
    tenth = population.background(association.rng, 1, [quarter])
    tenth[0].signals = tenth[0].signals[:1]
    association.add(tenth)
    revised = compile_release(association.organisation)
    period = Period.quarter(quarter).key
    year = rd.year_of(quarter, revised)
    assert set(revised.revised_periods) == {period, year}
    found = attack_batch(association, first, revised, [*batch, *tenth], mayor, quarter)
    assert found == []


def attack_batch(scenario, first, second, joined, person, quarter, bounds=None):
    """The hidden fields of ``person`` (one of ``joined``) the reader determines
    from two releases."""
    bounds = bounds or rd.public_bounds
    reader = rd.Reader()
    before = [p for p in scenario.persons if p not in joined]
    rd.read_release(reader, first, before, name="a", bounds=bounds)
    rd.read_release(reader, second, scenario.persons, name="b", bounds=bounds)
    rd.read_change(reader, second, joined, quarter)
    planted = population.Planted(person, quarter, 1)
    return rd.determined(rd.candidates(reader, "d", second, planted))


# --- CONTROLS ------------------------------------------------------------------------


def test_control_without_freezing_a_late_person_shows_in_the_changed_figures(
    association, no_freezing
):
    """CONTROL: recomputing at once. Every figure that changes is one of the late
    person's cells, and each says a value they have."""
    quarter = association.quarter_in_year
    first = compile_release(association.organisation)
    late = population.new_person(association.rng, quarter, **population.COMMON)
    association.add([late])
    second = compile_release(association.organisation)
    change = rd.diff(first, second)
    assert change
    assert set(change) <= person_cells(late.signals[0], quarter, second)
    found = learned(change, quarter, second)
    assert found
    assert all(values == [late.signals[0][f]] for f, values in found.items())


def test_control_exact_unfrozen_figures_give_away_a_late_and_a_revoked_person(
    association, exact_figures, no_freezing
):
    """CONTROL: exact figures, recomputed at once: the late person's cells go up by
    one and the revoked person's down by one, and nothing else moves."""
    quarter = association.quarter_in_year
    first = compile_release(association.organisation)
    late = population.new_person(association.rng, quarter, **population.RARE[2])
    association.add([late])
    second = compile_release(association.organisation)
    change = rd.diff(first, second)
    assert set(change) == person_cells(late.signals[0], quarter, second)
    assert learned(change, quarter, second) == {
        f: [late.signals[0][f]] for f in population.HIDDEN
    }
    single = next(p for p in association.planted if p.group == 1)
    population.revoke(single.person)
    third = compile_release(association.organisation)
    change = rd.diff(second, third)
    assert set(change) == person_cells(single.values, single.quarter, third)
    assert learned(change, single.quarter, third) == {
        f: [single.values[f]] for f in population.HIDDEN
    }


def test_control_exact_unfrozen_batch_gives_the_mayors_category_away(
    association, exact_figures, no_freezing
):
    """CONTROL: the same batch with exact figures: the mayor is the one newcomer in
    the year's mayor row of "office × category"."""
    quarter = association.quarter_in_year
    first = compile_release(association.organisation)
    mayor = population.new_person(association.rng, quarter, **population.RARE[1])
    batch = [mayor, *population.background(association.rng, 9, [quarter])]
    for person in batch[1:]:
        person.signals = person.signals[:1]
    association.add(batch)
    second = compile_release(association.organisation)
    found = attack_batch(
        association, first, second, batch, mayor, quarter, bounds=rd.exact_bounds
    )
    assert "category" in found
