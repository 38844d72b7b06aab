"""The per-person summary the dashboard counts from: kept by triggers on signals,
consents and provinces, and always giving the same figures as counting every signal
one by one."""

import pytest
from django.db import connection, connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.constants import ConsentPurpose
from cases.models import Consent
from regions.models import Province, Region
from signals import constants as sc
from signals.models import PersonSummary, Signal
from signals.stats import MASK_FIELDS, MAX_PROVINCES, Selection, count_persons
from tests.factories import CaseFactory, ConsentFactory
from tests.signals.conftest import current_quarter

KINDS = ("standalone", "revoked", "consented", "unconsented", "consent_revoked")

signal_specs = st.lists(
    st.fixed_dictionaries(
        {
            "person": st.integers(0, 5),
            "quarter": st.integers(0, 5),
            "category": st.sampled_from(sc.SignalCategory.values[:3]),
            "impact": st.sampled_from(sc.ImpactLevel.values),
            "province": st.integers(0, 1),
            "region": st.integers(0, 1),
            "kind": st.sampled_from(KINDS),
        }
    ),
    max_size=14,
)
selections = st.fixed_dictionaries(
    {
        "first": st.integers(0, 5),
        "length": st.integers(0, 5),
        "category": st.none() | st.sampled_from(sc.SignalCategory.values[:3]),
        "impact": st.none() | st.sampled_from(sc.ImpactLevel.values),
        "province": st.none() | st.integers(0, 1),
        "region": st.none() | st.integers(0, 1),
    }
)


def _counted(signal: Signal) -> bool:
    if signal.case_id is None:
        return signal.consent_revoked_at is None
    return Consent.objects.filter(
        case_id=signal.case_id,
        purpose=ConsentPurpose.STATISTICS,
        revoked_at__isnull=True,
    ).exists()


def _one_by_one(selection: Selection) -> dict:
    """The figures of ``selection`` counted in Python, signal by signal."""
    counted = [s for s in Signal.objects.all() if _counted(s)]

    def hits(signal):
        return selection.first_quarter <= signal.quarter <= selection.last_quarter and (
            all(getattr(signal, f) == v for f, v in selection.filters.items())
        )

    hit = [s for s in counted if hits(s)]

    def persons(signals):
        return len({s.person_key for s in signals})

    provinces = Province.objects.order_by("code").values_list("pk", flat=True)
    return {
        "persons": persons(hit),
        "complement": persons(s for s in counted if not hits(s)),
        "by_field": {
            name: {
                value: persons(s for s in hit if getattr(s, name) == value)
                for value in choices.values
            }
            for name, choices in MASK_FIELDS.items()
        },
        "quarter": {
            q: persons(s for s in hit if s.quarter == q) for q in selection.quarters
        },
        "province": {
            pk: persons(s for s in hit if s.province_id == pk)
            for pk in provinces[:MAX_PROVINCES]
        },
    }


def _summary_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_key, first_quarter, last_quarter, mask, province_min, "
            "province_max, region_min, region_max, quarter_masks::text "
            "FROM signals_personsummary ORDER BY person_key"
        )
        return cursor.fetchall()


def _rebuilt_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT signals_refresh_persons(NULL)")
    return _summary_rows()


@pytest.fixture
def places(db, province, signal_region):
    other_province = Province.objects.create(code="PV26", name="Flevoland")
    other_region = Region.objects.create(code="S-REGIO-2", name="Tweede regio")
    return [province, other_province], [signal_region, other_region]


def _make(specs, places, base):
    provinces, regions = places
    for spec in specs:
        fields = {
            "person_key": 7_000 + spec["person"],
            "quarter": base + spec["quarter"],
            "category": spec["category"],
            "office": sc.SignalOffice.COUNCILLOR,
            "channel": sc.SignalChannel.ONLINE,
            "perpetrator": sc.PerpetratorKind.CITIZEN,
            "police": sc.PoliceReport.NONE,
            "impact": spec["impact"],
            "province": provinces[spec["province"]],
            "region": regions[spec["region"]],
        }
        kind = spec["kind"]
        if kind in ("standalone", "revoked"):
            Signal.objects.create(
                consent_given_on=timezone.localdate(),
                consent_revoked_at=timezone.now() if kind == "revoked" else None,
                **fields,
            )
            continue
        case = CaseFactory()
        if kind == "consented":
            ConsentFactory(case=case, statistics=True)
        elif kind == "consent_revoked":
            ConsentFactory(case=case, statistics=True, revoked=True)
        Signal.objects.create(case=case, **fields)


