"""Consent and handoff: nothing reaches an ambassador without the person's consent, and
revoking it takes the case back at once.

The notification task runs after commit through the real broker; no worker runs in
tests, so the tests call the task function itself and read ``mail.outbox``.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from cases import tasks
from cases.constants import (
    Category,
    ConsentPurpose,
    HandoffStatus,
    Phase,
    ReferralKind,
    Status,
)
from cases.models import Case, CaseHistory, Consent, Handoff
from cases.services.case import case_close
from cases.services.consent import consent_record, consent_revoke
from cases.services.handoff import (
    case_handoff,
    handoff_accept,
    handoff_decline,
    handoff_withdraw,
)
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import (
    AmbassadorFactory,
    CaseFactory,
    ConsentFactory,
    GemeenteFactory,
    OfficeHolderFactory,
    UserFactory,
    consent_given,
    fresh,
    handed_off_case,
)

pytestmark = pytest.mark.django_db

CASE_ACCESS = "cases.access_case"


def as_user(value):
    return getattr(value, "user", value)


def hand(case, ambassador, by, **kwargs):
    return case_handoff(case=case, ambassador=ambassador, by=by, **kwargs)


def visible_to(ambassador):
    return set(Case.objects.visible_to(fresh(ambassador.user)))


@pytest.fixture
def consented_case(case, advisor):
    consent_given(case, by=advisor)
    return case


# --- recording consent ----------------------------------------------------------------


def test_advisor_records_a_handoff_consent(advisor, case):
    consent = consent_given(case, by=advisor)
    assert (consent.purpose, consent.recorded_by, consent.is_valid) == (
        ConsentPurpose.HANDOFF,
        advisor,
        True,
    )


def test_recording_a_consent_writes_an_audit_row(advisor, case):
    consent = consent_given(case, by=advisor)
    event = AuditEvent.objects.get(object_type="consent")
    assert (event.action, event.object_id, event.case_id) == (
        AuditAction.CREATE,
        consent.pk,
        case.pk,
    )


def test_consent_given_in_the_future_is_refused(advisor, case):
    with pytest.raises(ValidationError):
        consent_record(
            case=case,
            by=advisor,
            purpose=ConsentPurpose.HANDOFF,
            given_by="Fictieve Melder",
            method="mondeling",
            given_at=timezone.now() + timedelta(hours=1),
        )
    assert not Consent.objects.exists()


def test_referral_consent_needs_a_kind_of_partner(advisor, case):
    with pytest.raises(ValidationError):
        consent_given(case, by=advisor, purpose=ConsentPurpose.REFERRAL)
    assert not Consent.objects.exists()


def test_ambassador_cannot_record_a_handoff_consent(ambassador, accepted_case):
    with pytest.raises(PermissionDenied):
        consent_given(accepted_case, by=ambassador.user)


@pytest.mark.parametrize("who", ["other_org_advisor", "staff_user", "superuser"])
def test_consent_recorded_by_someone_outside_the_case_is_refused(request, who, case):
    with pytest.raises(PermissionDenied):
        consent_given(case, by=as_user(request.getfixturevalue(who)))
    assert not Consent.objects.exists()


# --- handing off: refusals ------------------------------------------------------------


def test_handoff_without_consent_is_refused(advisor, ambassador, case):
    with pytest.raises(ValidationError):
        hand(case, ambassador, advisor)
    assert not Handoff.objects.exists()
    assert not fresh(ambassador.user).has_perm(CASE_ACCESS, case)


def test_handoff_with_only_a_revoked_consent_is_refused(advisor, ambassador, case):
    ConsentFactory(case=case, revoked=True)
    with pytest.raises(ValidationError):
        hand(case, ambassador, advisor)
    assert not Handoff.objects.exists()


@pytest.mark.parametrize(
    "purpose", [ConsentPurpose.REFERRAL, ConsentPurpose.STATISTICS]
)
def test_handoff_with_only_a_consent_for_another_purpose_is_refused(
    advisor, ambassador, case, purpose
):
    kind = ReferralKind.LEGAL if purpose == ConsentPurpose.REFERRAL else ""
    consent_given(case, by=advisor, purpose=purpose, referral_kind=kind)
    with pytest.raises(ValidationError):
        hand(case, ambassador, advisor)
    assert not Handoff.objects.exists()


@pytest.mark.parametrize(
    "who", ["ambassador", "staff_user", "functional_admin", "other_org_advisor"]
)
def test_handoff_by_anyone_but_the_cases_advisors_is_refused(
    request, who, ambassador, consented_case
):
    user = as_user(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        hand(consented_case, ambassador, user)
    assert not Handoff.objects.exists()


def test_handoff_by_a_superuser_is_refused(superuser, ambassador, consented_case):
    with pytest.raises(PermissionDenied):
        hand(consented_case, ambassador, superuser)
    assert not Handoff.objects.exists()


def test_second_handoff_is_refused(advisor, other_ambassador, handed_case):
    with pytest.raises(ValidationError):
        hand(handed_case, other_ambassador, advisor)
    assert Handoff.objects.get().ambassador != other_ambassador
    assert not fresh(other_ambassador.user).has_perm(CASE_ACCESS, handed_case)


def test_handoff_to_an_ambassador_of_another_region_is_refused_without_confirmation(
    advisor, organisation, other_region, consented_case
):
    elsewhere = AmbassadorFactory(organisation=organisation, regions=[other_region])
    with pytest.raises(ValidationError) as excinfo:
        hand(consented_case, elsewhere, advisor)
    assert "ambassador" in excinfo.value.message_dict
    assert not Handoff.objects.exists()


def test_handoff_to_an_ambassador_of_another_region_is_allowed_when_confirmed(
    advisor, organisation, other_region, consented_case
):
    elsewhere = AmbassadorFactory(organisation=organisation, regions=[other_region])
    handoff = hand(consented_case, elsewhere, advisor, outside_region=True)
    assert handoff.ambassador == elsewhere
    event = AuditEvent.objects.get(action=AuditAction.HANDOFF)
    assert event.detail == "outside region"


def test_handoff_to_an_inactive_ambassador_is_refused(
    advisor, organisation, region, consented_case
):
    retired = AmbassadorFactory(
        organisation=organisation, regions=[region], inactive=True
    )
    with pytest.raises(ValidationError):
        hand(consented_case, retired, advisor)
    assert not Handoff.objects.exists()


def test_handoff_to_an_ambassador_whose_account_is_deactivated_is_refused(
    advisor, ambassador, consented_case
):
    ambassador.user.is_active = False
    ambassador.user.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        hand(consented_case, ambassador, advisor)
    assert not Handoff.objects.exists()


def test_handoff_to_an_ambassador_without_the_ambassador_role_is_refused(
    advisor, ambassador, consented_case
):
    ambassador.user.groups.clear()
    ambassador.user = fresh(ambassador.user)
    with pytest.raises(ValidationError):
        hand(consented_case, ambassador, advisor)
    assert not Handoff.objects.exists()


def test_handoff_to_an_ambassador_of_another_organisation_is_refused(
    advisor, other_organisation, region, consented_case
):
    foreign = AmbassadorFactory(organisation=other_organisation, regions=[region])
    with pytest.raises(ValidationError):
        hand(consented_case, foreign, advisor)
    assert not Handoff.objects.exists()


def test_handoff_of_a_closed_case_is_refused(advisor, ambassador, office_holder):
    closed = CaseFactory(office_holder=office_holder, owner=advisor)
    consent_given(closed, by=advisor)  # consent is recorded while the case is open
    case_close(case=closed, by=advisor, outcome="Afgerond.")
    with pytest.raises(ValidationError):
        hand(closed, ambassador, advisor)
    assert not Handoff.objects.exists()


# --- handing off: what it does --------------------------------------------------------


def test_colleague_of_the_same_organisation_may_hand_off(
    colleague, ambassador, consented_case
):
    handoff = hand(consented_case, ambassador, colleague)
    assert handoff.offered_by == colleague


def test_handoff_offers_the_case_and_records_the_move(
    advisor, ambassador, consented_case
):
    handoff = hand(consented_case, ambassador, advisor)
    consented_case.refresh_from_db()
    assert handoff.status == HandoffStatus.OFFERED
    assert consented_case.status == Status.HANDOFF_OFFERED
    last = CaseHistory.objects.filter(case=consented_case).last()
    assert (last.from_status, last.to_status) == (Status.NEW, Status.HANDOFF_OFFERED)


def test_handoff_rests_on_the_valid_handoff_consent(advisor, ambassador, case):
    ConsentFactory(case=case, revoked=True)
    valid = consent_given(case, by=advisor)
    assert hand(case, ambassador, advisor).consent == valid


def test_handoff_grants_case_access_to_that_case_only(
    advisor, ambassador, consented_case, office_holder
):
    other = CaseFactory(office_holder=office_holder)
    hand(consented_case, ambassador, advisor)
    user = fresh(ambassador.user)
    assert user.has_perm(CASE_ACCESS, consented_case)
    assert not user.has_perm(CASE_ACCESS, other)
    assert not user.has_perm(CASE_ACCESS)


def test_handoff_writes_a_handoff_audit_row(advisor, ambassador, consented_case):
    handoff = hand(consented_case, ambassador, advisor)
    event = AuditEvent.objects.get(action=AuditAction.HANDOFF)
    assert (event.object_type, event.object_id, event.case_id, event.actor) == (
        "handoff",
        handoff.pk,
        consented_case.pk,
        advisor,
    )


def test_handoff_enqueues_the_notification_after_commit(
    advisor, ambassador, consented_case, django_capture_on_commit_callbacks
):
    task = tasks.notify_ambassador_of_handoff
    with (
        mock.patch.object(task, "delay", wraps=task.delay) as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        handoff = hand(consented_case, ambassador, advisor)
        delay.assert_not_called()
    assert len(callbacks) == 1
    delay.assert_called_once_with(handoff.pk)


def test_a_refused_handoff_enqueues_nothing(
    advisor, ambassador, case, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(ValidationError),
    ):
        hand(case, ambassador, advisor)
    assert callbacks == []


# --- the notification -----------------------------------------------------------------


@pytest.fixture
def telling_case(advisor, organisation, region):
    """A case full of details that must never leave in an e-mail."""
    gemeente = GemeenteFactory(name="Geheimdorp aan Zee", region=region)
    holder = OfficeHolderFactory(
        organisation=organisation, gemeente=gemeente, name="Zeldzaam Fictief-Raadslid"
    )
    return CaseFactory(
        office_holder=holder,
        owner=advisor,
        category=Category.INTEGRITY,
        account="Hij dreigde met mijn huisadres. UNIEK-VERHAAL-271",
    )


def test_notification_email_goes_to_the_ambassador(advisor, ambassador, telling_case):
    handed_off_case(case=telling_case, advisor=advisor, ambassador=ambassador)
    sent = tasks.notify_ambassador_of_handoff(telling_case.handoffs.get().pk)
    assert sent is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ambassador.user.email]


def test_notification_email_holds_no_case_content(advisor, ambassador, telling_case):
    handed_off_case(case=telling_case, advisor=advisor, ambassador=ambassador)
    tasks.notify_ambassador_of_handoff(telling_case.handoffs.get().pk)
    (message,) = mail.outbox
    text = f"{message.subject}\n{message.body}".lower()
    category = Category(telling_case.category)
    secrets = [
        telling_case.office_holder.name,
        telling_case.office_holder.gemeente.name,
        telling_case.category,
        "UNIEK-VERHAAL",
        telling_case.account,
        telling_case.reference,
        str(telling_case.office_holder.gemeente.region),
    ]
    for language in ("nl", "en"):
        with translation.override(language):
            secrets.append(str(category.label))
    for secret in secrets:
        assert secret.lower() not in text, secret


def test_running_the_notification_twice_sends_one_email(advisor, ambassador, case):
    handed_off_case(case=case, advisor=advisor, ambassador=ambassador)
    handoff_id = case.handoffs.get().pk
    assert tasks.notify_ambassador_of_handoff(handoff_id) is True
    assert tasks.notify_ambassador_of_handoff(handoff_id) is False
    assert len(mail.outbox) == 1


def test_running_the_notification_marks_the_handoff_notified(advisor, ambassador, case):
    handed_off_case(case=case, advisor=advisor, ambassador=ambassador)
    handoff = case.handoffs.get()
    tasks.notify_ambassador_of_handoff(handoff.pk)
    handoff.refresh_from_db()
    assert handoff.notified_at is not None


def test_no_notification_for_a_handoff_that_is_no_longer_offered(
    advisor, ambassador, handed_case
):
    handoff = handed_case.handoffs.get()
    handoff_withdraw(case=handed_case, by=advisor, reason="Vergissing.")
    assert tasks.notify_ambassador_of_handoff(handoff.pk) is False
    assert mail.outbox == []


def test_no_notification_for_an_unknown_handoff(db):
    assert tasks.notify_ambassador_of_handoff(987654321) is False
    assert mail.outbox == []


def test_sweeper_enqueues_only_offered_unnotified_handoffs_older_than_a_minute(
    advisor, ambassador, office_holder
):
    def handed(**kwargs):
        case = CaseFactory(office_holder=office_holder, owner=advisor)
        return handed_off_case(
            case=case, ambassador=ambassador, **kwargs
        ).handoffs.get()

    a_while_ago = timezone.now() - timedelta(minutes=5)
    pending = handed()
    fresh_offer = handed()
    notified = handed()
    accepted = handed(accept=True)
    declined = handed()
    handoff_decline(handoff=declined, by=ambassador.user, reason="Te druk.")
    Handoff.objects.exclude(pk=fresh_offer.pk).update(offered_at=a_while_ago)
    Handoff.objects.filter(pk=notified.pk).update(notified_at=a_while_ago)
    assert accepted.pk != pending.pk

    task = tasks.notify_ambassador_of_handoff
    with mock.patch.object(task, "delay", wraps=task.delay) as delay:
        count = tasks.deliver_pending_notifications()
    assert count == 1
    delay.assert_called_once_with(pending.pk)


# --- answering the offer --------------------------------------------------------------


def test_accepting_puts_the_case_with_the_ambassador_in_the_listening_phase(
    ambassador, handed_case
):
    handoff_accept(handoff=handed_case.handoffs.get(), by=ambassador.user)
    handed_case.refresh_from_db()
    assert (handed_case.status, handed_case.phase) == (
        Status.WITH_AMBASSADOR,
        Phase.LISTENING,
    )
    assert handed_case.handoffs.get().status == HandoffStatus.ACCEPTED


def test_accepting_records_the_move_and_the_phase_as_one_history_row(
    ambassador, handed_case
):
    before = CaseHistory.objects.filter(case=handed_case).count()
    handoff_accept(handoff=handed_case.handoffs.get(), by=ambassador.user)
    rows = list(CaseHistory.objects.filter(case=handed_case))
    assert len(rows) == before + 1
    last = rows[-1]
    assert (last.from_status, last.to_status, last.from_phase, last.to_phase) == (
        Status.HANDOFF_OFFERED,
        Status.WITH_AMBASSADOR,
        "",
        Phase.LISTENING,
    )


def test_accepting_writes_an_accept_audit_row(ambassador, handed_case):
    handoff = handed_case.handoffs.get()
    handoff_accept(handoff=handoff, by=ambassador.user)
    event = AuditEvent.objects.get(action=AuditAction.ACCEPT)
    assert (event.object_id, event.actor) == (handoff.pk, ambassador.user)


@pytest.mark.parametrize("who", ["other_ambassador", "advisor", "superuser"])
def test_accepting_someone_elses_offer_is_refused(request, who, handed_case):
    with pytest.raises(PermissionDenied):
        handoff_accept(
            handoff=handed_case.handoffs.get(),
            by=as_user(request.getfixturevalue(who)),
        )
    handed_case.refresh_from_db()
    assert handed_case.status == Status.HANDOFF_OFFERED


def test_accepting_twice_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        handoff_accept(handoff=accepted_case.handoffs.get(), by=ambassador.user)


def test_declining_needs_a_reason(ambassador, handed_case):
    with pytest.raises(ValidationError):
        handoff_decline(
            handoff=handed_case.handoffs.get(), by=ambassador.user, reason="  "
        )
    assert handed_case.handoffs.get().status == HandoffStatus.OFFERED


def test_declining_returns_the_case_to_the_advisor(ambassador, handed_case):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason="Ik ken hem."
    )
    handed_case.refresh_from_db()
    assert handed_case.status == Status.TRIAGE
    assert handed_case.handoffs.get().status == HandoffStatus.DECLINED


def test_declining_removes_the_ambassadors_permission(ambassador, handed_case):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason="Ik ken hem."
    )
    assert not fresh(ambassador.user).has_perm(CASE_ACCESS, handed_case)


def test_the_decline_reason_is_kept_for_the_advisor(ambassador, handed_case):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason=" Ik ken hem. "
    )
    last = CaseHistory.objects.filter(case=handed_case).last()
    assert (last.to_status, last.reason) == (Status.TRIAGE, "Ik ken hem.")
    assert handed_case.handoffs.get().decline_reason == "Ik ken hem."


def test_decline_tells_the_owner_without_content(
    advisor, ambassador, handed_case, django_capture_on_commit_callbacks
):
    handoff = handed_case.handoffs.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handoff_decline(
            handoff=handoff,
            by=ambassador.user,
            reason="Ik ken UNIEKE-REDEN persoonlijk",
        )
    assert len(callbacks) == 1
    assert tasks.notify_advisor_of_decline(handoff.pk) is True
    assert tasks.notify_advisor_of_decline(handoff.pk) is False
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


def test_sweeper_resends_lost_decline_notices(ambassador, handed_case):
    handoff = handed_case.handoffs.get()
    handoff_decline(handoff=handoff, by=ambassador.user, reason="Bekende")
    Handoff.objects.filter(pk=handoff.pk).update(
        responded_at=timezone.now() - timedelta(minutes=5)
    )
    task = tasks.notify_advisor_of_decline
    with mock.patch.object(task, "delay", wraps=task.delay) as delay:
        assert tasks.deliver_pending_notifications() == 1
    delay.assert_called_once_with(handoff.pk)


def test_declining_by_another_ambassador_is_refused(other_ambassador, handed_case):
    with pytest.raises(PermissionDenied):
        handoff_decline(
            handoff=handed_case.handoffs.get(),
            by=other_ambassador.user,
            reason="Niet de mijne.",
        )
    assert handed_case.handoffs.get().status == HandoffStatus.OFFERED


def test_a_declined_case_can_be_handed_to_another_ambassador(
    advisor, ambassador, other_ambassador, handed_case
):
    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador.user, reason="Ik ken hem."
    )
    handed_case.refresh_from_db()
    handoff = hand(handed_case, other_ambassador, advisor)
    assert handoff.status == HandoffStatus.OFFERED
    assert set(Case.objects.visible_to(fresh(other_ambassador.user))) == {handed_case}


# --- revoking consent -----------------------------------------------------------------


@pytest.mark.parametrize("state", ["handed_case", "accepted_case"])
def test_revoking_handoff_consent_removes_access_in_the_same_transaction(
    request, state, advisor, ambassador
):
    case = request.getfixturevalue(state)
    consent = case.consents.get(purpose=ConsentPurpose.HANDOFF)
    with transaction.atomic():
        consent_revoke(consent=consent, by=advisor, reason="Wil het niet.")
        user = fresh(ambassador.user)
        assert not Case.objects.visible_to(user).exists()
        assert not user.has_perm(CASE_ACCESS, case)
        handoff = case.handoffs.get()
        assert (handoff.status, handoff.end_reason) == (
            HandoffStatus.ENDED,
            "consent revoked",
        )
        case.refresh_from_db()
        assert (case.status, case.phase) == (Status.TRIAGE, "")


def test_revoking_handoff_consent_is_recorded_in_history(advisor, accepted_case):
    consent = accepted_case.consents.get(purpose=ConsentPurpose.HANDOFF)
    consent_revoke(consent=consent, by=advisor)
    last = CaseHistory.objects.filter(case=accepted_case).last()
    assert (last.from_status, last.to_status) == (
        Status.WITH_AMBASSADOR,
        Status.TRIAGE,
    )


def test_revoking_consent_records_who_when_and_why(advisor, accepted_case):
    consent = accepted_case.consents.get(purpose=ConsentPurpose.HANDOFF)
    consent_revoke(consent=consent, by=advisor, reason=" Bedacht zich. ")
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert (consent.revoked_by, consent.revoke_reason) == (advisor, "Bedacht zich.")
    assert AuditEvent.objects.filter(
        action=AuditAction.REVOKE, object_id=consent.pk
    ).exists()


def test_the_ambassador_may_revoke_the_handoff_consent_and_loses_access(
    ambassador, accepted_case
):
    consent = accepted_case.consents.get(purpose=ConsentPurpose.HANDOFF)
    consent_revoke(consent=consent, by=ambassador.user, reason="Wil het niet meer.")
    assert not Case.objects.visible_to(fresh(ambassador.user)).exists()


def test_revoking_a_consent_twice_is_refused(advisor, case):
    consent = consent_given(case, by=advisor)
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        consent_revoke(consent=consent, by=advisor)


@pytest.mark.parametrize(
    "who", ["other_org_advisor", "other_ambassador", "staff_user", "superuser"]
)
def test_revoking_by_someone_outside_the_case_is_refused(request, who, accepted_case):
    consent = accepted_case.consents.get(purpose=ConsentPurpose.HANDOFF)
    with pytest.raises(PermissionDenied):
        consent_revoke(consent=consent, by=as_user(request.getfixturevalue(who)))
    consent.refresh_from_db()
    assert consent.is_valid


def test_revoking_a_statistics_consent_leaves_the_handoff_alone(
    advisor, ambassador, accepted_case
):
    statistics = consent_given(
        accepted_case, by=advisor, purpose=ConsentPurpose.STATISTICS
    )
    consent_revoke(consent=statistics, by=advisor)
    assert set(Case.objects.visible_to(fresh(ambassador.user))) == {accepted_case}
    assert accepted_case.handoffs.get().status == HandoffStatus.ACCEPTED


# --- the advisor takes the case back --------------------------------------------------


@pytest.mark.parametrize("state", ["handed_case", "accepted_case"])
def test_advisor_withdraws_a_handoff(request, state, advisor, ambassador):
    case = request.getfixturevalue(state)
    handoff_withdraw(case=case, by=advisor, reason="Escalatie naar OTWB.")
    case.refresh_from_db()
    assert case.status == Status.TRIAGE
    assert case.handoffs.get().status == HandoffStatus.ENDED
    assert not fresh(ambassador.user).has_perm(CASE_ACCESS, case)


def test_withdrawing_is_recorded_with_its_reason(advisor, accepted_case):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Escalatie.")
    last = CaseHistory.objects.filter(case=accepted_case).last()
    assert (last.to_status, last.reason, last.by) == (
        Status.TRIAGE,
        "Escalatie.",
        advisor,
    )


def test_withdrawing_needs_a_reason(advisor, accepted_case):
    with pytest.raises(ValidationError):
        handoff_withdraw(case=accepted_case, by=advisor, reason=" ")
    assert accepted_case.handoffs.get().status == HandoffStatus.ACCEPTED


def test_withdrawing_by_the_ambassador_is_refused(ambassador, accepted_case):
    with pytest.raises(PermissionDenied):
        handoff_withdraw(case=accepted_case, by=ambassador.user, reason="Te zwaar.")


def test_withdrawing_without_an_active_handoff_is_refused(advisor, case):
    with pytest.raises(ValidationError):
        handoff_withdraw(case=case, by=advisor, reason="Vergissing.")


def test_withdrawing_by_an_advisor_of_another_organisation_is_refused(
    other_org_advisor, accepted_case
):
    with pytest.raises(PermissionDenied):
        handoff_withdraw(case=accepted_case, by=other_org_advisor, reason="Van ons.")


def test_advisor_without_membership_cannot_hand_off(ambassador, consented_case):
    homeless = fresh(UserFactory(advisor=True, organisation=False))
    with pytest.raises(PermissionDenied):
        hand(consented_case, ambassador, homeless)


def test_a_handoff_locks_and_rereads_the_ambassador(
    advisor, ambassador, consented_case
):
    """A functional admin deactivating the ambassador at the same moment locks the
    same row: the handoff reads it under that lock, so it sees the deactivation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        hand(consented_case, ambassador, advisor)
    locking = [
        q["sql"]
        for q in queries.captured_queries
        if "FOR UPDATE" in q["sql"] and '"ambassadors_ambassador"' in q["sql"]
    ]
    assert locking


def test_a_handoff_sees_a_deactivation_made_after_the_ambassador_was_read(
    advisor, ambassador, consented_case
):
    type(ambassador).objects.filter(pk=ambassador.pk).update(is_active=False)
    assert ambassador.is_active  # the caller's copy is stale
    with pytest.raises(ValidationError):
        hand(consented_case, ambassador, advisor)
    assert not Handoff.objects.exists()
