"""Ambassador support: notes and contact log, referrals under consent, phases, closing
and reopening."""

import contextlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from guardian.shortcuts import remove_perm

from cases.constants import (
    REFERRAL_TRANSITIONS,
    ConsentPurpose,
    ContactMode,
    HandoffStatus,
    NoteKind,
    Phase,
    ReferralKind,
    ReferralStatus,
    Status,
)
from cases.models import Case, CaseHistory, Note, Referral
from cases.services.case import case_close, case_reopen, case_set_phase
from cases.services.consent import consent_revoke
from cases.services.notes import note_add
from cases.services.referrals import referral_create, referral_set_status
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    ReferralFactory,
    consent_given,
    fresh,
)

pytestmark = pytest.mark.django_db

SUPPORT = "cases.access_case"


def as_user(value):
    return getattr(value, "user", value)


def add_note(case, by, **kwargs):
    kwargs.setdefault("text", "Gesprek gevoerd over de dreigbrief.")
    return note_add(case=case, by=by, **kwargs)


def refer(case, by, kind=ReferralKind.LEGAL):
    return referral_create(
        case=case, by=by, kind=kind, partner="Fictief Juridisch Loket"
    )


# --- notes and the contact log --------------------------------------------------------


def test_ambassador_adds_a_note_after_accepting(ambassador, accepted_case):
    note = add_note(accepted_case, ambassador.user)
    assert (note.case, note.author, note.kind) == (
        accepted_case,
        ambassador.user,
        NoteKind.NOTE,
    )


def test_ambassador_cannot_add_a_note_before_accepting(ambassador, handed_case):
    with pytest.raises(ValidationError):
        add_note(handed_case, ambassador.user)
    assert not Note.objects.exists()


def test_another_ambassador_cannot_add_a_note(other_ambassador, accepted_case):
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, other_ambassador.user)
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_org_advisor", "staff_user", "functional_admin", "superuser"]
)
def test_outsiders_cannot_add_a_note(request, who, accepted_case):
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, as_user(request.getfixturevalue(who)))
    assert not Note.objects.exists()


def test_ambassador_whose_grant_is_gone_cannot_add_a_note(ambassador, accepted_case):
    remove_perm(SUPPORT, ambassador.user, accepted_case)
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, fresh(ambassador.user))


def test_a_model_wide_permission_does_not_replace_the_grant(ambassador, accepted_case):
    ambassador.user.user_permissions.add(
        Permission.objects.get(codename="access_case", content_type__app_label="cases")
    )
    remove_perm(SUPPORT, ambassador.user, accepted_case)
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, fresh(ambassador.user))


def test_a_superuser_ambassador_whose_grant_is_gone_cannot_add_a_note(
    ambassador, accepted_case
):
    # Superuser status grants nothing on cases (cases/roles.py); the services must agree
    # with visible_to, which hides this case from the ambassador.
    ambassador.user.is_superuser = True
    ambassador.user.save(update_fields=["is_superuser"])
    remove_perm(SUPPORT, ambassador.user, accepted_case)
    user = fresh(ambassador.user)
    assert not Case.objects.visible_to(user).exists()
    with pytest.raises(PermissionDenied):
        add_note(accepted_case, user)


def test_advisor_adds_a_note_to_a_case_with_an_ambassador(advisor, accepted_case):
    assert add_note(accepted_case, advisor).author == advisor


def test_a_contact_entry_needs_a_contact_mode(ambassador, accepted_case):
    with pytest.raises(ValidationError) as excinfo:
        add_note(accepted_case, ambassador.user, kind=NoteKind.CONTACT)
    assert "contact_mode" in excinfo.value.message_dict
    assert not Note.objects.exists()


def test_a_contact_entry_in_the_future_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        add_note(
            accepted_case,
            ambassador.user,
            kind=NoteKind.CONTACT,
            contact_mode=ContactMode.PHONE,
            contact_at=timezone.now() + timedelta(hours=2),
        )
    assert not Note.objects.exists()


