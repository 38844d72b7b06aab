"""Every page that shows a case, for every role that must not see it.

An invisible case is a 404 (not a 403 that would confirm it exists), for GET and POST
alike, and a refused POST changes nothing."""

import pytest
from django.urls import reverse

from cases.models import Case, CaseHistory, Consent, Handoff, Note, Referral
from core.models import AuditEvent
from tests.factories import consent_given

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "other_org_advisor",
    "other_ambassador",
    "staff_user",
    "functional_admin",
    "superuser",
    "no_role_user",
]


@pytest.fixture
def full_case(accepted_case, advisor):
    from cases.constants import ConsentPurpose, ReferralKind
    from cases.services.notes import note_add
    from cases.services.referrals import referral_create

    consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral_create(
        case=accepted_case,
        by=advisor,
        kind=ReferralKind.LEGAL,
        partner="Juridisch loket",
    )
    note_add(case=accepted_case, by=advisor, text="Eerste gesprek gevoerd.")
    return accepted_case


def _urls(case):
    handoff = case.handoffs.get()
    consent = case.consents.filter(purpose="overdracht").get()
    referral = case.referrals.get()
    pk = case.pk
    return [
        reverse("cases:detail", args=[pk]),
        reverse("cases:assign", args=[pk]),
        reverse("cases:consent_add", args=[pk]),
        reverse("cases:handoff", args=[pk]),
        reverse("cases:handoff_withdraw", args=[pk]),
        reverse("cases:note_add", args=[pk]),
        reverse("cases:referral_add", args=[pk]),
        reverse("cases:phase", args=[pk]),
        reverse("cases:close", args=[pk]),
        reverse("cases:reopen", args=[pk]),
        reverse("cases:consent_revoke", args=[consent.pk]),
        reverse("cases:handoff_accept", args=[handoff.pk]),
        reverse("cases:handoff_decline", args=[handoff.pk]),
        reverse("cases:referral_status", args=[referral.pk]),
    ]


def _snapshot():
    return (
        Case.objects.values_list("status", "phase", "owner_id", "outcome").first(),
        Note.objects.count(),
        Consent.objects.filter(revoked_at__isnull=True).count(),
        Referral.objects.values_list("status", flat=True).first(),
        Handoff.objects.values_list("status", flat=True).first(),
        CaseHistory.objects.count(),
    )


POST_DATA = {
    "owner": "",
    "purpose": "statistiek",
    "given_by": "X",
    "method": "mondeling",
    "given_at": "2024-01-01T10:00",
    "reason": "Ik wil het",
    "text": "Een notitie van een buitenstaander",
    "kind": "juridisch",
    "partner": "P",
    "phase": "nazorg",
    "outcome": "Klaar",
    "status": "afgerond",
    "ambassador": "1",
}


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_case_page(client, request, full_case, outsider):
    user = request.getfixturevalue(outsider)
    client.force_login(getattr(user, "user", user))
    for url in _urls(full_case):
        response = client.get(url)
        assert response.status_code in (404, 405), (url, response.status_code)
        assert b"GEHEIM-ZIN-42" not in response.content


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_posts_are_404_and_change_nothing(
    client, request, full_case, outsider
):
    user = request.getfixturevalue(outsider)
    client.force_login(getattr(user, "user", user))
    before = _snapshot()
    for url in _urls(full_case):
        response = client.post(url, POST_DATA)
        assert response.status_code in (404, 405), (url, response.status_code)
    assert _snapshot() == before


def test_anonymous_is_sent_to_login_from_every_case_page(client, full_case):
    for url in _urls(full_case):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_staff_cannot_open_the_audit_log_of_a_case(client, staff_user, full_case):
    client.force_login(staff_user)
    response = client.get(reverse("cases:audit_log", args=[full_case.pk]))
    assert response.status_code == 404


def test_other_org_advisor_cannot_open_the_audit_log(
    client, other_org_advisor, full_case
):
    client.force_login(other_org_advisor)
    response = client.get(reverse("cases:audit_log", args=[full_case.pk]))
    assert response.status_code == 404


def test_ambassador_cannot_open_the_audit_log(client, ambassador, full_case):
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:audit_log", args=[full_case.pk]))
    assert response.status_code == 404


def test_functional_admin_reads_the_audit_log_without_content(
    client, functional_admin, full_case
):
    client.force_login(functional_admin)
    response = client.get(reverse("cases:audit_log", args=[full_case.pk]))
    assert response.status_code == 200
    assert b"GEHEIM-ZIN-42" not in response.content
    assert b"Eerste gesprek" not in response.content


def test_advisor_and_case_ambassador_see_the_case(
    client, advisor, ambassador, full_case
):
    for user in (advisor, ambassador.user):
        client.force_login(user)
        response = client.get(reverse("cases:detail", args=[full_case.pk]))
        assert response.status_code == 200
        assert b"GEHEIM-ZIN-42" in response.content


def test_ambassador_loses_the_page_when_consent_is_revoked(
    client, advisor, ambassador, full_case
):
    consent = full_case.consents.get(purpose="overdracht")
    client.force_login(advisor)
    client.post(reverse("cases:consent_revoke", args=[consent.pk]), {"reason": ""})
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:detail", args=[full_case.pk]))
    assert response.status_code == 404


def test_ambassador_cannot_use_advisor_only_actions(client, ambassador, full_case):
    client.force_login(ambassador.user)
    before = _snapshot()
    for name in ("assign", "handoff", "handoff_withdraw", "reopen"):
        response = client.post(reverse(f"cases:{name}", args=[full_case.pk]), POST_DATA)
        assert response.status_code == 403, name
    assert _snapshot() == before


def test_every_case_page_read_is_audited(client, advisor, full_case):
    client.force_login(advisor)
    before = AuditEvent.objects.filter(case_id=full_case.pk, action="view").count()
    client.get(reverse("cases:detail", args=[full_case.pk]))
    viewed = AuditEvent.objects.filter(case_id=full_case.pk, action="view")
    # the case, its note, its two consents, its referral and (on the timeline) its
    # handoff and the first-contact follow-up its acceptance planned
    assert viewed.count() - before == 7
    assert set(viewed.values_list("object_type", flat=True)) == {
        "case",
        "note",
        "consent",
        "referral",
        "handoff",
        "followup",
    }
