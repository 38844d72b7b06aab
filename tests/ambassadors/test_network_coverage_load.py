"""Coverage, availability and the handoff proposal (one source of data), hours and
load, meetings and dagdelen."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors import selectors, services
from ambassadors.constants import Activity, MeetingKind
from ambassadors.models import Invitation, Meeting, TimeEntry
from cases import selectors as case_selectors
from cases.forms.handoff import HandoffForm
from network import selectors as network_selectors
from network.models import Unavailability
from tests.factories import AmbassadorFactory, GemeenteFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _unavailable(ambassador, days_before=1, days_after=5):
    today = timezone.localdate()
    return Unavailability.objects.create(
        ambassador=ambassador,
        starts_on=today - timedelta(days=days_before),
        ends_on=today + timedelta(days=days_after),
    )


# --- coverage and proposal -----------------------------------------------------------


def test_coverage_counts_per_region_and_flags_uncovered(
    ambassador, other_ambassador, region, gemeente, organisation
):
    empty = RegionFactory()
    GemeenteFactory(region=empty, province=gemeente.province)
    data = network_selectors.coverage(organisation_id=organisation.pk)
    rows = {row.region.pk: row for row in data.regions}
    assert rows[region.pk].ambassadors.active == 2
    assert not rows[region.pk].uncovered
    assert rows[empty.pk].uncovered
    assert [r.region for r in data.uncovered] == [empty]
    assert data.per_province[gemeente.province.code] == 2


def test_inactive_ambassador_does_not_cover(region, gemeente, organisation):
    AmbassadorFactory(organisation=organisation, regions=[region], inactive=True)
    rows = network_selectors.coverage(organisation_id=organisation.pk).regions
    assert next(r for r in rows if r.region == region).uncovered


def test_unavailable_ambassador_is_not_proposed(
    case, ambassador, other_ambassador, organisation
):
    _unavailable(other_ambassador)
    proposal = case_selectors.handoff_proposal(case)
    assert proposal.proposed == [ambassador]
    assert proposal.unavailable == [other_ambassador]
    assert other_ambassador not in proposal.others


def test_unavailable_ambassador_cannot_be_chosen_in_the_handoff_form(
    case, ambassador, organisation
):
    _unavailable(ambassador)
    form = HandoffForm({"ambassador": ambassador.pk}, organisation_id=organisation.pk)
    assert not form.is_valid()


def test_past_or_future_unavailability_does_not_block(case, ambassador):
    _unavailable(ambassador, days_before=10, days_after=-5)
    _unavailable(ambassador, days_before=-3, days_after=10)
    assert case_selectors.handoff_proposal(case).proposed == [ambassador]


def test_coverage_and_proposal_agree(case, ambassador, other_ambassador, organisation):
    _unavailable(ambassador)
    region = case.office_holder.gemeente.region
    row = next(
        r
        for r in network_selectors.coverage(organisation_id=organisation.pk).regions
        if r.region == region
    )
    assert row.ambassadors.available == case_selectors.handoff_proposal(case).proposed


def test_coverage_page_flags_uncovered_region(
    client, coordinator, ambassador, gemeente, django_assert_max_num_queries
):
    empty = RegionFactory(name="Lege regio")
    GemeenteFactory(region=empty, province=gemeente.province)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ambassadors:coverage"))
    html = response.content.decode()
    assert 'id="uncovered"' in html
    assert "Lege regio" in html
    assert "style=" not in html


# --- hours and load ------------------------------------------------------------------


def test_ambassador_logs_hours_on_own_accepted_case(accepted_case, ambassador):
    entry = services.time_log(
        by=ambassador.user,
        worked_on=timezone.localdate(),
        hours=Decimal("1.5"),
        activity=Activity.CASE,
        case=accepted_case,
    )
    assert entry.ambassador == ambassador


def test_hours_on_a_case_of_someone_else_are_refused(accepted_case, other_ambassador):
    with pytest.raises(services.ValidationError):
        services.time_log(
            by=other_ambassador.user,
            worked_on=timezone.localdate(),
            hours=1,
            activity=Activity.CASE,
            case=accepted_case,
        )


def test_hours_in_the_future_are_refused(ambassador):
    with pytest.raises(services.ValidationError):
        services.time_log(
            by=ambassador.user,
            worked_on=timezone.localdate() + timedelta(days=1),
            hours=1,
            activity=Activity.TRAINING,
        )


def test_hours_page_refuses_bad_input(client, ambassador):
    client.force_login(ambassador.user)
    response = client.post(
        reverse("ambassadors:hours"),
        {"worked_on": "gisteren", "hours": "-2", "activity": "casus"},
    )
    assert response.status_code == 400
    assert not TimeEntry.objects.exists()


def test_hours_page_lists_only_own_hours(client, ambassador, other_ambassador):
    today = timezone.localdate()
    TimeEntry.objects.create(
        ambassador=other_ambassador, worked_on=today, hours=7, activity="overig"
    )
    client.force_login(ambassador.user)
    response = client.get(reverse("ambassadors:hours"))
    assert list(response.context["entries"]) == []


def test_ambassador_cannot_delete_someone_elses_hours(
    client, ambassador, other_ambassador
):
    entry = TimeEntry.objects.create(
        ambassador=other_ambassador,
        worked_on=timezone.localdate(),
        hours=1,
        activity="overig",
    )
    client.force_login(ambassador.user)
    response = client.post(reverse("ambassadors:hours_delete", args=[entry.pk]))
    assert response.status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_load_this_month_and_open_cases(handed_case, ambassador, organisation):
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    TimeEntry.objects.create(
        ambassador=ambassador, worked_on=today, hours=6, activity="overig"
    )
    TimeEntry.objects.create(
        ambassador=ambassador,
        worked_on=today.replace(day=1),
        hours=Decimal("5.5"),
        activity="signalering",
    )
    TimeEntry.objects.create(
        ambassador=ambassador, worked_on=last_month, hours=20, activity="overig"
    )
    row = selectors.network_overview(organisation_id=organisation.pk, filters={}).get(
        pk=ambassador.pk
    )
    assert row.hours_month == Decimal("11.5")
    assert row.open_cases == 1
    assert selectors.load_status(row.hours_month) == "over"
    assert selectors.load_status(Decimal("9")) == "within"
    assert selectors.load_status(Decimal("2")) == "under"


def test_network_page_query_count_is_constant(
    client, coordinator, organisation, region, django_assert_max_num_queries
):
    for _ in range(6):
        amb = AmbassadorFactory(organisation=organisation, regions=[region])
        TimeEntry.objects.create(
            ambassador=amb, worked_on=timezone.localdate(), hours=2, activity="overig"
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("ambassadors:network"))
    assert response.context["page_obj"].paginator.count == 6


def test_network_page_filters_unavailable(
    client, coordinator, ambassador, other_ambassador
):
    _unavailable(ambassador)
    client.force_login(coordinator)
    response = client.get(
        reverse("ambassadors:network"), {"availability": "unavailable"}
    )
    assert [a.pk for a, *_ in response.context["rows"]] == [ambassador.pk]


def test_ambassador_marks_themselves_unavailable(client, ambassador):
    client.force_login(ambassador.user)
    today = timezone.localdate()
    client.post(
        reverse("ambassadors:unavailability_add"),
        {
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=3)).isoformat(),
        },
    )
    assert ambassador.unavailabilities.count() == 1


def test_unavailability_ending_before_start_is_refused(client, ambassador):
    client.force_login(ambassador.user)
    today = timezone.localdate()
    client.post(
        reverse("ambassadors:unavailability_add"),
        {
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=3)).isoformat(),
        },
    )
    assert not ambassador.unavailabilities.exists()


# --- meetings and dagdelen ----------------------------------------------------------


def _meeting(kind=MeetingKind.TRAINING, held_on=None, dagdelen=2, title="Training"):
    return Meeting.objects.create(
        kind=kind,
        title=title,
        held_on=held_on or timezone.localdate(),
        place="Utrecht",
        dagdelen=dagdelen,
    )


def test_dagdelen_this_year_count_attended_meetings_only(ambassador, organisation):
    today = timezone.localdate()
    attended = _meeting(dagdelen=2)
    missed = _meeting(dagdelen=1, title="Intervisie")
    last_year = _meeting(held_on=date(today.year - 1, 6, 1), dagdelen=4, title="Oud")
    Invitation.objects.create(meeting=attended, ambassador=ambassador, attended=True)
    Invitation.objects.create(meeting=missed, ambassador=ambassador, attended=False)
    Invitation.objects.create(meeting=last_year, ambassador=ambassador, attended=True)
    row = selectors.with_load(type(ambassador).objects.filter(pk=ambassador.pk)).get()
    assert row.dagdelen_year == 2
    assert selectors.dagdelen_status(2) == "within"
    assert selectors.dagdelen_status(1) == "under"


def test_ambassador_page_shows_dagdelen_against_expected(client, ambassador):
    meeting = _meeting(dagdelen=1)
    Invitation.objects.create(meeting=meeting, ambassador=ambassador, attended=True)
    client.force_login(ambassador.user)
    response = client.get(reverse("ambassadors:detail", args=[ambassador.pk]))
    html = response.content.decode()
    assert response.context["ambassador"].dagdelen_year == 1
    assert "2–4" in html


def test_coordinator_invites_and_records_attendance(client, coordinator, ambassador):
    meeting = _meeting()
    client.force_login(coordinator)
    url = reverse("ambassadors:meeting_detail", args=[meeting.pk])
    client.post(url, {"action": "invite", "ambassadors": [ambassador.pk]})
    invitation = Invitation.objects.get(meeting=meeting)
    client.post(url, {"action": "attendance", f"attended-{invitation.pk}": "yes"})
    invitation.refresh_from_db()
    assert invitation.attended is True


def test_attendance_of_a_future_meeting_is_refused(coordinator, ambassador):
    meeting = _meeting(held_on=timezone.localdate() + timedelta(days=10))
    invitation = Invitation.objects.create(meeting=meeting, ambassador=ambassador)
    with pytest.raises(services.ValidationError):
        services.attendance_record(
            meeting=meeting, attended={invitation.pk: True}, by=coordinator
        )


def test_ambassador_sees_only_meetings_they_are_invited_to(
    client, ambassador, other_ambassador
):
    mine = _meeting(title="Mijn training")
    other = _meeting(title="Andere training")
    Invitation.objects.create(meeting=mine, ambassador=ambassador)
    Invitation.objects.create(meeting=other, ambassador=other_ambassador)
    client.force_login(ambassador.user)
    response = client.get(reverse("ambassadors:meeting_list"))
    assert list(response.context["meetings"]) == [mine]
    url = reverse("ambassadors:meeting_detail", args=[other.pk])
    assert client.get(url).status_code == 404


def test_ambassador_cannot_record_attendance(client, ambassador):
    meeting = _meeting()
    invitation = Invitation.objects.create(meeting=meeting, ambassador=ambassador)
    client.force_login(ambassador.user)
    url = reverse("ambassadors:meeting_detail", args=[meeting.pk])
    response = client.post(
        url, {"action": "attendance", f"attended-{invitation.pk}": "yes"}
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.attended is None


def test_return_day_page_has_the_signal_report_spot(client, coordinator):
    meeting = _meeting(kind=MeetingKind.RETURN_DAY, title="Terugkomdag")
    client.force_login(coordinator)
    response = client.get(reverse("ambassadors:meeting_detail", args=[meeting.pk]))
    assert 'id="signal-report-heading"' in response.content.decode()


def test_meeting_list_query_count_is_constant(
    client, coordinator, ambassador, django_assert_max_num_queries
):
    for n in range(8):
        meeting = _meeting(title=f"Training {n}")
        Invitation.objects.create(meeting=meeting, ambassador=ambassador, attended=True)
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("ambassadors:meeting_list"))
    assert response.context["page_obj"].paginator.count == 8
