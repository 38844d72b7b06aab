"""Fixtures of the attack suite: provinces, fictional populations with planted small
groups, compiled releases, and the CONTROL switches that turn the protection off.

Every population is seeded (persons and record keys), so each run publishes the same
figures; only the per-release salt of the digest is random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from core.constants import OrganisationKind
from regions.models import Province, Region
from signals import constants as sc
from signals import perturbation, protection, releases
from signals.models import StatisticsRelease
from tests.factories import OrganisationFactory, default_organisation
from tests.signals.attacks import population
from tests.signals.conftest import closed_quarter

QUARTERS = 8


@pytest.fixture(autouse=True)
def _eight_quarters(settings):
    """Releases over the 8 quarters the populations fill (one or two full years)."""
    settings.SIGNALS_RELEASE_QUARTERS = QUARTERS
    settings.SIGNALS_DISCLOSURE_THRESHOLD = 10


@pytest.fixture
def provinces(db):
    """Twelve provinces in code order (bit order)."""
    return [
        Province.objects.get_or_create(
            code=f"PV{20 + i}", defaults={"name": f"Testprovincie {i}"}
        )[0]
        for i in range(len(population.PROVINCE_WEIGHTS))
    ]


@pytest.fixture
def attack_region(db):
    return Region.objects.create(code="A-REGIO", name="Aanvalsregio")


def quarters() -> list[int]:
    last = closed_quarter()
    return list(range(last - QUARTERS + 1, last + 1))


def full_years() -> list[int]:
    qs = quarters()
    years = range(qs[0] // 4, qs[-1] // 4 + 1)
    return [y for y in years if all(y * 4 + i in qs for i in range(4))]


def compile_release(organisation=None) -> StatisticsRelease:
    organisation = organisation or default_organisation()
    queued = releases.request_release(organisation, sc.ReleaseReason.MANUAL)
    assert releases.compile_release(queued.pk)
    return StatisticsRelease.objects.get(pk=queued.pk)


@dataclass
class Scenario:
    organisation: object
    persons: list  # every person written, planted included
    planted: list  # population.Planted
    quarter_in_year: int  # a quarter inside a full year of the release
    rng: random.Random
    provinces: list = field(default_factory=list)
    region: object = None

    def add(self, persons, keys=None) -> None:
        population.write(
            persons,
            self.organisation,
            self.provinces,
            self.region,
            seed=len(self.persons),
            keys=keys,
        )
        self.persons.extend(persons)

    def counted(self, revoked=()) -> list:
        gone = {p.key for p in revoked}
        return [p for p in self.persons if p.key not in gone]


def _planted_quarters() -> tuple[int, list[int]]:
    """A quarter inside the first full year for the single person (so the year's
    two-dimension tables hold them), and two quarters outside that year if there are
    any for the groups of two and three."""
    year = full_years()[0]
    in_year = year * 4 + 1
    others = [q for q in quarters() if q // 4 != year] or [year * 4 + 2, year * 4 + 3]
    return in_year, [in_year, others[0], others[-1]]


@pytest.fixture
def association(provinces, attack_region):
    """The association: 600 background persons (no mayors) over 8 quarters, and the
    planted mayors (groups of 1, 2 and 3) in small provinces with rare values."""
    rng = random.Random("association")
    in_year, planted_at = _planted_quarters()
    persons = population.background(rng, 600, quarters())
    planted = population.planted_groups(rng, planted_at)
    scenario = Scenario(
        default_organisation(), [], planted, in_year, rng, provinces, attack_region
    )
    scenario.add(persons + [p.person for p in planted])
    return scenario


@pytest.fixture
def party(provinces, attack_region):
    """A party with its own small population: 20 background persons, and each
    planted group alone in its quarter (a quarter in which the party had no one
    else)."""
    rng = random.Random("party")
    organisation = OrganisationFactory(kind=OrganisationKind.PARTY)
    in_year, planted_at = _planted_quarters()
    others = [q for q in quarters() if q not in planted_at]
    persons = population.background(rng, 20, others)
    planted = population.planted_groups(rng, planted_at)
    scenario = Scenario(
        organisation, [], planted, in_year, rng, provinces, attack_region
    )
    scenario.add(persons + [p.person for p in planted])
    return scenario


@pytest.fixture
def quiet_party(provinces, attack_region):
    """A party with nobody yet (the test adds its persons)."""
    organisation = OrganisationFactory(kind=OrganisationKind.PARTY)
    in_year, _planted_at = _planted_quarters()
    return Scenario(
        organisation, [], [], in_year, random.Random("quiet"), provinces, attack_region
    )


# --- CONTROLS: the protection switched off --------------------------------------------


@pytest.fixture
def exact_figures(monkeypatch):
    """CONTROL: every figure is the exact count, 0 included, and the audit withholds
    nothing. The attacks must succeed against it."""

    def exact(count, key_sum, params):
        return count

    monkeypatch.setattr(perturbation, "publish", exact)
    monkeypatch.setattr(releases, "publish", exact)
    monkeypatch.setattr(protection, "failing_cells", lambda *args, **kwargs: [])


@pytest.fixture
def unperturbed(monkeypatch):
    """CONTROL: small counts still shown as "<10", but every other figure is the
    exact count and the audit withholds nothing (suppression without perturbation)."""

    def exact_above_threshold(count, key_sum, params):
        return None if count < params.threshold else count

    monkeypatch.setattr(perturbation, "publish", exact_above_threshold)
    monkeypatch.setattr(releases, "publish", exact_above_threshold)
    monkeypatch.setattr(protection, "failing_cells", lambda *args, **kwargs: [])


@pytest.fixture
def no_freezing(monkeypatch):
    """CONTROL: no published period stays frozen: every release recomputes every
    period from the current data, whatever changed."""
    monkeypatch.setattr(releases, "latest", lambda *args, **kwargs: None)
