"""Attack 2, linear-programming differencing over every table of a release at once:
one programme with a variable for every cell of every period, the relations within
each period and the true links between a year and its quarters. For each "<10" cell
the reader minimises and maximises it. Allowed (docs/disclosure.md): a small cell
narrowed within 0..9. Not allowed: a small cell pinned to one value, or any cell
proven empty (maximum below 1)."""

import pytest

from signals import constants as sc
from signals import releases
from signals.perturbation import Params
from tests.signals.attacks import reader as rd
from tests.signals.attacks.conftest import compile_release, full_years, quarters

pytestmark = pytest.mark.django_db


def ranges(release, persons, bounds=rd.public_bounds, periods=None):
    """(period, cell) -> the reader's range, for every cell not published as a
    number (small and withheld cells), of ``periods`` (default: all)."""
    reader = rd.Reader()
    figures = rd.read_release(reader, release, persons, bounds=bounds)
    if periods is not None:
        figures = {k: v for k, v in figures.items() if k[0] in periods}
    return figures, {
        key: reader.range_of(("r", *key))
        for key, (figure, hidden) in figures.items()
        if figure is None or hidden
    }


def verdict(figures, found, params):
    small = rd.small_cells(figures)
    full = (0, params.threshold - 1)
    return {
        "small": len(small),
        "narrowed": sorted(k for k in small if found[k] != full),
        "pinned": sorted(k for k in small if found[k][0] == found[k][1]),
        "empty": sorted(
            [k for k, (low, high) in found.items() if high < 1]
            + [  # a published figure that says "nobody"
                k
                for k, (figure, hidden) in figures.items()
                if figure is not None
                and not hidden
                and rd.public_bounds(figure, params)[1] < 1
            ]
        ),
    }


def test_no_small_cell_is_pinned_or_proven_empty_by_the_whole_release(association):
    release = compile_release(association.organisation)
    figures, found = ranges(release, association.persons)
    result = verdict(figures, found, Params(**release.parameters))
    print(
        f"\nLP over {len(figures)} cells: {result['small']} small, "
        f"{len(result['narrowed'])} narrowed, {len(result['pinned'])} pinned, "
        f"{len(result['empty'])} proven empty"
    )
    assert result["pinned"] == []
    assert result["empty"] == []


