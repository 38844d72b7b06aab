"""The whole flow through the views, as people click it:
intake → consent → handoff → accept → note and referral → aftercare → close."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseHistory, Handoff
from cases.tasks import notify_ambassador_of_handoff
from core.models import AuditEvent
from tests.factories import PASSWORD
from tests.otp_helpers import pass_two_factor

pytestmark = pytest.mark.django_db

ACCOUNT = "Na de vergadering werd ik gevolgd naar huis. UNIEK-VERHAAL-7"


def login(client, user):
    client.logout()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]
    pass_two_factor(client, user)


def test_full_case_flow(
    client,
    advisor,
    ambassador,
    other_ambassador,
    staff_user,
    other_org_advisor,
    gemeente,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate().isoformat()

    # 1. Intake by the advisor, for someone new.
    login(client, advisor)
    response = client.post(
        reverse("cases:intake"),
        {
            "new_name": "Fenna Fictief",
            "new_office": "raadslid",
            "new_gemeente": gemeente.code,
            "channel": "telefoon",
            "category": "intimidatie",
            "occurred_on": today,
            "urgency": "3",
            "account": ACCOUNT,
            "assign_to_me": "on",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.owner == advisor
    assert case.status == "in-behandeling" or case.status == "nieuw"

    # 2. Handoff without consent is refused, then consent is recorded.
    response = client.post(
        reverse("cases:handoff", args=[case.pk]), {"ambassador": ambassador.pk}
    )
    assert response.status_code == 400
    assert not Handoff.objects.exists()
    response = client.post(
        reverse("cases:consent_add", args=[case.pk]),
        {
            "purpose": "overdracht",
            "given_by": "Fenna Fictief",
            "method": "mondeling",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302

    # 3. The system proposes the region's ambassadors; the advisor hands over.
    page = client.get(reverse("cases:handoff", args=[case.pk])).content.decode()
    assert str(ambassador) in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("cases:handoff", args=[case.pk]), {"ambassador": ambassador.pk}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1
    handoff = Handoff.objects.get()
    # The worker's part, run here: one e-mail, no case content.
    assert notify_ambassador_of_handoff(handoff.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ambassador.user.email]
    text = message.subject + message.body
    for secret in (
        "Fenna",
        "UNIEK-VERHAAL",
        gemeente.name,
        "intimidatie",
        case.reference,
    ):
        assert secret not in text

    # 4. The ambassador sees it in their list and accepts.
    login(client, ambassador.user)
    listing = client.get(reverse("cases:ambassador_list")).content.decode()
    assert case.reference in listing
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "UNIEK-VERHAAL-7" not in detail  # the offer's summary only
    response = client.post(reverse("cases:handoff_accept", args=[handoff.pk]))
    assert response.status_code == 302
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "UNIEK-VERHAAL-7" in detail

    # 5. Contact log, referral consent and a referral.
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        {
            "kind": "contact",
            "contact_mode": "telefoon",
            "contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "text": "Kennismakingsgesprek gevoerd.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cases:referral_add", args=[case.pk]),
        {"kind": "juridisch", "partner": "Juridisch loket"},
    )
    assert response.status_code == 400  # no referral consent yet
    client.post(
        reverse("cases:consent_add", args=[case.pk]),
        {
            "purpose": "doorverwijzing",
            "referral_kind": "juridisch",
            "given_by": "Fenna Fictief",
            "method": "schriftelijk",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    response = client.post(
        reverse("cases:referral_add", args=[case.pk]),
        {"kind": "juridisch", "partner": "Juridisch loket"},
    )
    assert response.status_code == 302
    referral = case.referrals.get()
    client.post(
        reverse("cases:referral_status", args=[referral.pk]), {"status": "geaccepteerd"}
    )
    client.post(
        reverse("cases:referral_status", args=[referral.pk]), {"status": "afgerond"}
    )
    referral.refresh_from_db()
    assert referral.status == "afgerond"

    # 6. Aftercare, then close.
    client.post(reverse("cases:phase", args=[case.pk]), {"phase": "nazorg"})
    case.refresh_from_db()
    assert case.phase == "nazorg"
    response = client.post(
        reverse("cases:close", args=[case.pk]),
        {"outcome": "Ondersteund; nazorg afgerond."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "gesloten"

    # 7. Who sees what now.
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    for outsider in (other_ambassador.user, staff_user, other_org_advisor):
        login(client, outsider)
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    login(client, advisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "UNIEK-VERHAAL-7" in page
    assert "Kennismakingsgesprek" in page
    statuses = list(
        CaseHistory.objects.filter(case=case).values_list("to_status", flat=True)
    )
    assert statuses[0] == "nieuw"
    assert statuses[-1] == "gesloten"
    assert "bij-ambassadeur" in statuses

    log = client.get(reverse("cases:audit_log", args=[case.pk]))
    assert log.status_code == 200
    assert "UNIEK-VERHAAL" not in log.content.decode()
    actions = set(
        AuditEvent.objects.filter(case_id=case.pk).values_list("action", flat=True)
    )
    assert {"create", "view", "handoff", "accept", "transition"} <= actions
    assert not re.search(
        "UNIEK|Kennismaking",
        " ".join(AuditEvent.objects.values_list("detail", flat=True)),
    )
