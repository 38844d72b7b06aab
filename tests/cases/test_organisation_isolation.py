"""Isolation between organisations, tested like the role matrix: every case URL (the
24/7 line's intake, police, damage, advisor actions and the formal report included), as
an advisor of the other organisation, is a 404, for GET and POST alike, and a refused
POST changes nothing. Both directions: the association's advisors never see a party's
cases, and the other way round."""

import pytest
from django.urls import reverse

from cases import constants as c
from cases.models import (
    AdvisorAction,
    Case,
    CaseHistory,
    Consent,
    Damage,
    Handoff,
    Note,
    PoliceReport,
    Referral,
)
from cases.services.advisor import advisor_action_record
from cases.services.handoff import case_handoff, handoff_accept
from cases.services.notes import note_add
from cases.services.police import damage_add, police_report_save
from cases.services.referrals import referral_create
from tests.factories import consent_given

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "party_advisor",
    "other_ambassador",
    "staff_user",
    "functional_admin",
    "superuser",
    "no_role_user",
]

POST_DATA = {
    "owner": "",
    "purpose": "statistiek",
    "given_by": "X",
    "method": "mondeling",
    "given_at": "2024-01-01T10:00",
    "reason": "Ik wil het",
    "text": "Een notitie van een buitenstaander",
    "kind": "beveiliging",
    "partner": "P",
    "phase": "nazorg",
    "outcome": "Klaar",
    "status": "afgerond",
    "ambassador": "1",
    "category": "bedreiging",
    "occurred_on": "2024-01-01",
    "urgency": "2",
    "account": "Overschreven",
    "advice": "aangifte",
    "action": "aangifte-gedaan",
    "police_reference": "PL-OUTSIDER",
    "amount": "10",
    "description": "Buitenstaander",
    "addressee": "Bestuur",
    "confirmed": "on",
}


@pytest.fixture
def full_case(hotline_case, advisor, ambassador, security_partner):
    """A case with every kind of child row: consent, handoff (accepted), referral to
    a network partner, note, police report, damage, advisor action."""
    consent_given(
        hotline_case,
        by=advisor,
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind="beveiliging",
    )
    referral_create(case=hotline_case, by=advisor, network_partner=security_partner)
    note_add(case=hotline_case, by=advisor, text="Teruggebeld.")
    police_report_save(
        case=hotline_case,
        by=advisor,
        advice=c.PoliceAdvice.MELDING,
        action=c.PoliceAction.NOT_YET,
    )
    damage_add(
        case=hotline_case, by=advisor, kind=c.DamageKind.PROPERTY, amount="120.00"
    )
    advisor_action_record(
        case=hotline_case,
        by=advisor,
        kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        description="Klachtenregeling toegelicht.",
    )
    consent_given(hotline_case, by=advisor)
    case_handoff(
        case=hotline_case, ambassador=ambassador, by=advisor, outside_region=True
    )
    handoff = hotline_case.handoffs.get()
    handoff_accept(handoff=handoff, by=ambassador.user)
    hotline_case.refresh_from_db()
    return hotline_case


def case_urls(case):
    """Every URL that shows or changes a case, its children included."""
    pk = case.pk
    urls = [
        reverse(f"cases:{name}", args=[pk])
        for name in (
            "detail",
            "assign",
            "consent_add",
            "handoff",
            "handoff_withdraw",
            "note_add",
            "referral_add",
            "phase",
            "close",
            "reopen",
            # the 24/7 line, police and damage, advisor actions
            "complete_intake",
            "police",
            "damage_add",
            "advisor_action_add",
            "formal_report",
        )
    ]
    for consent in case.consents.all():
        urls.append(reverse("cases:consent_revoke", args=[consent.pk]))
    for handoff in case.handoffs.all():
        urls.append(reverse("cases:handoff_accept", args=[handoff.pk]))
        urls.append(reverse("cases:handoff_decline", args=[handoff.pk]))
    for referral in case.referrals.all():
        urls.append(reverse("cases:referral_status", args=[referral.pk]))
        urls.append(reverse("cases:referral_outcome", args=[referral.pk]))
    return urls


def snapshot():
    return (
        list(
            Case.objects.order_by("pk").values_list(
                "status",
                "phase",
                "owner_id",
                "outcome",
                "account",
                "category",
                "intake_complete",
                "danger_acted_at",
                "formal_report_at",
            )
        ),
        Note.objects.count(),
        Consent.objects.filter(revoked_at__isnull=True).count(),
        list(Referral.objects.values_list("status", "outcome")),
        list(Handoff.objects.values_list("status", flat=True)),
        CaseHistory.objects.count(),
        list(PoliceReport.objects.values_list("advice", "action", "police_reference")),
        Damage.objects.count(),
        AdvisorAction.objects.count(),
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_case_page(client, request, full_case, outsider):
    user = request.getfixturevalue(outsider)
    client.force_login(getattr(user, "user", user))
    for url in case_urls(full_case):
        response = client.get(url)
        assert response.status_code in (404, 405), (url, response.status_code)
        assert b"NACHT-GEHEIM-5" not in response.content


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_posts_are_404_and_change_nothing(
    client, request, full_case, outsider
):
    user = request.getfixturevalue(outsider)
    client.force_login(getattr(user, "user", user))
    before = snapshot()
    for url in case_urls(full_case):
        response = client.post(url, POST_DATA)
        assert response.status_code in (404, 405), (url, response.status_code)
    assert snapshot() == before


def test_anonymous_is_sent_to_login_from_every_page_of_the_case(client, full_case):
    for url in case_urls(full_case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_association_advisor_gets_404_on_every_party_case_page(
    client, advisor, party_case, party_advisor
):
    consent_given(party_case, by=party_advisor, purpose=c.ConsentPurpose.FORMAL_REPORT)
    advisor_action_record(
        case=party_case,
        by=party_advisor,
        kind=c.AdvisorActionKind.MEDIATOR,
        description="Mediator genoemd.",
    )
    client.force_login(advisor)
    before = snapshot()
    for url in case_urls(party_case):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, POST_DATA).status_code in (404, 405), url
    assert snapshot() == before


def test_party_queue_shows_only_the_party_caseload(
    client, advisor, case, party_advisor, party_case
):
    client.force_login(party_advisor)
    content = client.get(reverse("cases:queue")).content.decode()
    assert party_case.reference in content
    assert case.reference not in content
    client.force_login(advisor)
    content = client.get(reverse("cases:queue")).content.decode()
    assert case.reference in content
    assert party_case.reference not in content


def test_audit_log_is_404_for_the_other_organisations_advisor(
    client, full_case, party_advisor, advisor, party_case
):
    # (Functional admins read audit logs by design: actions, never content.)
    client.force_login(party_advisor)
    assert (
        client.get(reverse("cases:audit_log", args=[full_case.pk])).status_code == 404
    )
    client.force_login(advisor)
    assert (
        client.get(reverse("cases:audit_log", args=[party_case.pk])).status_code == 404
    )


def test_ambassador_cannot_complete_the_intake_or_record_advisor_actions(
    client, ambassador, full_case
):
    client.force_login(ambassador.user)
    before = snapshot()
    for name in ("complete_intake", "advisor_action_add", "formal_report"):
        url = reverse(f"cases:{name}", args=[full_case.pk])
        assert client.post(url, POST_DATA).status_code == 403, name
    assert snapshot() == before
    # ...and does not see the advisor's own record of what they did.
    response = client.get(reverse("cases:detail", args=[full_case.pk]))
    assert b"Klachtenregeling toegelicht." not in response.content
