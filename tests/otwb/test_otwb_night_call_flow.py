"""A night call through the views, as the advisor on duty and the ambassador click
it: intake with immediate danger → flagged at the top of the queue → referral to a
security expert from the network → police melding recorded → aftercare."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case, PoliceReport, Referral
from core.models import AuditEvent
from tests.kb_fixtures import PASSWORD, make_case
from tests.otp_helpers import pass_two_factor

pytestmark = pytest.mark.django_db

ACCOUNT = "Er staat een groep mensen voor mijn huis te schreeuwen. NACHTVERHAAL-3"


def login(client, user):
    """Through the login form and the second factor, as the advisor on duty does."""
    client.logout()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    pass_two_factor(client, user)


def now_local():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_night_call_with_immediate_danger_to_aftercare(
    client,
    advisor,
    ambassador,
    office_holder,
    gemeente,
    security_partner,
    django_capture_on_commit_callbacks,
):
    older = make_case(advisor, office_holder, urgency=c.Urgency.ACUTE)

    # 1. The night call: a few fields, saved at once; the emergency advice is shown.
    login(client, advisor)
    page = client.get(reverse("cases:hotline_call"))
    assert "112" in page.content.decode()
    response = client.post(
        reverse("cases:hotline_call"),
        {
            "name": "Wendy Wethouder",
            "office": "wethouder",
            "gemeente": gemeente.code,
            "phone": "06-00000000",
            "immediate_danger": "ja",
            "account": ACCOUNT,
            "immediate_needs": "Iemand die meedenkt over veiligheid vannacht",
        },
        follow=True,
    )
    assert response.status_code == 200
    night = Case.objects.exclude(pk=older.pk).get()
    assert night.channel == c.Channel.HOTLINE
    assert night.immediate_danger
    assert night.danger_needs_action
    assert not night.intake_complete
    assert night.category == ""
    assert night.urgency == c.Urgency.ACUTE
    assert night.owner == advisor
    assert night.office_holder.office == c.Office.ALDERMAN
    content = response.content.decode()
    assert "112" in content
    assert "Direct gevaar" in content

    # 2. Flagged: pinned above the queue, whatever the sort or filter.
    queue = client.get(reverse("cases:queue"), {"sort": "reported"})
    assert queue.context["flagged"] == [night]
    assert queue.context["flagged"][0].needs_action
    assert night in list(queue.context["cases"])
    assert "Direct gevaar: nog geen actie vastgelegd" in queue.content.decode()

    # 3. The advisor on duty completes the intake in the morning.
    response = client.post(
        reverse("cases:complete_intake", args=[night.pk]),
        {
            "category": "bedreiging",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "4",
            "account": ACCOUNT + " Aangevuld.",
            "immediate_needs": "Beveiligingsadvies",
            "location": "",
        },
    )
    assert response.status_code == 302
    night.refresh_from_db()
    assert night.intake_complete
    assert night.category == c.Category.THREAT
    # Completing the intake is not an action on the danger: still flagged.
    assert night.danger_needs_action

    # 4. Referral to a security expert from the network, with consent.
    response = client.post(
        reverse("cases:referral_add", args=[night.pk]),
        {"network_partner": security_partner.pk},
    )
    assert response.status_code == 400  # no referral consent yet
    assert not Referral.objects.exists()
    assert (
        client.post(
            reverse("cases:consent_add", args=[night.pk]),
            {
                "purpose": "doorverwijzing",
                "referral_kind": "beveiliging",
                "given_by": "Wendy Wethouder",
                "method": "mondeling",
                "given_at": now_local(),
            },
        ).status_code
        == 302
    )
    response = client.post(
        reverse("cases:referral_add", args=[night.pk]),
        {"network_partner": security_partner.pk, "details": "Schouw van de woning"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.network_partner == security_partner
    assert referral.kind == c.ReferralKind.SECURITY
    assert referral.partner == security_partner.name

    # The referral was an action: the flag is off, nothing is pinned any more.
    night.refresh_from_db()
    assert not night.danger_needs_action
    assert night.danger_acted_by == advisor
    queue = client.get(reverse("cases:queue"), {"sort": "reported"})
    assert queue.context["flagged"] == []
    assert set(queue.context["cases"]) == {older, night}

    # 5. Police melding recorded (what happened is no criminal offence).
    response = client.post(
        reverse("cases:police", args=[night.pk]),
        {
            "advice": "politiemelding",
            "action": "melding-gedaan",
            "reported_on": timezone.localdate().isoformat(),
            "police_reference": "PL0900-2026-000123",
            "notes": "Melding gedaan via 0900-8844.",
        },
    )
    assert response.status_code == 302
    report = PoliceReport.objects.get(case=night)
    assert report.advice == c.PoliceAdvice.MELDING
    assert report.police_reference == "PL0900-2026-000123"
    response = client.post(
        reverse("cases:damage_add", args=[night.pk]),
        {
            "kind": "materieel",
            "description": "Ruit ingegooid",
            "amount": "1250,50",
            "compensation_claimed": "1250,50",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("cases:detail", args=[night.pk])).content.decode()
    assert "PL0900-2026-000123" in detail
    assert "1.250,50" in detail

    # 6. Handoff to the ambassador, who accepts and gives aftercare.
    client.post(
        reverse("cases:consent_add", args=[night.pk]),
        {
            "purpose": "overdracht",
            "given_by": "Wendy Wethouder",
            "method": "mondeling",
            "given_at": now_local(),
        },
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("cases:handoff", args=[night.pk]), {"ambassador": ambassador.pk}
        )
    assert response.status_code == 302
    login(client, ambassador.user)
    handoff = night.handoffs.get()
    client.post(reverse("cases:handoff_accept", args=[handoff.pk]))
    assert (
        client.post(
            reverse("cases:referral_status", args=[referral.pk]),
            {"status": "geaccepteerd"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("cases:referral_status", args=[referral.pk]), {"status": "afgerond"}
        ).status_code
        == 302
    )
    response = client.post(
        reverse("cases:referral_outcome", args=[referral.pk]),
        {"outcome": "Camera en extra slot geplaatst; voelt zich veiliger."},
    )
    assert response.status_code == 302
    response = client.post(reverse("cases:phase", args=[night.pk]), {"phase": "nazorg"})
    assert response.status_code == 302
    night.refresh_from_db()
    referral.refresh_from_db()
    assert night.status == c.Status.WITH_AMBASSADOR
    assert night.phase == c.Phase.AFTERCARE
    assert referral.status == c.ReferralStatus.DONE
    assert referral.outcome.startswith("Camera")

    # Every step left an audit row, and none carries the content.
    events = AuditEvent.objects.filter(case_id=night.pk)
    details = " ".join(events.values_list("detail", flat=True))
    assert "immediate danger" in details
    assert "NACHTVERHAAL" not in details
    assert "PL0900" not in details
    assert {"policereport", "damage", "referral", "case"} <= set(
        events.values_list("object_type", flat=True)
    )


def test_help_page_shows_the_configured_line(client, settings):
    settings.KLANKBORD_HOTLINE_PHONE = "0800-1234 567"
    settings.KLANKBORD_HOTLINE_HOURS = "Dag en nacht"
    settings.KLANKBORD_OFFICE_HOURS = "Ma–vr 9.00–17.00 uur"
    content = client.get(reverse("cases:help")).content.decode()
    assert "0800-1234 567" in content
    assert 'href="tel:08001234567"' in content
    assert "Dag en nacht" in content
    assert "Ma–vr 9.00–17.00 uur" in content
    assert "112" in content
    assert "aangifte" in content.lower()


def test_help_page_says_when_the_number_is_not_configured(client, settings):
    settings.KLANKBORD_HOTLINE_PHONE = ""
    content = client.get(reverse("cases:help")).content.decode()
    assert "KLANKBORD_HOTLINE_PHONE" in content
    assert "24 uur per dag" in content
