"""An ambassador a case is offered to decides on a summary (region, category, urgency,
office) and reads nothing of the person, the account, the notes or the consents until
they accept: on the case page and on every URL that takes an id. A consent revocation
the ambassador records needs a reason and tells the case's advisor."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from cases import constants as c
from cases.models import Consent, Note, PoliceReport, Referral
from cases.services.consent import (
    AMBASSADOR_REVOKE_REASON_REQUIRED,
    consent_record,
    consent_revoke,
)
from cases.services.handoff import handoff_accept
from cases.services.notes import note_add
from cases.services.police import police_report_save
from cases.services.referrals import referral_create
from cases.tasks import deliver_pending_notifications, notify_advisor_of_revocation
from core.audit import FORM, LIST
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import fresh, handed_off_case, recorded_case

pytestmark = pytest.mark.django_db

ACCOUNT = "VERHAAL-SENTINEL-a81c"
NOTE = "NOTITIE-SENTINEL-b27d"
GIVEN_BY = "TOESTEMMER-SENTINEL-c93e"
POLICE = "PV-SENTINEL-d04f"
PARTNER = "PARTNER-SENTINEL-e15a"
REASON = "INTREKKING-SENTINEL-f26b"


@pytest.fixture
def offered(advisor, office_holder, ambassador):
    """A case with content everywhere, offered to ``ambassador`` (not accepted)."""
    office_holder.email = "gerda@example.org"
    office_holder.save(update_fields=["email"])
    case = recorded_case(advisor, office_holder, account=f"Wat er gebeurde: {ACCOUNT}")
    note_add(case=case, by=advisor, text=f"Gesprek: {NOTE}")
    referral_consent = consent_record(
        case=case,
        by=advisor,
        purpose=c.ConsentPurpose.REFERRAL,
        referral_kind=c.ReferralKind.LEGAL,
        given_by=GIVEN_BY,
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now() - timedelta(minutes=5),
    )
    referral_create(case=case, by=advisor, kind=c.ReferralKind.LEGAL, partner=PARTNER)
    police_report_save(
        case=case,
        by=advisor,
        advice=c.PoliceAdvice.AANGIFTE,
        action=c.PoliceAction.AANGIFTE_MADE,
        reported_on=timezone.localdate(),
        police_reference=POLICE,
    )
    case = handed_off_case(case=case, advisor=advisor, ambassador=ambassador)
    case.referral_consent = referral_consent
    return case


def secrets(case) -> list[str]:
    holder = case.office_holder
    return [
        ACCOUNT,
        NOTE,
        GIVEN_BY,
        POLICE,
        PARTNER,
        holder.name,
        holder.gemeente.name,
        holder.email,
        "Fictieve Melder",  # who gave the handoff consent
    ]


def test_offered_ambassador_sees_the_summary_and_nothing_else(
    client, offered, ambassador
):
    client.force_login(ambassador.user)
    response = client.get(reverse("cases:detail", args=[offered.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    holder = offered.office_holder
    with translation.override("nl"):
        for shown in (
            holder.gemeente.region.name,
            str(c.Category(offered.category).label),
            str(c.Urgency(offered.urgency).label),
            str(c.Office(holder.office).label),
        ):
            assert shown in page
    for secret in secrets(offered):
        assert secret not in page
    # Not even the rows: no consent table, no notes, no history.
    assert 'id="toestemming"' not in page
    assert 'id="notities"' not in page
    assert reverse("cases:handoff_accept", args=[offered.handoffs.get().pk]) in page


def test_the_offered_case_on_every_page_is_a_read_in_the_access_log(
    client, offered, ambassador
):
    """The summary, the decline form under the case's header and the list all show
    the case: each writes its read event (core.audit.audit_reads), as for every page
    with the case on it (tests/security/test_read_events.py)."""
    client.force_login(ambassador.user)
    handoff = offered.handoffs.get()
    for url, detail in [
        (reverse("cases:detail", args=[offered.pk]), ""),
        (reverse("cases:handoff_decline", args=[handoff.pk]), FORM),
        (reverse("cases:ambassador_list"), LIST),
    ]:
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[0]
        assert client.get(url).status_code == 200
        events = AuditEvent.objects.filter(pk__gt=last, actor=ambassador.user)
        assert list(
            events.values_list("action", "object_type", "object_id", "detail")
        ) == [(AuditAction.VIEW, "case", offered.pk, detail)], url


def test_after_accepting_the_ambassador_reads_the_case(client, offered, ambassador):
    handoff_accept(handoff=offered.handoffs.get(), by=fresh(ambassador.user))
    client.force_login(ambassador.user)
    page = client.get(reverse("cases:detail", args=[offered.pk])).content.decode()
    for secret in (ACCOUNT, NOTE, GIVEN_BY, POLICE, PARTNER):
        assert secret in page


def test_the_advisor_still_reads_everything(client, offered, advisor):
    client.force_login(advisor)
    page = client.get(reverse("cases:detail", args=[offered.pk])).content.decode()
    for secret in (ACCOUNT, NOTE, GIVEN_BY, POLICE, PARTNER):
        assert secret in page


def test_the_list_shows_an_offered_case_without_the_person(client, offered, ambassador):
    client.force_login(ambassador.user)
    page = client.get(reverse("cases:ambassador_list")).content.decode()
    assert offered.reference in page
    assert offered.office_holder.gemeente.region.name in page
    for secret in secrets(offered):
        assert secret not in page


# --- every URL that takes an id ----------------------------------------------------


def _routes(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def id_routes() -> list[str]:
    """Every route of the project with one integer in it (``<int:pk>``, ...)."""
    routes = []
    for route in _routes(get_resolver().url_patterns):
        if route.count("<int:") == 1 and "<" not in route.replace("<int:", "", 1):
            routes.append(route)
    return routes


def _fill(route: str, pk: int) -> str:
    start = route.index("<int:")
    end = route.index(">", start)
    return "/" + route[:start] + str(pk) + route[end + 1 :]


def test_every_id_route_refuses_or_hides_the_case_before_acceptance(
    client, offered, ambassador, django_capture_on_commit_callbacks
):
    handoff = offered.handoffs.get()
    ids = {
        offered.pk,
        offered.office_holder_id,
        handoff.pk,
        *Consent.objects.filter(case=offered).values_list("pk", flat=True),
        *Note.objects.filter(case=offered).values_list("pk", flat=True),
        *Referral.objects.filter(case=offered).values_list("pk", flat=True),
        PoliceReport.objects.get(case=offered).pk,
    }
    accept_url = reverse("cases:handoff_accept", args=[handoff.pk])
    before = (
        Note.objects.count(),
        Consent.objects.filter(revoked_at__isnull=True).count(),
        Referral.objects.count(),
    )
    client.force_login(ambassador.user)
    routes = id_routes()
    assert any("meldingen/<int:pk>/notitie/" in r for r in routes)
    leaks = []
    for route in routes:
        for pk in sorted(ids):
            url = _fill(route, pk)
            for method in ("get", "post"):
                if method == "post" and url == accept_url:
                    continue  # accepting is what the offer is for
                with django_capture_on_commit_callbacks(execute=False):
                    response = getattr(client, method)(url)
                body = b"".join(getattr(response, "streaming_content", [])) or (
                    response.content
                )
                text = body.decode(errors="replace")
                leaks += [
                    (method, url, response.status_code, secret)
                    for secret in secrets(offered)
                    if secret in text
                ]
    assert leaks == []
    assert before == (
        Note.objects.count(),
        Consent.objects.filter(revoked_at__isnull=True).count(),
        Referral.objects.count(),
    )


@pytest.mark.parametrize(
    "name",
    [
        "cases:note_add",
        "cases:consent_add",
        "cases:referral_add",
        "cases:police",
        "cases:damage_add",
        "cases:close",
    ],
)
def test_case_sub_pages_refuse_the_offered_ambassador(
    client, offered, ambassador, name
):
    client.force_login(ambassador.user)
    assert client.get(reverse(name, args=[offered.pk])).status_code == 403


def test_the_signal_form_of_the_case_refuses_the_offered_ambassador(
    client, offered, ambassador
):
    # It would tell whether the case has a consent for statistics.
    client.force_login(ambassador.user)
    url = reverse("signals:signal_from_case", args=[offered.pk])
    assert client.get(url).status_code == 403


def test_the_decline_page_does_not_name_the_person(client, offered, ambassador):
    client.force_login(ambassador.user)
    url = reverse("cases:handoff_decline", args=[offered.handoffs.get().pk])
    response = client.get(url)
    assert response.status_code == 200
    assert offered.office_holder.name not in response.content.decode()


def test_the_offered_ambassador_cannot_revoke(client, offered, ambassador):
    consent = offered.referral_consent
    client.force_login(ambassador.user)
    url = reverse("cases:consent_revoke", args=[consent.pk])
    response = client.post(url, {"reason": "De persoon wil het niet."})
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.is_valid


# --- revocation by the ambassador --------------------------------------------------


@pytest.fixture
def accepted(offered, ambassador):
    handoff_accept(handoff=offered.handoffs.get(), by=fresh(ambassador.user))
    return offered


def test_revocation_by_the_ambassador_without_a_reason_is_refused(
    client, accepted, ambassador
):
    consent = accepted.referral_consent
    client.force_login(ambassador.user)
    url = reverse("cases:consent_revoke", args=[consent.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    with translation.override("nl"):
        message = str(AMBASSADOR_REVOKE_REASON_REQUIRED)
    with translation.override("en"):
        assert message != str(AMBASSADOR_REVOKE_REASON_REQUIRED)  # really Dutch
    assert message in response.content.decode()
    consent.refresh_from_db()
    assert consent.is_valid
    assert mail.outbox == []


def test_the_service_refuses_an_ambassador_revocation_without_a_reason(
    accepted, ambassador
):
    with pytest.raises(ValidationError) as error:
        consent_revoke(
            consent=accepted.referral_consent, by=fresh(ambassador.user), reason=" "
        )
    assert "reason" in error.value.message_dict
    assert Consent.objects.get(pk=accepted.referral_consent.pk).is_valid


def test_revocation_by_the_ambassador_mails_the_advisor_without_content(
    client, accepted, ambassador, advisor, django_capture_on_commit_callbacks
):
    consent = accepted.referral_consent
    client.force_login(ambassador.user)
    url = reverse("cases:consent_revoke", args=[consent.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"reason": f"Wil het zelf. {REASON}"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert not consent.is_valid
    assert REASON in consent.revoke_reason
    assert consent.revoke_notified_at is None
    assert callbacks  # the notice is enqueued after the commit
    assert notify_advisor_of_revocation(consent.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [advisor.email]
    text = message.subject + message.body
    for secret in [REASON, accepted.reference, *secrets(accepted)]:
        assert secret not in text
    consent.refresh_from_db()
    assert consent.revoke_notified_at is not None
    # At most once.
    assert notify_advisor_of_revocation(consent.pk) is False
    assert len(mail.outbox) == 1


def test_a_lost_revocation_notice_is_sent_by_the_sweeper(
    accepted, ambassador, advisor, django_capture_on_commit_callbacks, monkeypatch
):
    consent = accepted.referral_consent
    with django_capture_on_commit_callbacks(execute=False):
        consent_revoke(consent=consent, by=fresh(ambassador.user), reason=REASON)
    Consent.objects.filter(pk=consent.pk).update(
        revoked_at=timezone.now() - timedelta(minutes=5)
    )
    sent = []
    monkeypatch.setattr(notify_advisor_of_revocation, "delay", sent.append)
    deliver_pending_notifications()
    assert sent == [consent.pk]


def test_revocation_by_the_advisor_sends_nothing(
    accepted, advisor, django_capture_on_commit_callbacks
):
    consent = accepted.referral_consent
    with django_capture_on_commit_callbacks(execute=True):
        consent_revoke(consent=consent, by=advisor)
    consent.refresh_from_db()
    assert consent.revoke_notified_at == consent.revoked_at
    assert mail.outbox == []
