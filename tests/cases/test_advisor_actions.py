"""What the advisor did, recorded on the case: an informal solution (both parties
agreed), board advice (with consent, naming nobody), and the formal report, a separate
step with its own consent that no other action turns the melding into."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import constants as c
from cases.models import AdvisorAction
from cases.services.advisor import advisor_action_record
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import consent_given

pytestmark = pytest.mark.django_db


def post(client, name, case_or_pk, data):
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return client.post(reverse(f"cases:{name}", args=[pk]), data)


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


# --- board advice ---------------------------------------------------------------------


def test_board_advice_with_consent_and_without_names_is_recorded(
    advisor, case, ambassador
):
    consent = consent_given(case, by=advisor, purpose=c.ConsentPurpose.BOARD_ADVICE)
    action = advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.BOARD_ADVICE,
        description="Advies: spreek een gedragscode af voor fractievergaderingen.",
        not_identifying=True,
    )
    assert action.consent == consent


def test_board_advice_may_not_contain_the_persons_e_mail(advisor, case):
    case.office_holder.email = "gerda@example.org"
    case.office_holder.save()
    consent_given(case, by=advisor, purpose=c.ConsentPurpose.BOARD_ADVICE)
    with pytest.raises(ValidationError):
        advisor_action_record(
            case=case,
            by=advisor,
            kind=c.AdvisorActionKind.BOARD_ADVICE,
            description="Zie de mail van GERDA@example.org",
            not_identifying=True,
        )


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
    consent_given(case, by=advisor, purpose=c.ConsentPurpose.BOARD_ADVICE)
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
    consent_given(case, by=advisor, purpose=c.ConsentPurpose.BOARD_ADVICE)
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


def test_ambassador_cannot_record_board_or_formal_report_consent(
    accepted_case, ambassador
):
    user = User.objects.get(pk=ambassador.user_id)
    for purpose in (c.ConsentPurpose.BOARD_ADVICE, c.ConsentPurpose.FORMAL_REPORT):
        with pytest.raises(PermissionDenied):
            consent_given(accepted_case, by=user, purpose=purpose)


# --- the formal report ----------------------------------------------------------------


def test_formal_report_is_a_separate_consented_logged_step(client, advisor, case):
    consent_given(case, by=advisor, purpose=c.ConsentPurpose.FORMAL_REPORT)
    # Recording other actions never turns the melding into a formal report.
    advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.FORMAL_REPORT_HELP,
        description="Uitgelegd hoe een formele melding werkt.",
    )
    case.refresh_from_db()
    assert not case.is_formal_report
    client.force_login(advisor)
    response = client.post(
        reverse("cases:formal_report", args=[case.pk]),
        {"addressee": "Integriteitscommissie", "confirmed": "on"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_formal_report
    assert case.formal_report_by == advisor
    assert case.formal_report_to == "Integriteitscommissie"
    action = AdvisorAction.objects.get(kind=c.AdvisorActionKind.FORMAL_REPORT)
    assert action.consent.purpose == c.ConsentPurpose.FORMAL_REPORT
    assert AuditEvent.objects.filter(
        case_id=case.pk, action=AuditAction.FORMAL_REPORT, actor=advisor
    ).exists()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Integriteitscommissie" in detail


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
        consent_given(case, by=advisor, purpose=c.ConsentPurpose.FORMAL_REPORT)
    client.force_login(advisor)
    response = post(client, "formal_report", case, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    case.refresh_from_db()
    assert not case.is_formal_report
    assert not AdvisorAction.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.FORMAL_REPORT).exists()


def test_formal_report_twice_is_refused(client, advisor, case):
    consent_given(case, by=advisor, purpose=c.ConsentPurpose.FORMAL_REPORT)
    client.force_login(advisor)
    data = {"addressee": "Bestuur", "confirmed": "on"}
    assert post(client, "formal_report", case, data).status_code == 302
    response = post(client, "formal_report", case, data)
    assert response.status_code == 400
    assert "al een formele melding" in response.content.decode()
    assert AdvisorAction.objects.count() == 1