def test_the_audit_withholds_a_table_its_own_total_would_pin(quiet_party):
    """36 persons in one quarter, 9 of each impact, with record keys that show the
    total as 38: the total holds at least 36 and each impact at most 9, so every
    impact would be exactly 9. The audit must withhold the impact table; the reader
    then pins nothing."""
    quarter = next(
        (q for q in quarters() if q // 4 not in full_years()),
        quiet_party.quarter_in_year,
    )
    impacts = rd.catalogue.CHOICES["impact"].values
    persons = [
        rd.population.new_person(
            quiet_party.rng, quarter, **{**rd.population.COMMON, "impact": impact}
        )
        for impact in impacts
        for _ in range(9)
    ]
    keys = rd.population.keys_with_cell_key(persons, 0.95, quiet_party.rng)
    quiet_party.add(persons, keys=keys)
    release = compile_release(quiet_party.organisation)
    period = f"q{quarter}"
    assert rd.figures_of(release)[(period, "t")] == (38, False)
    assert "impact" in release.figures["withheld"][period]
    figures, found = ranges(release, quiet_party.persons, periods={period})
    result = verdict(figures, found, Params(**release.parameters))
    assert result["pinned"] == []
    assert result["empty"] == []


def test_the_audit_withholds_a_table_two_groups_near_the_threshold_fill(quiet_party):
    """10 persons with one category and 10 with another, nobody else, with record keys
    that show the total as 18: each group holds at least 10 (nothing below the
    threshold is published) and the total at most 20, so every other category would
    be proven empty. Only the exact relation (each person one category) shows it:
    the audit must use it and withhold the category table."""
    quarter = next(
        (q for q in quarters() if q // 4 not in full_years()),
        quiet_party.quarter_in_year,
    )
    groups = [
        [
            rd.population.new_person(
                quiet_party.rng, quarter, **{**rd.population.COMMON, "category": c}
            )
            for _ in range(10)
        ]
        for c in (sc.SignalCategory.THREAT, sc.SignalCategory.INTIMIDATION)
    ]
    keys = {  # cell keys 0.50 and 0.55: each group shown as 10, the total 0.05: 18
        **rd.population.keys_with_cell_key(groups[0], 0.50, quiet_party.rng),
        **rd.population.keys_with_cell_key(groups[1], 0.55, quiet_party.rng),
    }
    quiet_party.add(groups[0] + groups[1], keys=keys)
    release = compile_release(quiet_party.organisation)
    period = f"q{quarter}"
    assert rd.figures_of(release)[(period, "t")] == (18, False)
    assert "category" in release.figures["withheld"][period]
    figures, found = ranges(release, quiet_party.persons, periods={period})
    result = verdict(figures, found, Params(**release.parameters))
    assert result["pinned"] == []
    assert result["empty"] == []


def test_control_without_perturbation_the_same_programme_pins_small_cells(
    association, unperturbed
):
    """CONTROL: "<10" labels with exact figures around them and no audit: a table
    with one small cell gives it away (total minus the others), and the programme
    finds that and more."""
    release = compile_release(association.organisation)
    figures, found = ranges(release, association.persons, rd.unperturbed_bounds)
    result = verdict(figures, found, Params(**release.parameters))
    print(
        f"\nCONTROL LP over {len(figures)} cells: {result['small']} small, "
        f"{len(result['narrowed'])} narrowed, {len(result['pinned'])} pinned, "
        f"{len(result['empty'])} proven empty"
    )
    assert result["pinned"]


def test_a_year_figure_does_not_pin_its_small_quarters(quiet_party):
    """Nine persons in each quarter of a year, all different, with record keys that
    give their year cells a deviation of +2 (a 1-in-10 draw for any such year)."""
    year = quiet_party.quarter_in_year // 4
    quarters = range(year * 4, year * 4 + 4)
    persons = [
        rd.population.new_person(quiet_party.rng, q, **rd.population.COMMON)
        for q in quarters
        for _ in range(9)
    ]
    keys = rd.population.keys_with_cell_key(persons, 0.95, quiet_party.rng)
    quiet_party.add(persons, keys=keys)
    release = compile_release(quiet_party.organisation)
    # The year's total (38 with this draw) pins the quarters: the audit withholds it
    # rather than the four quarters' tables.
    assert rd.figures_of(release)[(f"y{year}", "t")] == (None, True)
    figures, found = ranges(
        release, quiet_party.persons, periods={f"q{q}" for q in quarters}
    )
    result = verdict(figures, found, Params(**release.parameters))
    print(
        f"\nthrough the year: {len(result['pinned'])} small cells pinned, "
        f"{len(result['empty'])} proven empty, of {result['small']}"
    )
    assert result["small"] > 100  # the quarters' figures are still published
    assert result["pinned"] == []
    assert result["empty"] == []


def test_the_reader_knows_the_relations_the_release_declares(quiet_party):
    """The suite builds its relations from the catalogue on its own; they are the
    ones ``releases.relations_of`` gives (whatever their exactness)."""
    quiet_party.add([rd.population.new_person(quiet_party.rng, quarters()[-1])])
    release = compile_release(quiet_party.organisation)
    provinces = len(release.figures["provinces"])
    keys = release.figures["periods"]
    for key in (keys[0], keys[-1]):  # a year, a quarter
        period = rd.Period(key)
        ours = {
            (m, frozenset(c)) for _id, m, c in rd.population.groups(period, provinces)
        }
        theirs = {
            (r.margin, frozenset(r.cells))
            for r in releases.relations_of(period, release)
        }
        assert ours == theirs, key
