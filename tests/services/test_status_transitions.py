"""The status machine allows exactly the transition table, and records every move."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from cases.constants import Actor, Status
from cases.models import CaseHistory
from cases.services.case import case_close, case_reopen
from cases.workflow import STATUS_TRANSITIONS, move

pytestmark = pytest.mark.django_db

MOVES = [
    (start, end, actor)
    for start, end in itertools.permutations(Status.values, 2)
    for actor in Actor.values
]


@pytest.mark.parametrize(("start", "end", "actor"), MOVES)
def test_transition_follows_the_table(case, advisor, start, end, actor):
    case.status = start
    case.save(update_fields=["status"])
    before = CaseHistory.objects.filter(case=case).count()
    allowed = actor in STATUS_TRANSITIONS.get((start, end), frozenset())
    if allowed:
        move(case=case, to_status=end, by=advisor, actor=actor)
        case.refresh_from_db()
        assert case.status == end
        assert CaseHistory.objects.filter(case=case).count() == before + 1
        row = CaseHistory.objects.filter(case=case).last()
        assert (row.from_status, row.to_status) == (start, end)
    else:
        with pytest.raises(ValidationError):
            move(case=case, to_status=end, by=advisor, actor=actor)
        case.refresh_from_db()
        assert case.status == start
        assert CaseHistory.objects.filter(case=case).count() == before


def test_closing_sets_and_reopening_clears_closed_at(case, advisor):
    case_close(case=case, by=advisor, outcome="Klaar")
    case.refresh_from_db()
    assert case.closed_at is not None
    case_reopen(case=case, by=advisor, reason="Nieuwe feiten")
    case.refresh_from_db()
    assert case.closed_at is None
    assert case.status == Status.TRIAGE