def test_a_contact_entry_without_a_moment_is_dated_now(ambassador, accepted_case):
    note = add_note(
        accepted_case,
        ambassador.user,
        kind=NoteKind.CONTACT,
        contact_mode=ContactMode.VIDEO,
    )
    assert note.contact_mode == ContactMode.VIDEO
    assert timezone.now() - note.contact_at < timedelta(minutes=1)


def test_a_plain_note_drops_contact_details(ambassador, accepted_case):
    note = add_note(
        accepted_case,
        ambassador.user,
        kind=NoteKind.NOTE,
        contact_mode=ContactMode.PHONE,
        contact_at=timezone.now(),
    )
    assert (note.contact_mode, note.contact_at) == ("", None)


def test_a_note_on_a_closed_case_is_refused(advisor, office_holder):
    closed = CaseFactory(office_holder=office_holder, owner=advisor, closed=True)
    with pytest.raises(ValidationError):
        add_note(closed, advisor)


def test_an_empty_note_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        add_note(accepted_case, ambassador.user, text="   ")
    assert not Note.objects.exists()


# --- referrals ------------------------------------------------------------------------


def test_referral_without_consent_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_with_consent_for_another_kind_is_refused(
    advisor, ambassador, accepted_case
):
    consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.SECURITY,
    )
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user, kind=ReferralKind.LEGAL)
    assert not Referral.objects.exists()


