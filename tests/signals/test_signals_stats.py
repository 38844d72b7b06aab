"""Counting in SQL: distinct persons per cell, consent, organisations; every count of
a snapshot equals counting signal by signal in Python."""

from collections import defaultdict

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from signals import constants as sc
from signals.catalogue import Period, value_bit
from signals.models import Signal
from signals.releases import count_snapshot, provinces_in_order
from tests.factories import default_organisation
from tests.signals.conftest import closed_quarter


def _counts(first=None, last=None):
    last = last or closed_quarter()
    return count_snapshot(default_organisation(), first or last - 7, last).counts


def _cell(dimension, value):
    return f"b{value_bit(dimension, value)}"


def test_five_signals_about_one_person_count_once(make_signals):
    make_signals(1, per_person=5, quarter=closed_quarter())
    make_signals(2, quarter=closed_quarter())
    counts = _counts()
    period = Period.quarter(closed_quarter()).db
    assert counts[(period, "t")] == 3
    assert counts[(period, _cell("category", sc.SignalCategory.THREAT))] == 3


def test_a_person_counts_in_every_category_they_have_once(make_signals):
    (key,) = make_signals(1, per_person=3, quarter=closed_quarter())
    Signal.objects.filter(person_key=key).update(category=sc.SignalCategory.VIOLENCE)
    make_signals(1, category=sc.SignalCategory.VIOLENCE, quarter=closed_quarter())
    counts = _counts()
    period = Period.quarter(closed_quarter()).db
    assert counts[(period, _cell("category", sc.SignalCategory.VIOLENCE))] == 2
    assert (period, _cell("category", sc.SignalCategory.THREAT)) not in counts


def test_revoked_standalone_consent_does_not_count(make_signals):
    keys = make_signals(3, quarter=closed_quarter())
    Signal.objects.filter(person_key=keys[0]).update(consent_revoked_at=timezone.now())
    assert _counts()[(Period.quarter(closed_quarter()).db, "t")] == 2


def test_quarters_outside_the_release_are_not_counted(make_signals):
    make_signals(2, quarter=closed_quarter() - 10)
    make_signals(3, quarter=closed_quarter())
    counts = _counts(closed_quarter() - 3)
    assert counts[(Period.quarter(closed_quarter()).db, "t")] == 3
    assert (Period.quarter(closed_quarter() - 10).db, "t") not in counts


SIGNAL = st.fixed_dictionaries(
    {
        "person": st.integers(1, 12),
        "quarter": st.integers(0, 7),
        "category": st.sampled_from(sc.SignalCategory.values),
        "office": st.sampled_from(sc.SignalOffice.values),
        "channel": st.sampled_from(sc.SignalChannel.values[:3]),
        "perpetrator": st.sampled_from(sc.PerpetratorKind.values[:2]),
        "police": st.sampled_from(sc.PoliceReport.values),
        "impact": st.sampled_from(sc.ImpactLevel.values),
        "revoked": st.booleans(),
    }
)


class TestEveryCountAgreesWithCountingSignalBySignal(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(st.lists(SIGNAL, max_size=40))
    def test_counts(self, rows):
        from regions.models import Province, Region

        province = Province.objects.get_or_create(
            code="PV27", defaults={"name": "Utrecht"}
        )[0]
        region = Region.objects.get_or_create(code="S-PROP", name="Eigenschap")[0]
        last = closed_quarter()
        organisation = default_organisation()
        Signal.objects.all().delete()
        Signal.objects.bulk_create(
            Signal(
                person_key=row["person"],
                organisation=organisation,
                province=province,
                region=region,
                quarter=last - row["quarter"],
                consent_given_on=timezone.localdate(),
                consent_revoked_at=timezone.now() if row["revoked"] else None,
                **{
                    k: row[k]
                    for k in (
                        "category",
                        "office",
                        "channel",
                        "perpetrator",
                        "police",
                        "impact",
                    )
                },
            )
            for row in rows
        )
        place = [pk for pk, _code in provinces_in_order()].index(province.pk)
        expected = defaultdict(set)
        # A person revoked on any standalone signal is revoked on that signal only.
        for row in rows:
            if row["revoked"]:
                continue
            quarter = last - row["quarter"]
            for period in (Period.quarter(quarter), Period.year(quarter // 4)):
                if period.is_year and not set(period.quarters) <= set(
                    range(last - 7, last + 1)
                ):
                    continue
                cells = {"t", f"b{48 + place}"}
                cells |= {
                    _cell(d, row[d])
                    for d in ("category", "office", "channel", "perpetrator")
                }
                cells |= {_cell(d, row[d]) for d in ("police", "impact")}
                for cell in cells:
                    expected[(period.db, cell)].add(row["person"])
        # Two-dimension cells: a person with both values in the year.
        year_bits = defaultdict(set)
        for (period, cell), persons in expected.items():
            if period < 0 and cell.startswith("b"):
                for person in persons:
                    year_bits[(period, person)].add(int(cell[1:]))
        from signals.catalogue import pair_bits

        for (period, person), bits in year_bits.items():
            for a, b in pair_bits():
                if a in bits and b in bits:
                    expected[(period, f"p{a}_{b}")].add(person)
        counts = _counts(last - 7, last)
        assert counts == {key: len(persons) for key, persons in expected.items()}
