"""The selection committee scores an interview: each member separately, the page shows
every member's scores and the average; appointing asks for a confirmation first."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ambassadors import scoring, services
from ambassadors.constants import ApplicationStatus
from ambassadors.models import Application, InterviewScore
from network.models import Ambassador
from tests.factories import UserFactory, fresh

pytestmark = pytest.mark.django_db

INTERVIEW = {
    "held_on": "2026-06-01",
    "neutral": "4",
    "integer": "5",
    "experience": "3",
    "resilience": "4",
    "empathy": "5",
    "notes": "Sterk in luisteren.",
}
LOW = {"neutral": 2, "integer": 3, "experience": 1, "resilience": 2, "empathy": 3}
HIGH = {"neutral": 5, "integer": 5, "experience": 5, "resilience": 5, "empathy": 5}


@pytest.fixture
def application(vacancy):
    return Application.objects.create(
        vacancy=vacancy,
        first_name="Fenna",
        last_name="Fictief",
        email="fenna@example.org",
        motivation="Ik wil helpen.",
        cv_kind="pdf",
    )


@pytest.fixture
def second_member(organisation):
    return fresh(
        UserFactory(
            username="sel.henk",
            first_name="Henk",
            selection=True,
            organisation=organisation,
        )
    )


@pytest.fixture
def interviewed(client, selection_member, application):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_detail", args=[application.pk])
    assert client.post(url, INTERVIEW).status_code == 302
    application.refresh_from_db()
    return application


def test_each_member_scores_separately_and_the_page_shows_each_and_the_average(
    client, interviewed, selection_member, second_member
):
    client.force_login(second_member)
    url = reverse("ambassadors:application_score", args=[interviewed.pk])
    response = client.post(url, {k: str(v) for k, v in LOW.items()})
    assert response.status_code == 302
    # The recorder's scores (21) and the second member's own (11): each kept.
    assert InterviewScore.objects.get().member == second_member
    table = scoring.score_table(interviewed)
    assert [row.total for row in table.rows] == [21, 11]
    assert table.average_total == Decimal("16.0")
    # Neutral: 4 and 2 → 3.0; integer: 5 and 3 → 4.0; experience 3 and 1 → 2.0.
    assert table.averages[:3] == [Decimal("3.0"), Decimal("4.0"), Decimal("2.0")]

    page = client.get(reverse("ambassadors:application_detail", args=[interviewed.pk]))
    html = page.content.decode()
    assert "Henk" in html
    assert selection_member.first_name in html
    assert "16,0 / 25" in html


def test_a_member_scoring_again_replaces_only_their_own(
    interviewed, selection_member, second_member
):
    scoring.interview_score(application=interviewed, by=second_member, scores=LOW)
    scoring.interview_score(application=interviewed, by=second_member, scores=HIGH)
    scoring.interview_score(application=interviewed, by=selection_member, scores=LOW)
    assert InterviewScore.objects.count() == 2
    table = scoring.score_table(interviewed)
    # The recorder now scored separately: their own row replaces the interview's.
    assert sorted(row.total for row in table.rows) == [11, 25]
    assert table.average_total == Decimal("18.0")


def test_average_rounds_half_up():
    assert scoring._mean([3, 4]) == Decimal("3.5")
    assert scoring._mean([1, 2, 2]) == Decimal("1.7")


@pytest.mark.parametrize("bad", [0, 6, "5", None, 2.5])
def test_a_score_outside_one_to_five_is_refused(interviewed, second_member, bad):
    with pytest.raises(ValidationError):
        scoring.interview_score(
            application=interviewed, by=second_member, scores={**LOW, "empathy": bad}
        )
    assert not InterviewScore.objects.exists()


def test_bad_form_input_is_a_400_with_nothing_saved(client, interviewed, second_member):
    client.force_login(second_member)
    url = reverse("ambassadors:application_score", args=[interviewed.pk])
    response = client.post(url, {**LOW, "neutral": "9"})
    assert response.status_code == 400
    assert not InterviewScore.objects.exists()
    assert client.get(url).status_code == 405


def test_scoring_needs_the_interview_and_an_undecided_application(
    application, second_member, selection_member
):
    with pytest.raises(ValidationError):
        scoring.interview_score(application=application, by=second_member, scores=LOW)
    services.interview_record(
        application=application,
        data={"held_on": "2026-06-01", **LOW, "notes": ""},
        by=selection_member,
    )
    services.application_reject(application=application, by=selection_member)
    with pytest.raises(ValidationError):
        scoring.interview_score(application=application, by=second_member, scores=LOW)


@pytest.mark.parametrize("role", ["coordinator", "advisor", "ambassador_user"])
def test_only_the_committee_scores(client, request, interviewed, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        scoring.interview_score(application=interviewed, by=user, scores=LOW)
    client.force_login(user)
    url = reverse("ambassadors:application_score", args=[interviewed.pk])
    assert client.post(url, LOW).status_code == 403
    assert not InterviewScore.objects.exists()


# --- the appointment asks for a confirmation -----------------------------------------


def test_appoint_shows_a_confirmation_first_and_appoints_nobody(
    client, interviewed, selection_member, other_region
):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_decide", args=[interviewed.pk])
    response = client.post(url, {"decision": "appoint", "regions": [other_region.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirmed" value="1"' in html
    assert other_region.name in html
    assert interviewed.vacancy.region.name in html
    assert f'name="regions" value="{other_region.pk}"' in html
    assert not Ambassador.objects.filter(user__email="fenna@example.org").exists()
    interviewed.refresh_from_db()
    assert interviewed.status == ApplicationStatus.INTERVIEW


def test_confirmed_appointment_goes_through(
    client, interviewed, selection_member, other_region
):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_decide", args=[interviewed.pk])
    data = {"decision": "appoint", "regions": [other_region.pk], "confirmed": "1"}
    assert client.post(url, data).status_code == 302
    interviewed.refresh_from_db()
    assert interviewed.status == ApplicationStatus.APPOINTED


def test_confirmation_page_is_refused_before_the_interview(
    client, application, selection_member
):
    client.force_login(selection_member)
    url = reverse("ambassadors:application_decide", args=[application.pk])
    response = client.post(url, {"decision": "appoint"})
    assert response.status_code == 302
    assert 'name="confirmed"' not in client.get(response.url).content.decode()
