"""Attack 1, zero elimination: the reader knows a planted person's quarter, office and
province, and tries to rule out each value of each hidden field with every published
figure of the release (a value is ruled out when the cells the person would then be in
cannot all hold someone). Nothing may be determined, and no figure may certify that a
group is empty. The CONTROL runs switch the protection off: there the same attack
determines the planted persons' fields."""

import pytest

from signals.perturbation import Params
from tests.signals.attacks import reader as rd
from tests.signals.attacks.conftest import compile_release

pytestmark = pytest.mark.django_db


def attack(scenario, release, bounds=rd.public_bounds):
    """Per planted person: the hidden fields the reader determined."""
    reader = rd.Reader()
    rd.read_release(reader, release, scenario.persons, bounds=bounds)
    return {
        planted.person.key: rd.determined(rd.candidates(reader, "r", release, planted))
        for planted in scenario.planted
    }


def no_figure_certifies_an_empty_group(release):
    params = Params(**release.parameters)
    for (period, cell), (figure, _hidden) in rd.figures_of(release).items():
        assert figure is None or figure >= params.threshold, (period, cell, figure)


def test_a_planted_person_in_a_large_population_keeps_every_hidden_field(association):
    release = compile_release(association.organisation)
    no_figure_certifies_an_empty_group(release)
    found = attack(association, release)
    assert found == {p.person.key: [] for p in association.planted}


def test_a_planted_person_alone_in_a_quarter_keeps_every_hidden_field(party):
    release = compile_release(party.organisation)
    no_figure_certifies_an_empty_group(release)
    found = attack(party, release)
    assert found == {p.person.key: [] for p in party.planted}


def test_control_unprotected_figures_give_the_single_mayors_category_away(
    association, exact_figures
):
    """CONTROL: exact figures with zeros. The only mayor of the year is the one
    person in the mayor row of "office × category": their category is read off."""
    release = compile_release(association.organisation)
    found = attack(association, release, bounds=rd.exact_bounds)
    single = next(p for p in association.planted if p.group == 1)
    assert "category" in found[single.person.key]


def test_control_unprotected_figures_give_everything_away_in_a_small_party(
    party, exact_figures
):
    """CONTROL: each planted group is alone in its quarter, so with exact figures
    every hidden field of every planted person is determined."""
    release = compile_release(party.organisation)
    found = attack(party, release, bounds=rd.exact_bounds)
    everything = sorted(rd.population.HIDDEN)
    assert {k: sorted(v) for k, v in found.items()} == {
        p.person.key: everything for p in party.planted
    }