@given(specs=signal_specs, chosen=selections)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_figures_equal_counting_every_signal(places, specs, chosen):
    Signal.objects.all().delete()
    Consent.objects.all().delete()
    base = current_quarter() - 5
    _make(specs, places, base)
    provinces, regions = places
    filters = {}
    for name in ("category", "impact"):
        if chosen[name] is not None:
            filters[name] = chosen[name]
    if chosen["province"] is not None:
        filters["province_id"] = provinces[chosen["province"]].pk
    if chosen["region"] is not None:
        filters["region_id"] = regions[chosen["region"]].pk
    first = base + chosen["first"]
    selection = Selection(first, first + chosen["length"], filters)

    assert count_persons(selection).raw() == _one_by_one(selection)


def test_revoking_the_case_consent_takes_the_person_out_at_once(places):
    case = CaseFactory()
    consent = ConsentFactory(case=case, statistics=True)
    Signal.objects.create(
        case=case,
        person_key=42,
        quarter=current_quarter(),
        category=sc.SignalCategory.THREAT,
        office=sc.SignalOffice.MAYOR,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.NONE,
        impact=sc.ImpactLevel.LOW,
        province=places[0][0],
        region=places[1][0],
    )
    assert list(PersonSummary.objects.values_list("person_key", flat=True)) == [42]

    consent.revoked_at = timezone.now()
    consent.save()

    assert not PersonSummary.objects.exists()
    selection = Selection(current_quarter(), current_quarter())
    assert count_persons(selection).persons == 0


def test_triggers_keep_the_summary_equal_to_a_rebuild(make_signals, places):
    keys = make_signals(3, per_person=2)
    make_signals(2, quarter=current_quarter() - 3)
    Signal.objects.filter(person_key=keys[0]).update(quarter=current_quarter() - 7)
    Signal.objects.filter(person_key=keys[1]).first().delete()
    Signal.objects.filter(person_key=keys[2]).update(province=places[0][1])
    kept = _summary_rows()

    assert len(kept) == 5
    assert kept == _rebuilt_rows()


def test_a_bulk_load_is_folded_in_one_pass(make_signals):
    # Above 5,000 persons in one statement the summary is rebuilt in one pass.
    make_signals(5_001)
    kept = _summary_rows()

    assert len(kept) == 5_001
    assert kept == _rebuilt_rows()


def test_renumbering_provinces_refolds_their_bits(make_signals, places):
    provinces, _regions = places
    make_signals(2)  # in provinces[0] (PV27)
    selection = Selection(current_quarter(), current_quarter())
    before = count_persons(selection).province

    # PV27 now sorts before PV26's new code: the bits change places.
    Province.objects.filter(pk=provinces[1].pk).update(code="PV28")

    after = count_persons(selection).province
    assert before[provinces[0].pk] == after[provinces[0].pk] == 2
    assert after[provinces[1].pk] == 0
    assert _summary_rows() == _rebuilt_rows()


# Only the owner role may TRUNCATE (the application's role may not): its connection,
# outside the test's transaction, so that it sees the signals and waits on no lock.
@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "owner"]
)
def test_emptying_the_signals_table_empties_the_summary(make_signals):
    make_signals(3)
    assert PersonSummary.objects.exists()
    with connections["owner"].cursor() as cursor:
        cursor.execute("TRUNCATE signals_signal")

    assert not PersonSummary.objects.exists()


def test_lane_sums_unpack_to_per_bit_counts():
    from signals.stats import LANE, unpack

    # Sum k holds the counts of bits k, k + 21 and k + 42.
    total = 3 | 5 << LANE | 2_000_000 << 2 * LANE
    counts = unpack([total, 0], 43)
    assert (counts[0], counts[21], counts[42]) == (3, 5, 2_000_000)
    assert counts[1] == counts[22] == 0


def test_a_filtered_count_reads_the_index_of_its_most_selective_filter():
    from signals.stats import lead_filter

    assert lead_filter({"police": 1, "category": 2}) == "category"
    assert lead_filter({"category": 2, "province_id": 5}) == "province_id"
    assert lead_filter({"province_id": 5, "region_id": 3, "impact": 1}) == "region_id"
