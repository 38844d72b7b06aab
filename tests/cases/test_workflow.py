"""One workflow and one permission table: the buttons a page shows and the refusals of
the services come from the same rules, and the status table is the only way a case
moves."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cases import workflow
from cases.constants import (
    Actor,
    ConsentMethod,
    ConsentPurpose,
    DamageKind,
    Phase,
    Status,
)
from cases.models import Case, CaseHistory
from cases.permissions import Action
from cases.services.advisor import advisor_action_record
from cases.services.case import case_assign, case_close, case_reopen, case_set_phase
from cases.services.consent import consent_record
from cases.services.handoff import handoff_withdraw
from cases.services.notes import note_add
from cases.services.police import damage_add
from tests.factories import fresh

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


# Each action with a call that succeeds whenever the rules allow it.
CALLS = {
    Action.NOTE_ADD: lambda case, by: note_add(case=case, by=by, text="Gebeld."),
    Action.CLOSE: lambda case, by: case_close(case=case, by=by, outcome="Klaar."),
    Action.REOPEN: lambda case, by: case_reopen(case=case, by=by, reason="Opnieuw."),
    Action.SET_PHASE: lambda case, by: case_set_phase(
        case=case, by=by, phase=Phase.GUIDANCE
    ),
    Action.ASSIGN: lambda case, by: case_assign(case=case, by=by, owner=None),
    Action.HANDOFF_WITHDRAW: lambda case, by: handoff_withdraw(
        case=case, by=by, reason="Terug."
    ),
    Action.CONSENT_RECORD: lambda case, by: consent_record(
        case=case,
        by=by,
        purpose=ConsentPurpose.STATISTICS,
        given_by="Persoon",
        method=ConsentMethod.VERBAL,
        given_at=timezone.now(),
    ),
    Action.DAMAGE_ADD: lambda case, by: damage_add(
        case=case, by=by, kind=DamageKind.OTHER, description="Ruit."
    ),
    Action.ADVISOR_ACTION_ADD: lambda case, by: advisor_action_record(
        case=case, by=by, kind="klachtenprocedure", description="Uitgelegd."
    ),
}

STATES = ["new", "offered", "accepted", "closed"]
PEOPLE = [
    "advisor",
    "other_org_advisor",
    "ambassador",
    "other_ambassador",
    "staff_user",
]


@pytest.fixture
def case_in(request, case, advisor):
    def make(state):
        if state == "new":
            return case
        if state == "closed":
            case_close(case=case, by=fresh(advisor), outcome="Klaar.")
            return Case.objects.get(pk=case.pk)
        fixture = "handed_case" if state == "offered" else "accepted_case"
        return Case.objects.get(pk=request.getfixturevalue(fixture).pk)

    return make


@pytest.mark.parametrize("state", STATES)
def test_the_page_offers_exactly_what_the_services_allow(request, case_in, state):
    case = case_in(state)
    for person, (action, call) in itertools.product(PEOPLE, CALLS.items()):
        user = request.getfixturevalue(person)
        user = fresh(getattr(user, "user", user))  # an Ambassador fixture has a user
        offered = str(action) in workflow.allowed_actions(user, case)
        history = CaseHistory.objects.filter(case=case).count()
        try:
            with transaction.atomic():
                call(Case.objects.get(pk=case.pk), user)
                raise Rollback
        except Rollback:
            succeeded = True
        except (PermissionDenied, ValidationError):
            succeeded = False
        assert (person, action, offered) == (person, action, succeeded)
        assert CaseHistory.objects.filter(case=case).count() == history


def test_a_case_moves_only_along_the_status_table(case, advisor):
    by = fresh(advisor)
    for (from_status, to_status), actor in itertools.product(
        itertools.permutations(Status.values, 2), Actor.values
    ):
        Case.objects.filter(pk=case.pk).update(status=from_status)
        subject = Case.objects.get(pk=case.pk)
        allowed = actor in workflow.STATUS_TRANSITIONS.get(
            (from_status, to_status), frozenset()
        )
        try:
            with transaction.atomic():
                workflow.move(subject, to_status=to_status, by=by, actor=actor)
                raise Rollback
        except Rollback:
            moved = True
        except ValidationError:
            moved = False
        assert (from_status, to_status, actor, moved) == (
            from_status,
            to_status,
            actor,
            allowed,
        )


def test_each_move_is_one_history_row_with_before_and_after(case, advisor):
    before = CaseHistory.objects.filter(case=case).count()
    workflow.move(case, to_status=Status.TRIAGE, by=fresh(advisor), actor=Actor.ADVISOR)
    rows = list(CaseHistory.objects.filter(case=case))
    assert len(rows) == before + 1
    assert (rows[-1].from_status, rows[-1].to_status) == (Status.NEW, Status.TRIAGE)


def test_a_handoff_moves_only_along_its_table(handed_case):
    handoff = handed_case.handoffs.get()
    with pytest.raises(ValidationError):
        workflow.move_handoff(handoff, to_status="geaccepteerd", actor=Actor.ADVISOR)
    workflow.move_handoff(handoff, to_status="geaccepteerd", actor=Actor.AMBASSADOR)
    with pytest.raises(ValidationError):
        workflow.move_handoff(handoff, to_status="afgewezen", actor=Actor.AMBASSADOR)
