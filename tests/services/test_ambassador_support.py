"""The ambassador's work on a case: notes, referrals under consent, phase, close."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Note, Referral
from cases.services.case import case_close, case_reopen, case_set_phase
from cases.services.consent import consent_revoke
from cases.services.notes import note_add
from cases.services.referrals import referral_create, referral_set_status
from tests.kb_fixtures import give_consent

pytestmark = pytest.mark.django_db


def test_ambassador_cannot_add_notes_before_accepting(handed_case, ambassador):
    with pytest.raises(ValidationError):
        note_add(case=handed_case, by=ambassador.user, text="Te vroeg")
    assert not Note.objects.exists()


def test_other_ambassador_cannot_add_notes(accepted_case, other_ambassador):
    with pytest.raises(PermissionDenied):
        note_add(case=accepted_case, by=other_ambassador.user, text="Nee")


def test_contact_entry_needs_a_mode(accepted_case, ambassador):
    with pytest.raises(ValidationError):
        note_add(case=accepted_case, by=ambassador.user, kind="contact", text="Gebeld")


def test_referral_needs_consent_of_the_same_kind(advisor, accepted_case, ambassador):
    give_consent(accepted_case, advisor, "doorverwijzing", "beveiliging")
    with pytest.raises(ValidationError):
        referral_create(
            case=accepted_case, by=ambassador.user, kind="juridisch", partner="Advocaat"
        )
    assert not Referral.objects.exists()


def test_referral_with_revoked_consent_is_refused(advisor, accepted_case, ambassador):
    consent = give_consent(accepted_case, advisor, "doorverwijzing", "juridisch")
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        referral_create(
            case=accepted_case, by=ambassador.user, kind="juridisch", partner="Advocaat"
        )


@pytest.fixture
def referral(advisor, accepted_case, ambassador):
    give_consent(accepted_case, advisor, "doorverwijzing", "juridisch")
    return referral_create(
        case=accepted_case, by=ambassador.user, kind="juridisch", partner="Advocaat"
    )


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["geaccepteerd", "afgerond"], True),
        (["afgewezen"], True),
        (["afgerond"], False),
        (["geaccepteerd", "voorgesteld"], False),
        (["afgewezen", "geaccepteerd"], False),
    ],
)
def test_referral_status_follows_its_table(referral, ambassador, path, allowed):
    *steps, last = path
    for status in steps:
        referral_set_status(referral=referral, by=ambassador.user, status=status)
    if allowed:
        referral_set_status(referral=referral, by=ambassador.user, status=last)
        referral.refresh_from_db()
        assert referral.status == last
    else:
        with pytest.raises(ValidationError):
            referral_set_status(referral=referral, by=ambassador.user, status=last)


def test_revoking_referral_consent_declines_open_referrals(advisor, referral):
    consent_revoke(consent=referral.consent, by=advisor)
    referral.refresh_from_db()
    assert referral.status == "afgewezen"


def test_phase_change_writes_history(accepted_case, ambassador):
    case_set_phase(case=accepted_case, phase="nazorg", by=ambassador.user)
    row = accepted_case.history.last()
    assert (row.from_phase, row.to_phase) == ("luisteren", "nazorg")


def test_advisor_cannot_set_the_phase(accepted_case, advisor):
    with pytest.raises(PermissionDenied):
        case_set_phase(case=accepted_case, phase="nazorg", by=advisor)


def test_close_needs_an_outcome(accepted_case, ambassador):
    with pytest.raises(ValidationError):
        case_close(case=accepted_case, by=ambassador.user, outcome="  ")
    accepted_case.refresh_from_db()
    assert accepted_case.status == "bij-ambassadeur"


def test_reopen_needs_a_reason(case, advisor):
    case_close(case=case, by=advisor, outcome="Klaar")
    with pytest.raises(ValidationError):
        case_reopen(case=case, by=advisor, reason="")


def test_intake_by_non_advisor_is_refused(ambassador, office_holder):
    from tests.kb_fixtures import make_case

    with pytest.raises(PermissionDenied):
        make_case(ambassador.user, office_holder)


def test_intake_with_future_date_saves_nothing(advisor, office_holder):
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Case
    from core.models import AuditEvent
    from tests.kb_fixtures import make_case

    with pytest.raises(ValidationError):
        make_case(
            advisor, office_holder, occurred_on=timezone.localdate() + timedelta(days=1)
        )
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(object_type="case").exists()
