"""Consent-gated handoff, revocation, notification without case content."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Case, Handoff
from cases.services.consent import consent_revoke
from cases.services.handoff import (
    case_handoff,
    handoff_accept,
    handoff_decline,
    handoff_withdraw,
)
from cases.tasks import deliver_pending_notifications, notify_ambassador_of_handoff
from tests.kb_fixtures import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_handoff_without_consent_is_refused(case, advisor, ambassador):
    with pytest.raises(ValidationError):
        case_handoff(case=case, ambassador=ambassador, by=advisor)
    assert not Handoff.objects.exists()
    assert not ambassador.user.has_perm("cases.access_case", case)


def test_handoff_with_only_a_revoked_consent_is_refused(case, advisor, ambassador):
    consent = give_consent(case, advisor)
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        case_handoff(case=case, ambassador=ambassador, by=advisor)


def test_handoff_with_only_other_consents_is_refused(case, advisor, ambassador):
    give_consent(case, advisor, "statistiek")
    give_consent(case, advisor, "doorverwijzing", "juridisch")
    with pytest.raises(ValidationError):
        case_handoff(case=case, ambassador=ambassador, by=advisor)


@pytest.mark.parametrize("who", ["other_org_advisor", "staff_user", "functional_admin"])
def test_handoff_by_someone_else_is_refused(request, case, advisor, ambassador, who):
    give_consent(case, advisor)
    with pytest.raises(PermissionDenied):
        case_handoff(case=case, ambassador=ambassador, by=request.getfixturevalue(who))


def test_inactive_ambassador_is_refused(case, advisor, ambassador):
    give_consent(case, advisor)
    ambassador.is_active = False
    ambassador.save()
    with pytest.raises(ValidationError):
        case_handoff(case=case, ambassador=ambassador, by=advisor)


def test_handoff_grants_this_case_only(case, advisor, ambassador, office_holder):
    from tests.kb_fixtures import make_case

    other = make_case(advisor, office_holder)
    give_consent(case, advisor)
    case_handoff(case=case, ambassador=ambassador, by=advisor)
    user = type(ambassador.user).objects.get(pk=ambassador.user_id)
    assert user.has_perm("cases.access_case", case)
    assert not user.has_perm("cases.access_case", other)
    assert not user.has_perm("cases.access_case")


def test_handoff_enqueues_notification_after_commit(
    case, advisor, ambassador, django_capture_on_commit_callbacks
):
    give_consent(case, advisor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_handoff(case=case, ambassador=ambassador, by=advisor)
    assert len(callbacks) == 1


def test_notification_holds_no_case_content_and_is_sent_once(handed_case, ambassador):
    handoff = handed_case.handoffs.get()
    assert notify_ambassador_of_handoff(handoff.pk) is True
    assert notify_ambassador_of_handoff(handoff.pk) is False
    assert len(mail.outbox) == 1
    text = mail.outbox[0].subject + mail.outbox[0].body
    holder = handed_case.office_holder
    for secret in (
        holder.name,
        holder.gemeente.name,
        handed_case.category,
        "GEHEIM-ZIN-42",
        handed_case.reference,
    ):
        assert secret not in text


def test_sweeper_picks_up_only_old_unnotified_offers(handed_case):
    handoff = handed_case.handoffs.get()
    assert deliver_pending_notifications() == 0  # too recent: the task may still run
    Handoff.objects.filter(pk=handoff.pk).update(
        offered_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    assert deliver_pending_notifications() == 1
    notify_ambassador_of_handoff(handoff.pk)
    assert deliver_pending_notifications() == 0


def test_accept_moves_case_to_ambassador_in_listening_phase(handed_case, ambassador):
    handoff_accept(handoff=handed_case.handoffs.get(), by=ambassador.user)
    handed_case.refresh_from_db()
    assert handed_case.status == "bij-ambassadeur"
    assert handed_case.phase == "luisteren"


def test_other_ambassador_cannot_accept(handed_case, other_ambassador):
    with pytest.raises(PermissionDenied):
        handoff_accept(handoff=handed_case.handoffs.get(), by=other_ambassador.user)


def test_revoking_handoff_consent_ends_access_at_once(
    advisor, ambassador, accepted_case
):
    consent = accepted_case.consents.get(purpose="overdracht")
    consent_revoke(consent=consent, by=advisor, reason="Wil het niet meer")
    accepted_case.refresh_from_db()
    handoff = accepted_case.handoffs.get()
    assert handoff.status == "beeindigd"
    assert accepted_case.status == "in-behandeling"
    assert not Case.objects.visible_to(ambassador.user).exists()


def test_revoking_twice_is_refused(advisor, case):
    consent = give_consent(case, advisor, "statistiek")
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        consent_revoke(consent=consent, by=advisor)


def test_ambassador_cannot_record_handoff_consent(ambassador, accepted_case):
    with pytest.raises(PermissionDenied):
        give_consent(accepted_case, ambassador.user, "overdracht")


def test_referral_consent_needs_a_kind(advisor, case):
    with pytest.raises(ValidationError):
        give_consent(case, advisor, "doorverwijzing", "")


def test_withdraw_by_advisor_ends_access(advisor, ambassador, accepted_case):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Spoed")
    assert not Case.objects.visible_to(ambassador.user).exists()


def test_decline_tells_the_owner_without_content(
    handed_case, ambassador, advisor, django_capture_on_commit_callbacks
):
    handoff = handed_case.handoffs.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handoff_decline(
            handoff=handoff,
            by=ambassador.user,
            reason="Ik ken UNIEKE-REDEN persoonlijk",
        )
    assert len(callbacks) == 1
    from cases.tasks import notify_advisor_of_decline

    assert notify_advisor_of_decline(handoff.pk) is True
    assert notify_advisor_of_decline(handoff.pk) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [advisor.email]
    text = message.subject + message.body
    for secret in (
        "UNIEKE-REDEN",
        handed_case.office_holder.name,
        handed_case.reference,
    ):
        assert secret not in text


def test_sweeper_resends_lost_decline_notices(handed_case, ambassador):
    handoff = handed_case.handoffs.get()
    handoff_decline(handoff=handoff, by=ambassador.user, reason="Bekende")
    Handoff.objects.filter(pk=handoff.pk).update(
        responded_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    assert deliver_pending_notifications() == 1
