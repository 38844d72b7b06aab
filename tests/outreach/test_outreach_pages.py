"""Campaign pages: the gemeente list (filter, sort, paginate), editing a gemeente and
its contacts, the province level."""

from datetime import date

import pytest
from django.urls import reverse

from outreach.models import GemeenteCampaign, GemeenteContact, ProvinceCampaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def _names(response):
    return [g.name for g in response.context["gemeenten"]]


def test_list_shows_all_gemeenten_paginated(logged_in, country, settings):
    settings.KLANKBORD_OUTREACH_PAGE_SIZE = 5
    response = logged_in.get(reverse("outreach:gemeente_list"))
    assert response.context["page_obj"].paginator.count == 20
    assert len(_names(response)) == 5


def test_list_filters_on_province_and_outcome(logged_in, country):
    response = logged_in.get(
        reverse("outreach:gemeente_list"),
        {"province": country["a"].pk, "outcome": "wacht-op-antwoord"},
    )
    assert _names(response) == ["A03", "A04"]


def test_list_filters_on_stage(logged_in, country):
    response = logged_in.get(
        reverse("outreach:gemeente_list"),
        {"province": country["a"].pk, "stage": "gesprek-gehouden"},
    )
    assert _names(response) == ["A01"]  # A00 went on to an evening session
    response = logged_in.get(
        reverse("outreach:gemeente_list"),
        {"province": country["a"].pk, "stage": "niet-benaderd"},
    )
    assert _names(response) == ["A06", "A07"]


def test_list_sorts(logged_in, country):
    response = logged_in.get(
        reverse("outreach:gemeente_list"),
        {"sort": "-name", "province": country["b"].pk},
    )
    assert _names(response)[0] == "B11"


def test_list_ignores_a_bad_filter_value(logged_in, country):
    response = logged_in.get(reverse("outreach:gemeente_list"), {"sort": "drop"})
    assert response.status_code == 200


def test_list_query_count_is_constant(
    logged_in, country, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        logged_in.get(reverse("outreach:gemeente_list"))


def test_edit_campaign_and_contacts(logged_in, country, coordinator):
    url = reverse("outreach:gemeente_detail", args=["GM9107"])
    response = logged_in.post(
        url,
        {
            "letter_sent_on": "2026-05-04",
            "talk_planned_on": "2026-06-01",
            "trainings": "0",
            "outcome": "",
            "aggression_protocol": "ja",
            "code_of_conduct": "nee",
            "burgemeester-name": "Burgemeester Fictief",
            "burgemeester-email": "bm@example.org",
            "griffier-name": "",
        },
    )
    assert response.status_code == 302
    campaign = GemeenteCampaign.objects.get(gemeente__code="GM9107")
    assert campaign.talk_planned_on == date(2026, 6, 1)
    assert campaign.aggression_protocol == "ja"
    contact = GemeenteContact.objects.get(gemeente__code="GM9107")
    assert (contact.role, contact.name) == ("burgemeester", "Burgemeester Fictief")


def test_edit_refuses_not_interested_after_a_session(logged_in, country):
    url = reverse("outreach:gemeente_detail", args=["GM9100"])
    response = logged_in.post(
        url,
        {
            "letter_sent_on": "2026-03-02",
            "session_held_on": "2026-03-02",
            "trainings": "2",
            "outcome": "geen-interesse",
            "aggression_protocol": "onbekend",
            "code_of_conduct": "onbekend",
        },
    )
    assert response.status_code == 400
    assert GemeenteCampaign.objects.get(gemeente__code="GM9100").outcome == ""


def test_contact_needs_a_name(logged_in, country):
    url = reverse("outreach:gemeente_detail", args=["GM9107"])
    response = logged_in.post(
        url,
        {
            "trainings": "0",
            "aggression_protocol": "onbekend",
            "code_of_conduct": "onbekend",
            "griffier-email": "g@example.org",
        },
    )
    assert response.status_code == 400
    assert not GemeenteContact.objects.exists()


def test_unknown_gemeente_is_404(logged_in, country):
    response = logged_in.get(reverse("outreach:gemeente_detail", args=["GM9999"]))
    assert response.status_code == 404


def test_province_talk_needs_a_date_when_planned(logged_in, country):
    url = reverse("outreach:province_detail", args=["PV91"])
    response = logged_in.post(
        url, {"talk_status": "gepland", "talk_on": "", "staten_sessions_held": "0"}
    )
    assert response.status_code == 400
    response = logged_in.post(
        url,
        {
            "talk_status": "gepland",
            "talk_on": "2026-09-01",
            "staten_sessions_held": "2",
        },
    )
    assert response.status_code == 302
    campaign = ProvinceCampaign.objects.get(province__code="PV91")
    assert (campaign.talk_status, campaign.staten_sessions_held) == ("gepland", 2)


@pytest.mark.parametrize("model", [GemeenteCampaign, ProvinceCampaign])
def test_campaign_rows_hold_no_free_text(model):
    """Outreach data is not case data: no field where a melding could be written."""
    for field in model._meta.concrete_fields:
        assert field.get_internal_type() != "TextField", field.name
        if field.get_internal_type() == "CharField":
            assert field.choices, field.name
