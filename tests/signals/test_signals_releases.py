"""Statistics releases: computed from one snapshot, stored, numbered, immutable;
published periods frozen until enough persons changed; the open quarter never shown;
an organisation's figures hold only what it may count."""

import pytest
from django.db import IntegrityError, transaction

from core.constants import OrganisationKind
from signals import constants as sc
from signals import releases
from signals.catalogue import Period, value_bit
from signals.models import ReleaseBasis, Signal, StatisticsRelease
from tests.factories import OrganisationFactory, default_organisation
from tests.signals.conftest import closed_quarter, current_quarter

pytestmark = pytest.mark.django_db


def release(organisation=None):
    organisation = organisation or default_organisation()
    queued = releases.request_release(organisation, sc.ReleaseReason.MANUAL)
    assert releases.compile_release(queued.pk)
    return StatisticsRelease.objects.get(pk=queued.pk)


def figure(rel, table, period, cell):
    return rel.figures["figures"][table][period.key][cell]


def test_a_release_publishes_closed_quarters_only(make_signals):
    make_signals(30, quarter=closed_quarter())
    make_signals(30, quarter=current_quarter())
    rel = release()
    assert rel.is_done
    assert rel.number == 1
    assert Period.quarter(current_quarter()).key not in rel.figures["periods"]
    published = figure(rel, "total", Period.quarter(closed_quarter()), "t")
    assert 28 <= published <= 32


def test_small_counts_and_zeros_look_the_same(make_signals):
    make_signals(3, quarter=closed_quarter())
    rel = release()
    period = Period.quarter(closed_quarter())
    threat = f"b{value_bit('category', sc.SignalCategory.THREAT)}"
    violence = f"b{value_bit('category', sc.SignalCategory.VIOLENCE)}"
    assert figure(rel, "category", period, threat) is None  # 3 persons
    assert figure(rel, "category", period, violence) is None  # nobody


def test_the_same_persons_give_the_same_figure_in_every_release(make_signals):
    make_signals(40, quarter=closed_quarter())
    first = release()
    second = release()
    assert second.number == first.number + 1
    assert first.figures["figures"] == second.figures["figures"]


def test_one_revoked_person_changes_no_published_figure(make_signals):
    keys = make_signals(40, quarter=closed_quarter())
    first = release()
    Signal.objects.filter(person_key=keys[0]).update(
        consent_revoked_at="2026-01-01T00:00Z"
    )
    second = release()
    assert second.figures["figures"] == first.figures["figures"]
    assert second.revised_periods == []


def test_enough_changed_persons_revise_a_period(make_signals):
    keys = make_signals(40, quarter=closed_quarter())
    first = release()
    Signal.objects.filter(person_key__in=keys[:10]).update(
        consent_revoked_at="2026-01-01T00:00Z"
    )
    second = release()
    period = Period.quarter(closed_quarter())
    assert second.revised_periods == [period.key]
    assert figure(second, "total", period, "t") < figure(first, "total", period, "t")


def test_late_signals_wait_for_the_batch(make_signals):
    make_signals(40, quarter=closed_quarter())
    first = release()
    make_signals(9, quarter=closed_quarter())
    assert release().figures["figures"] == first.figures["figures"]
    make_signals(1, quarter=closed_quarter())
    assert release().revised_periods == [Period.quarter(closed_quarter()).key]


def test_a_published_release_cannot_be_changed_or_deleted(make_signals):
    make_signals(12, quarter=closed_quarter())
    rel = release()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticsRelease.objects.filter(pk=rel.pk).update(figures={})
    with pytest.raises(IntegrityError), transaction.atomic():
        StatisticsRelease.objects.filter(pk=rel.pk).delete()


def test_only_the_bases_in_use_are_kept(make_signals):
    keys = make_signals(40, quarter=closed_quarter())
    release()
    Signal.objects.filter(person_key__in=keys[:12]).delete()
    second = release()
    period = Period.quarter(closed_quarter())
    assert second.period_versions[period.key] == 2
    kept = ReleaseBasis.objects.filter(period=period.db)
    assert set(kept.values_list("version", flat=True)) == {2}
    assert kept.count() == 28


def test_a_partys_signals_stay_out_of_the_association_unless_allowed(make_signals):
    party = OrganisationFactory(kind=OrganisationKind.PARTY)
    make_signals(40, quarter=closed_quarter(), organisation=party)
    period = Period.quarter(closed_quarter())
    assert figure(release(), "total", period, "t") is None
    own = release(party)
    assert figure(own, "total", period, "t") >= 38
    party.shares_signals = True
    party.save()
    # A new quarter of data would show at once; the published one waits for a
    # batch: 40 persons joined it, so it is revised.
    assert figure(release(), "total", period, "t") >= 38


def test_a_second_request_while_one_is_pending_returns_it():
    organisation = default_organisation()
    first = releases.request_release(organisation, sc.ReleaseReason.MANUAL)
    again = releases.request_release(organisation, sc.ReleaseReason.QUARTER)
    assert again.pk == first.pk
