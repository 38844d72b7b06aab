"""Counting in SQL: distinct persons, consent, selections."""

from django.utils import timezone

from signals import constants as sc
from signals.models import Signal
from signals.stats import Selection, count_persons
from tests.signals.conftest import current_quarter


def _selection(**filters):
    q = current_quarter()
    return Selection(q - 3, q, filters)


def test_five_signals_about_one_person_count_once(make_signals):
    make_signals(1, per_person=5)
    make_signals(2)
    counts = count_persons(_selection())
    assert counts.persons == 3
    assert counts.by_field["category"][sc.SignalCategory.THREAT] == 3


def test_a_person_counts_in_every_category_they_have_once(make_signals):
    (key,) = make_signals(1, per_person=3)
    Signal.objects.filter(person_key=key).update(category=sc.SignalCategory.VIOLENCE)
    make_signals(1, category=sc.SignalCategory.VIOLENCE)
    counts = count_persons(_selection())
    assert counts.by_field["category"][sc.SignalCategory.VIOLENCE] == 2
    assert counts.by_field["category"][sc.SignalCategory.THREAT] == 0


def test_revoked_standalone_consent_does_not_count(make_signals):
    keys = make_signals(3)
    Signal.objects.filter(person_key=keys[0]).update(consent_revoked_at=timezone.now())
    assert count_persons(_selection()).persons == 2


def test_filter_and_complement(make_signals, province):
    make_signals(4, category=sc.SignalCategory.VIOLENCE)
    make_signals(6)
    counts = count_persons(_selection(category=sc.SignalCategory.VIOLENCE))
    assert counts.persons == 4
    assert counts.complement == 6
    assert counts.province == {province.pk: 4}


def test_quarters_outside_the_period_are_not_counted_but_are_complement(make_signals):
    make_signals(2, quarter=current_quarter() - 10)
    make_signals(3)
    counts = count_persons(_selection())
    assert counts.persons == 3
    assert counts.complement == 2
    assert counts.quarter[current_quarter()] == 3
