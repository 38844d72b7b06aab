"""The case workflow: ``move`` allows exactly ``constants.STATUS_TRANSITIONS``
and records every move as one new history row."""

import contextlib
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.constants import Actor, Status
from cases.models import CaseHistory
from cases.workflow import STATUS_TRANSITIONS, move
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ALL_MOVES = list(itertools.product(Status.values, Status.values, Actor.values))
ALLOWED = [
    pytest.param(start, end, actor, id=f"{start}->{end}-by-{actor}")
    for start, end, actor in ALL_MOVES
    if actor in STATUS_TRANSITIONS.get((start, end), frozenset())
]
REFUSED = [
    pytest.param(start, end, actor, id=f"{start}->{end}-by-{actor}")
    for start, end, actor in ALL_MOVES
    if actor not in STATUS_TRANSITIONS.get((start, end), frozenset())
]


def case_in(status, owner):
    if status == Status.CLOSED:
        return CaseFactory(owner=owner, closed=True)
    return CaseFactory(owner=owner, status=status)


def test_the_table_only_names_known_statuses_and_actors():
    for (start, end), actors in STATUS_TRANSITIONS.items():
        assert {start, end} <= set(Status.values)
        assert actors
        assert actors <= set(Actor.values)


def test_every_move_is_either_allowed_or_refused():
    assert len(ALLOWED) + len(REFUSED) == len(Status.values) ** 2 * len(Actor.values)
    assert len(ALLOWED) == sum(len(actors) for actors in STATUS_TRANSITIONS.values())


@pytest.mark.parametrize(("start", "end", "actor"), ALLOWED)
def test_an_allowed_move_changes_the_status(advisor, start, end, actor):
    case = case_in(start, advisor)
    move(case=case, to_status=end, by=advisor, actor=actor)
    case.refresh_from_db()
    assert case.status == end


@pytest.mark.parametrize(("start", "end", "actor"), ALLOWED)
def test_an_allowed_move_writes_exactly_one_history_row(advisor, start, end, actor):
    case = case_in(start, advisor)
    before = set(CaseHistory.objects.filter(case=case).values_list("pk", flat=True))
    move(case=case, to_status=end, by=advisor, actor=actor, reason="Omdat.")
    new = CaseHistory.objects.filter(case=case).exclude(pk__in=before)
    assert new.count() == 1
    row = new.get()
    assert (row.from_status, row.to_status, row.by, row.reason) == (
        start,
        end,
        advisor,
        "Omdat.",
    )


@pytest.mark.parametrize(("start", "end", "actor"), ALLOWED)
def test_an_allowed_move_writes_one_audit_row(advisor, start, end, actor):
    case = case_in(start, advisor)
    move(case=case, to_status=end, by=advisor, actor=actor)
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, case_id=case.pk)
    assert event.detail == f"{start} -> {end}"


@pytest.mark.parametrize(("start", "end", "actor"), REFUSED)
def test_a_move_outside_the_table_is_refused_and_changes_nothing(
    advisor, start, end, actor
):
    case = case_in(start, advisor)
    history = CaseHistory.objects.filter(case=case).count()
    with pytest.raises(ValidationError):
        move(case=case, to_status=end, by=advisor, actor=actor)
    assert case.status == start
    case.refresh_from_db()
    assert case.status == start
    assert CaseHistory.objects.filter(case=case).count() == history
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_closing_stamps_the_moment_and_reopening_clears_it(advisor):
    case = case_in(Status.TRIAGE, advisor)
    move(case=case, to_status=Status.CLOSED, by=advisor, actor=Actor.ADVISOR)
    case.refresh_from_db()
    assert case.closed_at is not None
    move(case=case, to_status=Status.TRIAGE, by=advisor, actor=Actor.ADVISOR)
    case.refresh_from_db()
    assert case.closed_at is None


def test_leaving_the_ambassador_clears_the_phase(advisor):
    case = CaseFactory(owner=advisor, status=Status.WITH_AMBASSADOR, phase="nazorg")
    move(case=case, to_status=Status.TRIAGE, by=advisor, actor=Actor.SYSTEM)
    case.refresh_from_db()
    assert case.phase == ""


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(Status.values), st.sampled_from(Actor.values)),
        max_size=12,
    )
)
def test_history_is_an_unbroken_chain_whatever_is_tried(advisor, moves):
    with transaction.atomic():
        case = CaseFactory(owner=advisor)
        for end, actor in moves:
            with contextlib.suppress(ValidationError):
                move(case=case, to_status=end, by=advisor, actor=actor)
        rows = list(CaseHistory.objects.filter(case=case))
        for previous, row in itertools.pairwise(rows):
            assert row.from_status == previous.to_status
            assert (row.from_status, row.to_status) in STATUS_TRANSITIONS
        case.refresh_from_db()
        assert rows[-1].to_status == case.status
        # Every example starts from an empty world.
        transaction.set_rollback(True)
