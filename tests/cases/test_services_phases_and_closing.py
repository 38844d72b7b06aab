"""The phases of the ambassador's work on a case (listening, guidance, aftercare),
closing with an outcome (which ends the handoff and the ambassador's access) and
reopening with a reason."""

import contextlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.constants import HandoffStatus, Phase, Status
from cases.models import Case, CaseHistory
from cases.services.case import case_close, case_reopen, case_set_phase
from tests.factories import CaseFactory, fresh

pytestmark = pytest.mark.django_db

CASE_ACCESS = "cases.access_case"


def test_ambassador_moves_the_case_to_another_phase(ambassador, accepted_case):
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
    assert not user.has_perm(CASE_ACCESS, accepted_case)
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