@pytest.mark.parametrize("purpose", [ConsentPurpose.HANDOFF, ConsentPurpose.STATISTICS])
def test_referral_with_consent_for_another_purpose_is_refused(
    advisor, ambassador, accepted_case, purpose
):
    consent_given(accepted_case, by=advisor, purpose=purpose)
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_with_a_revoked_consent_is_refused(advisor, ambassador, accepted_case):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    consent_revoke(consent=consent, by=advisor)
    with pytest.raises(ValidationError):
        refer(accepted_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_rests_on_the_matching_valid_consent(
    advisor, ambassador, accepted_case
):
    ConsentFactory(case=accepted_case, referral=True, revoked=True)
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral = refer(accepted_case, ambassador.user)
    assert (referral.consent, referral.status) == (consent, ReferralStatus.PROPOSED)


def test_ambassador_records_a_referral_consent_and_refers(ambassador, accepted_case):
    consent_given(
        accepted_case,
        by=ambassador.user,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.PROFESSIONAL_HELP,
    )
    referral = refer(
        accepted_case, ambassador.user, kind=ReferralKind.PROFESSIONAL_HELP
    )
    assert referral.created_by == ambassador.user


def test_ambassador_cannot_refer_before_accepting(advisor, ambassador, handed_case):
    consent_given(
        handed_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    with pytest.raises(ValidationError):
        refer(handed_case, ambassador.user)
    assert not Referral.objects.exists()


def test_referral_of_an_unknown_kind_is_refused(advisor, accepted_case):
    with pytest.raises(ValidationError):
        refer(accepted_case, advisor, kind="waarzegger")


REFERRAL_MOVES = [
    pytest.param(
        start,
        end,
        end in REFERRAL_TRANSITIONS[start],
        id=f"{start}->{end}",
    )
    for start in ReferralStatus.values
    for end in ReferralStatus.values
]


@pytest.mark.parametrize(("start", "end", "allowed"), REFERRAL_MOVES)
def test_referral_status_moves_only_along_the_table(
    ambassador, accepted_case, start, end, allowed
):
    referral = ReferralFactory(case=accepted_case, status=start)
    if allowed:
        referral_set_status(referral=referral, by=ambassador.user, status=end)
    else:
        with pytest.raises(ValidationError):
            referral_set_status(referral=referral, by=ambassador.user, status=end)
    referral.refresh_from_db()
    assert referral.status == (end if allowed else start)


def test_another_ambassador_cannot_move_a_referral(other_ambassador, accepted_case):
    referral = ReferralFactory(case=accepted_case)
    with pytest.raises(PermissionDenied):
        referral_set_status(
            referral=referral, by=other_ambassador.user, status=ReferralStatus.ACCEPTED
        )


def test_revoking_referral_consent_declines_the_open_referrals(advisor, accepted_case):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    proposed = ReferralFactory(case=accepted_case, consent=consent)
    accepted = ReferralFactory(case=accepted_case, consent=consent, accepted=True)
    done = ReferralFactory(case=accepted_case, consent=consent, done=True)
    other = ReferralFactory(case=accepted_case, kind=ReferralKind.SECURITY)
    consent_revoke(consent=consent, by=advisor)
    statuses = {
        r.pk: r.status
        for r in Referral.objects.filter(pk__in=[proposed.pk, accepted.pk, done.pk])
    }
    assert statuses == {
        proposed.pk: ReferralStatus.DECLINED,
        accepted.pk: ReferralStatus.DECLINED,
        done.pk: ReferralStatus.DONE,
    }
    other.refresh_from_db()
    assert other.status == ReferralStatus.PROPOSED


def test_revoking_referral_consent_leaves_the_handoff_alone(
    advisor, ambassador, accepted_case
):
    consent = consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    consent_revoke(consent=consent, by=advisor)
    accepted_case.refresh_from_db()
    assert accepted_case.status == Status.WITH_AMBASSADOR
    assert Case.objects.visible_to(fresh(ambassador.user)).exists()


# --- phases of support ----------------------------------------------------------------


def test_ambassador_moves_the_support_to_another_phase(ambassador, accepted_case):
    case_set_phase(case=accepted_case, phase=Phase.GUIDANCE, by=ambassador.user)
    accepted_case.refresh_from_db()
    assert accepted_case.phase == Phase.GUIDANCE


def test_a_phase_change_writes_a_history_row(ambassador, accepted_case):
    before = CaseHistory.objects.filter(case=accepted_case).count()
    case_set_phase(case=accepted_case, phase=Phase.AFTERCARE, by=ambassador.user)
    rows = list(CaseHistory.objects.filter(case=accepted_case))
    assert len(rows) == before + 1
    last = rows[-1]
    assert (last.from_phase, last.to_phase, last.to_status, last.by) == (
        Phase.LISTENING,
        Phase.AFTERCARE,
        Status.WITH_AMBASSADOR,
        ambassador.user,
    )


def test_setting_the_same_phase_writes_no_history(ambassador, accepted_case):
    before = CaseHistory.objects.filter(case=accepted_case).count()
    case_set_phase(case=accepted_case, phase=Phase.LISTENING, by=ambassador.user)
    assert CaseHistory.objects.filter(case=accepted_case).count() == before


def test_an_unknown_phase_is_refused(ambassador, accepted_case):
    with pytest.raises(ValidationError):
        case_set_phase(case=accepted_case, phase="vakantie", by=ambassador.user)


def test_the_advisor_cannot_set_the_phase(advisor, accepted_case):
    with pytest.raises(PermissionDenied):
        case_set_phase(case=accepted_case, phase=Phase.GUIDANCE, by=advisor)
    accepted_case.refresh_from_db()
    assert accepted_case.phase == Phase.LISTENING


def test_the_ambassador_cannot_set_a_phase_before_accepting(ambassador, handed_case):
    with pytest.raises(ValidationError):
        case_set_phase(case=handed_case, phase=Phase.GUIDANCE, by=ambassador.user)


# --- closing and reopening ------------------------------------------------------------


@pytest.fixture
def triage_case(advisor, office_holder):
    return CaseFactory(office_holder=office_holder, owner=advisor, triage=True)


def test_closing_needs_an_outcome(ambassador, accepted_case):
    with pytest.raises(ValidationError) as excinfo:
        case_close(case=accepted_case, by=ambassador.user, outcome="  ")
    assert "outcome" in excinfo.value.message_dict
    accepted_case.refresh_from_db()
    assert accepted_case.status == Status.WITH_AMBASSADOR


def test_ambassador_closes_the_case_with_an_outcome(ambassador, accepted_case):
    case_close(case=accepted_case, by=ambassador.user, outcome=" Nazorg afgerond. ")
    accepted_case.refresh_from_db()
    assert accepted_case.status == Status.CLOSED
    assert accepted_case.outcome == "Nazorg afgerond."
    assert accepted_case.closed_at is not None


def test_closing_ends_the_handoff_and_the_ambassadors_access(ambassador, accepted_case):
    case_close(case=accepted_case, by=ambassador.user, outcome="Afgerond.")
    handoff = accepted_case.handoffs.get()
    assert (handoff.status, handoff.end_reason) == (HandoffStatus.ENDED, "case closed")
    user = fresh(ambassador.user)
    assert not user.has_perm(SUPPORT, accepted_case)
    assert not Case.objects.visible_to(user).exists()


def test_ambassador_cannot_close_before_accepting(ambassador, handed_case):
    with pytest.raises(ValidationError):
        case_close(case=handed_case, by=ambassador.user, outcome="Klaar.")


def test_advisor_cannot_close_a_case_that_is_with_the_ambassador(
    advisor, accepted_case
):
    with pytest.raises(ValidationError):
        case_close(case=accepted_case, by=advisor, outcome="Klaar.")
    accepted_case.refresh_from_db()
    assert (accepted_case.status, accepted_case.outcome) == (Status.WITH_AMBASSADOR, "")


def test_advisor_closes_a_case_in_triage(advisor, office_holder):
    case = CaseFactory(office_holder=office_holder, owner=advisor, triage=True)
    case_close(case=case, by=advisor, outcome="Buiten scope.")
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_reopening_needs_a_reason(advisor, office_holder):
    closed = CaseFactory(office_holder=office_holder, owner=advisor, closed=True)
    with pytest.raises(ValidationError) as excinfo:
        case_reopen(case=closed, by=advisor, reason=" ")
    assert "reason" in excinfo.value.message_dict
    closed.refresh_from_db()
    assert closed.status == Status.CLOSED


def test_advisor_reopens_a_closed_case_with_a_reason(advisor, office_holder):
    closed = CaseFactory(office_holder=office_holder, owner=advisor, closed=True)
    case_reopen(case=closed, by=advisor, reason="Nieuwe dreiging.")
    closed.refresh_from_db()
    assert (closed.status, closed.closed_at) == (Status.TRIAGE, None)
    last = CaseHistory.objects.filter(case=closed).last()
    assert (last.from_status, last.to_status, last.reason) == (
        Status.CLOSED,
        Status.TRIAGE,
        "Nieuwe dreiging.",
    )


@pytest.mark.parametrize(
    "state", ["case", "triage_case", "handed_case", "accepted_case"]
)
def test_reopening_a_case_that_is_not_closed_is_refused(request, state, advisor):
    case = request.getfixturevalue(state)
    status = case.status
    with pytest.raises(ValidationError):
        case_reopen(case=case, by=advisor, reason="Waarom niet.")
    case.refresh_from_db()
    assert case.status == status


def test_reopening_cannot_leave_an_ambassador_on_a_case_back_with_the_advisor(
    advisor, ambassador, accepted_case
):
    # A reopen that moves a case with an ambassador to triage must not keep the
    # handoff and the grant alive: status and access would disagree.
    with contextlib.suppress(ValidationError):
        case_reopen(case=accepted_case, by=advisor, reason="Terug naar mij.")
    accepted_case.refresh_from_db()
    handed = Case.objects.visible_to(fresh(ambassador.user)).exists()
    assert handed == (accepted_case.status == Status.WITH_AMBASSADOR)


def test_the_former_ambassador_cannot_reopen_a_closed_case(ambassador, accepted_case):
    case_close(case=accepted_case, by=ambassador.user, outcome="Afgerond.")
    with pytest.raises(PermissionDenied):
        case_reopen(
            case=accepted_case, by=fresh(ambassador.user), reason="Toch nog iets."
        )
