"""Signals of fictional persons, written straight to the table (fast, exact)."""

import itertools

import pytest
from django.utils import timezone

from regions.models import Province, Region
from signals import constants as sc
from signals.models import Signal
from tests.factories import default_organisation

_keys = itertools.count(1_000_000)


def current_quarter():
    return sc.quarter_of_date(timezone.localdate())


def closed_quarter():
    """The newest quarter a release publishes."""
    return current_quarter() - 1


def compiled_release(organisation=None):
    """A statistics release of ``organisation`` (default: the association), requested
    and compiled."""
    from signals import releases
    from signals.models import StatisticsRelease

    queued = releases.request_release(
        organisation or default_organisation(), sc.ReleaseReason.MANUAL
    )
    releases.compile_release(queued.pk)
    return StatisticsRelease.objects.get(pk=queued.pk)


@pytest.fixture
def province(db):
    return Province.objects.get_or_create(code="PV27", defaults={"name": "Utrecht"})[0]


@pytest.fixture
def signal_region(db):
    return Region.objects.create(code="S-REGIO", name="Signaalregio")


@pytest.fixture
def make_signals(province, signal_region):
    def make(persons, per_person=1, **fields):
        """``persons`` distinct persons with ``per_person`` signals each; returns the
        person keys."""
        keys = [next(_keys) for _ in range(persons)]
        values = {
            "category": sc.SignalCategory.THREAT,
            "office": sc.SignalOffice.COUNCILLOR,
            "province": province,
            "region": signal_region,
            "quarter": current_quarter(),
            "channel": sc.SignalChannel.ONLINE,
            "perpetrator": sc.PerpetratorKind.CITIZEN,
            "police": sc.PoliceReport.NONE,
            "impact": sc.ImpactLevel.MODERATE,
            "consent_given_on": timezone.localdate(),
            "organisation": default_organisation(),
        }
        values.update(fields)
        Signal.objects.bulk_create(
            Signal(person_key=key, **values) for key in keys for _ in range(per_person)
        )
        return keys

    return make
