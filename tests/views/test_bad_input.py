"""Bad input gets a clear Dutch message and changes nothing; never a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Consent, Handoff, OfficeHolder, Referral
from network.models import Ambassador
from tests.kb_fixtures import give_consent, make_user

pytestmark = pytest.mark.django_db


def intake_data(**overrides):
    data = {
        "new_name": "Nieuw Raadslid",
        "new_office": "raadslid",
        "new_gemeente": "",
        "channel": "email",
        "category": "bedreiging",
        "occurred_on": timezone.localdate().isoformat(),
        "urgency": "2",
        "account": "Verhaal",
    }
    data.update(overrides)
    return data


def test_intake_with_missing_fields_shows_dutch_errors(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:intake"), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit veld is verplicht." in content
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0


def test_intake_with_future_date_is_refused(client, advisor, gemeente):
    client.force_login(advisor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("cases:intake"),
        intake_data(new_gemeente=gemeente.code, occurred_on=tomorrow),
    )
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0


def test_intake_keeps_what_was_typed_after_an_error(client, advisor, gemeente):
    client.force_login(advisor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("cases:intake"),
        intake_data(
            new_gemeente=gemeente.code,
            occurred_on=tomorrow,
            account="Mijn lange verhaal",
        ),
    )
    assert "Mijn lange verhaal" in response.content.decode()


def test_intake_with_unknown_gemeente_is_refused(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:intake"), intake_data(new_gemeente="GM9999"))
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Case.objects.count() == 0


def test_intake_with_office_holder_of_other_organisation_is_refused(
    client, advisor, other_organisation, gemeente
):
    foreign = OfficeHolder.objects.create(
        organisation=other_organisation,
        name="Vreemd",
        office="raadslid",
        gemeente=gemeente,
    )
    client.force_login(advisor)
    response = client.post(
        reverse("cases:intake"),
        intake_data(new_name="", new_office="", office_holder=foreign.pk),
    )
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_intake_with_nul_byte_is_refused_not_a_500(client, advisor, gemeente):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:intake"),
        intake_data(new_gemeente=gemeente.code, account="kwaad\x00aardig"),
    )
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_second_handoff_is_refused(client, advisor, handed_case, other_ambassador):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:handoff", args=[handed_case.pk]),
        {"ambassador": other_ambassador.pk},
    )
    assert response.status_code == 400
    assert "al aan een ambassadeur overgedragen" in response.content.decode()
    assert Handoff.objects.count() == 1


def test_handoff_to_ambassador_of_other_organisation_is_refused(
    client, advisor, case, other_organisation, region
):
    user = make_user("amb.vreemd", "regioambassadeur", organisation=other_organisation)
    foreign = Ambassador.objects.create(user=user, organisation=other_organisation)
    foreign.regions.add(region)
    give_consent(case, advisor)
    client.force_login(advisor)
    response = client.post(
        reverse("cases:handoff", args=[case.pk]), {"ambassador": foreign.pk}
    )
    assert response.status_code == 400
    assert Handoff.objects.count() == 0


def test_handoff_outside_region_needs_confirmation(
    client, advisor, case, organisation, other_region
):
    user = make_user("amb.zuid", "regioambassadeur", organisation=organisation)
    southern = Ambassador.objects.create(user=user, organisation=organisation)
    southern.regions.add(other_region)
    give_consent(case, advisor)
    client.force_login(advisor)
    url = reverse("cases:handoff", args=[case.pk])
    response = client.post(url, {"ambassador": southern.pk})
    assert response.status_code == 400
    assert Handoff.objects.count() == 0
    response = client.post(url, {"ambassador": southern.pk, "outside_region": "on"})
    assert response.status_code == 302
    assert Handoff.objects.get().ambassador == southern


def test_handoff_page_says_when_region_has_no_ambassador(client, advisor, case):
    client.force_login(advisor)
    response = client.get(reverse("cases:handoff", args=[case.pk]))
    assert response.status_code == 200
    assert "heeft geen actieve ambassadeur" in response.content.decode()


def test_referral_without_consent_is_refused(client, ambassador, accepted_case):
    client.force_login(ambassador.user)
    response = client.post(
        reverse("cases:referral_add", args=[accepted_case.pk]),
        {"kind": "beveiliging", "partner": "Beveiligingsadviseur"},
    )
    assert response.status_code == 400
    assert "geen geldige toestemming" in response.content.decode()
    assert Referral.objects.count() == 0


def test_ambassador_cannot_record_handoff_consent_by_tampering(
    client, ambassador, accepted_case
):
    client.force_login(ambassador.user)
    before = Consent.objects.count()
    response = client.post(
        reverse("cases:consent_add", args=[accepted_case.pk]),
        {
            "purpose": "overdracht",
            "given_by": "X",
            "method": "mondeling",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert Consent.objects.count() == before


def test_consent_in_the_future_is_refused(client, advisor, case):
    client.force_login(advisor)
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cases:consent_add", args=[case.pk]),
        {
            "purpose": "statistiek",
            "given_by": "X",
            "method": "mondeling",
            "given_at": later,
        },
    )
    assert response.status_code == 400
    assert Consent.objects.count() == 0


def test_assign_to_advisor_of_other_organisation_is_refused(
    client, advisor, case, other_org_advisor
):
    client.force_login(advisor)
    client.post(
        reverse("cases:assign", args=[case.pk]), {"owner": other_org_advisor.pk}
    )
    case.refresh_from_db()
    assert case.owner == advisor


def test_unknown_ids_are_404(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("cases:detail", args=[999999])).status_code == 404
    assert (
        client.post(reverse("cases:handoff_accept", args=[999999])).status_code == 404
    )


def test_decline_needs_a_reason(client, ambassador, handed_case):
    handoff = handed_case.handoffs.get()
    client.force_login(ambassador.user)
    response = client.post(
        reverse("cases:handoff_decline", args=[handoff.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    handoff.refresh_from_db()
    assert handoff.status == "aangeboden"


def test_decline_goes_back_to_the_advisor_with_reason(
    client, advisor, ambassador, handed_case
):
    handoff = handed_case.handoffs.get()
    client.force_login(ambassador.user)
    client.post(
        reverse("cases:handoff_decline", args=[handoff.pk]),
        {"reason": "Ik ken deze persoon"},
    )
    handed_case.refresh_from_db()
    assert handed_case.status == "in-behandeling"
    assert client.get(reverse("cases:detail", args=[handed_case.pk])).status_code == 404
    client.force_login(advisor)
    page = client.get(reverse("cases:detail", args=[handed_case.pk])).content.decode()
    assert "Ik ken deze persoon" in page
