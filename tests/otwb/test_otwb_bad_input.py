"""Bad input on every form of issue 6: a clear Dutch message, nothing saved, never a
500; what was typed stays on the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import (
    AdvisorAction,
    Case,
    Damage,
    OfficeHolder,
    PoliceReport,
    Referral,
)
from cases.services.referrals import referral_create
from core.constants import AuditAction
from core.models import AuditEvent
from tests.kb_fixtures import give_consent
from tests.otwb.conftest import make_partner

pytestmark = pytest.mark.django_db

TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


def post(client, name, case_or_pk, data):
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return client.post(reverse(f"cases:{name}", args=[pk]), data)


def night_data(place, **overrides):
    data = {
        "name": "Nina Nacht",
        "office": "raadslid",
        "gemeente": place.code,
        "immediate_danger": "nee",
        "account": "Bedreigd bij de voordeur",
    }
    data.update(overrides)
    return data


# --- night call ---------------------------------------------------------------------


def test_empty_night_call_shows_dutch_errors_and_saves_nothing(client, advisor):
    client.force_login(advisor)
    response = client.post(reverse("cases:hotline_call"), {})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit veld is verplicht." in content
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0


def test_night_call_must_answer_the_danger_question(client, advisor, gemeente):
    client.force_login(advisor)
    data = night_data(gemeente)
    del data["immediate_danger"]
    response = client.post(reverse("cases:hotline_call"), data)
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert "Bedreigd bij de voordeur" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"gemeente": "GM0000"},
        {"office": "koning"},
        {"immediate_danger": "misschien"},
    ],
)
def test_night_call_with_invalid_choice_is_refused(
    client, advisor, gemeente, overrides
):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:hotline_call"), night_data(gemeente, **overrides)
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Case.objects.count() == 0


def test_night_call_with_a_nul_byte_is_refused(client, advisor, gemeente):
    client.force_login(advisor)
    response = client.post(
        reverse("cases:hotline_call"), night_data(gemeente, account="a\x00b")
    )
    assert response.status_code == 400
    assert "niet toegestaan" in response.content.decode()
    assert Case.objects.count() == 0


def test_night_call_reuses_a_known_office_holder(client, advisor, gemeente):
    client.force_login(advisor)
    client.post(reverse("cases:hotline_call"), night_data(gemeente))
    client.post(reverse("cases:hotline_call"), night_data(gemeente, name="nina nacht"))
    assert Case.objects.count() == 2
    assert OfficeHolder.objects.count() == 1


# --- completing the intake ----------------------------------------------------------


def intake_data(**overrides):
    data = {
        "category": "bedreiging",
        "occurred_on": timezone.localdate().isoformat(),
        "urgency": "3",
        "account": "Aangevuld verhaal",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": ""}, "Dit veld is verplicht."),
        ({"category": "onzin"}, "Selecteer een geldige keuze"),
        ({"occurred_on": TOMORROW}, "Deze datum ligt in de toekomst."),
        ({"occurred_on": "31-02-2024"}, "Voer een geldige datum in."),
        ({"urgency": "9"}, "Selecteer een geldige keuze"),
        ({"account": ""}, "Dit veld is verplicht."),
    ],
)
def test_completing_the_intake_with_bad_input_changes_nothing(
    client, advisor, night_case, overrides, message
):
    client.force_login(advisor)
    response = post(client, "complete_intake", night_case, intake_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    night_case.refresh_from_db()
    assert not night_case.intake_complete
    assert night_case.category == ""


def test_party_intake_out_of_scope_needs_what_the_person_was_told(
    client, party_advisor, party_case
):
    client.force_login(party_advisor)
    response = post(client, "complete_intake", party_case, intake_data(scope="bestuur"))
    assert response.status_code == 400
    assert "wat de persoon in plaats daarvan is verteld" in response.content.decode()
    party_case.refresh_from_db()
    assert party_case.scope == c.Scope.UNWANTED_BEHAVIOUR


def test_party_intake_needs_a_scope(client, party_advisor, gemeente):
    client.force_login(party_advisor)
    response = client.post(
        reverse("cases:intake"),
        {
            "new_name": "Piet Partijlid",
            "new_office": "raadslid",
            "new_gemeente": gemeente.code,
            "channel": "telefoon",
            "category": "grensoverschrijdend",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "2",
            "account": "Verhaal",
        },
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0


# --- police and damage --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Dit veld is verplicht."),
        ({"advice": "vergeten", "action": "nog-niet"}, "Selecteer een geldige keuze"),
        (
            {"advice": "aangifte", "action": "nog-niet", "police_reference": "PL-1"},
            "Alleen bij een aangifte of melding die is gedaan",
        ),
        (
            {
                "advice": "aangifte",
                "action": "aangifte-gedaan",
                "reported_on": TOMORROW,
            },
            "Deze datum ligt in de toekomst.",
        ),
    ],
)
def test_police_report_with_bad_input_saves_nothing(
    client, advisor, case, data, message
):
    client.force_login(advisor)
    response = post(client, "police", case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PoliceReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Dit veld is verplicht."),
        ({"kind": "materieel", "amount": "-5"}, "minstens 0"),
        ({"kind": "materieel", "amount": "veel"}, "Voer een getal in."),
        ({"kind": "materieel", "amount": "12,345"}, "2 cijfers achter de komma"),
        ({"kind": "materieel", "amount": "99999999999"}, "cijfers"),
        ({"kind": "materieel"}, "Geef een bedrag of omschrijf de schade"),
        ({"kind": "kapot", "amount": "5"}, "Selecteer een geldige keuze"),
    ],
)
def test_damage_with_bad_input_saves_nothing(client, advisor, case, data, message):
    client.force_login(advisor)
    response = post(client, "damage_add", case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Damage.objects.exists()


def test_damage_amount_with_a_decimal_comma_is_stored_exactly(client, advisor, case):
    from decimal import Decimal

    client.force_login(advisor)
    response = post(
        client,
        "damage_add",
        case,
        {"kind": "financieel", "amount": "1250,50", "compensation_received": "0,10"},
    )
    assert response.status_code == 302
    damage = Damage.objects.get()
    assert damage.amount == Decimal("1250.50")
    assert damage.compensation_received == Decimal("0.10")
    assert damage.compensation_claimed is None


# --- what the advisor did -----------------------------------------------------------


def test_informal_solution_without_agreement_is_refused(client, advisor, case):
    client.force_login(advisor)
    response = post(
        client,
        "advisor_action_add",
        case,
        {"kind": "informele-oplossing", "description": "Gesprek voorgesteld"},
    )
    assert response.status_code == 400
    assert "beide partijen" in response.content.decode()
    assert not AdvisorAction.objects.exists()


def test_board_advice_without_consent_is_refused(client, advisor, case):
    client.force_login(advisor)
    response = post(
        client,
        "advisor_action_add",
        case,
        {
            "kind": "advies-bestuur",
            "description": "Advies: een gedragscode voor de fractie.",
            "not_identifying": "on",
        },
    )
    assert response.status_code == 400
    assert "toestemming van de persoon voor advies aan het bestuur" in (
        response.content.decode()
    )
    assert not AdvisorAction.objects.exists()


def test_board_advice_that_names_the_person_is_refused(client, advisor, case):
    give_consent(case, advisor, c.ConsentPurpose.BOARD_ADVICE)
    client.force_login(advisor)
    response = post(
        client,
        "advisor_action_add",
        case,
        {
            "kind": "advies-bestuur",
            "description": "Raadslid (raadslid) Gerda werd uitgelachen.",
            "not_identifying": "on",
        },
    )
    assert response.status_code == 400
    assert "herkenbaar" in response.content.decode()
    assert not AdvisorAction.objects.exists()


def test_board_advice_needs_the_confirmation(client, advisor, case):
    give_consent(case, advisor, c.ConsentPurpose.BOARD_ADVICE)
    client.force_login(advisor)
    response = post(
        client,
        "advisor_action_add",
        case,
        {"kind": "advies-bestuur", "description": "Advies zonder namen."},
    )
    assert response.status_code == 400
    assert "Bevestig dat het advies" in response.content.decode()
    assert not AdvisorAction.objects.exists()


def test_formal_report_step_cannot_be_recorded_as_an_ordinary_action(
    client, advisor, case
):
    client.force_login(advisor)
    response = post(
        client,
        "advisor_action_add",
        case,
        {"kind": "formele-melding", "description": "Stil omgezet"},
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_formal_report


@pytest.mark.parametrize(
    ("data", "consent", "message"),
    [
        (
            {"addressee": "Bestuur", "confirmed": "on"},
            False,
            "Leg eerst de toestemming",
        ),
        ({"addressee": "Bestuur"}, True, "Dit veld is verplicht."),
        ({"addressee": "", "confirmed": "on"}, True, "Dit veld is verplicht."),
    ],
)
def test_formal_report_with_bad_input_changes_nothing(
    client, advisor, case, data, consent, message
):
    if consent:
        give_consent(case, advisor, c.ConsentPurpose.FORMAL_REPORT)
    client.force_login(advisor)
    response = post(client, "formal_report", case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    case.refresh_from_db()
    assert not case.is_formal_report
    assert not AdvisorAction.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.FORMAL_REPORT).exists()


def test_formal_report_twice_is_refused(client, advisor, case):
    give_consent(case, advisor, c.ConsentPurpose.FORMAL_REPORT)
    client.force_login(advisor)
    data = {"addressee": "Bestuur", "confirmed": "on"}
    assert post(client, "formal_report", case, data).status_code == 302
    response = post(client, "formal_report", case, data)
    assert response.status_code == 400
    assert "al een formele melding" in response.content.decode()
    assert AdvisorAction.objects.count() == 1


# --- referrals ----------------------------------------------------------------------


def test_referral_to_an_unavailable_partner_is_refused(client, advisor, case):
    partner = make_partner(
        case.organisation,
        c.PartnerKind.LEGAL,
        availability=c.PartnerAvailability.UNAVAILABLE,
    )
    give_consent(case, advisor, c.ConsentPurpose.REFERRAL, "juridisch")
    client.force_login(advisor)
    response = post(client, "referral_add", case, {"network_partner": partner.pk})
    assert response.status_code == 400
    assert "niet beschikbaar" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_a_partner_without_that_consent_is_refused(
    client, advisor, case, security_partner
):
    give_consent(case, advisor, c.ConsentPurpose.REFERRAL, "juridisch")
    client.force_login(advisor)
    response = post(
        client, "referral_add", case, {"network_partner": security_partner.pk}
    )
    assert response.status_code == 400
    assert "geen geldige toestemming" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_a_partner_and_a_named_one_is_refused(
    client, advisor, case, security_partner
):
    give_consent(case, advisor, c.ConsentPurpose.REFERRAL, "beveiliging")
    client.force_login(advisor)
    response = post(
        client,
        "referral_add",
        case,
        {"network_partner": security_partner.pk, "partner": "Iemand anders"},
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()
    assert not Referral.objects.exists()


def test_empty_referral_outcome_is_refused(client, advisor, case):
    give_consent(case, advisor, c.ConsentPurpose.REFERRAL, "juridisch")
    referral = referral_create(case=case, by=advisor, kind="juridisch", partner="Loket")
    client.force_login(advisor)
    response = post(client, "referral_outcome", referral, {"outcome": "  "})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    referral.refresh_from_db()
    assert referral.outcome == ""


def test_partner_list_ignores_invalid_filters(client, advisor, security_partner):
    client.force_login(advisor)
    response = client.get(
        reverse("cases:partner_list"),
        {"kind": "tovenaar", "region": "abc", "sort": "x", "page": "999"},
    )
    assert response.status_code == 200
    assert security_partner.name in response.content.decode()
