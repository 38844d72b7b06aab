"""``core.prepared``: a read compiled once returns what the ORM returns, for every
value, compiles nothing after its first call, and refuses a function whose arguments
decide the query's shape."""

import datetime
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from cases.models import Note
from core import prepared as prepared_module
from core.prepared import ShapeError, prepared
from tests.factories import NoteFactory, recorded_case


@pytest.fixture
def two_cases(case, advisor, office_holder):
    other = recorded_case(advisor, office_holder)
    NoteFactory(case=case, author=advisor, text="Eerste notitie.")
    NoteFactory(case=case, author=None, text="Tweede notitie.")
    NoteFactory(case=other, author=advisor, text="Notitie elders.")
    return case, other


def _notes_builder():
    """A fresh prepared read each test (the compiled SQL lives in the decorator)."""

    @prepared
    def notes_of(case_id):
        return Note.objects.filter(case_id=case_id).select_related("author")

    return notes_of


def _rows(notes):
    return [
        (n.pk, n.case_id, n.text, n.author.username if n.author else None)
        for n in notes
    ]


def test_each_call_reads_its_own_values(two_cases, django_assert_num_queries):
    notes_of = _notes_builder()
    case, other = two_cases
    for target in (case, other, case):
        expected = list(Note.objects.filter(case_id=target.pk).select_related("author"))
        with django_assert_num_queries(1):  # the author came with the note
            got = notes_of(target.pk)
            assert _rows(got) == _rows(expected)
    # Encrypted text is decrypted (the field's converter ran).
    assert {n.text for n in notes_of(case.pk)} == {"Eerste notitie.", "Tweede notitie."}


def test_compiles_once(two_cases, monkeypatch):
    monkeypatch.setattr(prepared_module, "CHECK", False)
    notes_of = _notes_builder()
    case, other = two_cases
    notes_of(case.pk)
    with mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    ) as compiling:
        assert len(notes_of(other.pk)) == 1
        assert len(notes_of(case.pk)) == 2
    assert compiling.call_count == 0


def test_the_sql_carries_the_value_as_a_parameter(two_cases):
    from django.db import connection

    notes_of = _notes_builder()
    case, other = two_cases
    with CaptureQueriesContext(connection) as queries:
        notes_of(other.pk)
    assert f'"case_id" = {other.pk}' in queries[0]["sql"]


def test_an_argument_that_shapes_the_query_is_refused(db):
    @prepared
    def shaped(case_id):
        notes = Note.objects.all()
        return notes.filter(case_id=1) if case_id > 0 else notes

    with pytest.raises(ShapeError):
        shaped(5)


def test_only_integers_strings_moments_and_dates(db):
    @prepared
    def by_ids(ids):
        return Note.objects.filter(pk__in=ids)

    with pytest.raises(ShapeError):
        by_ids([1, 2])  # the length of a list is the query's shape


def test_strings_and_moments_are_values_too(two_cases):
    from django.utils import timezone

    @prepared
    def since(kind, moment):
        return Note.objects.filter(kind=kind, created_at__gte=moment)

    now = timezone.now()
    assert len(since("notitie", now - datetime.timedelta(hours=1))) == 3
    assert since("contact", now - datetime.timedelta(hours=1)) == []
    assert since("notitie", now + datetime.timedelta(hours=1)) == []


def test_dates_are_values_too(two_cases):
    @prepared
    def since(case_id, day):
        return Note.objects.filter(case_id=case_id, created_at__date__gte=day)

    case, _other = two_cases
    from django.utils import timezone

    today = timezone.localdate()
    assert len(since(case.pk, today - datetime.timedelta(days=1))) == 2
    assert since(case.pk, today + datetime.timedelta(days=2)) == []


def test_the_check_catches_a_query_that_changed_shape(two_cases, monkeypatch):
    """With CHECK on (the whole suite runs so), a read whose query is not the one
    that was compiled fails loudly instead of replaying stale SQL."""
    monkeypatch.setattr(prepared_module, "CHECK", True)
    shape = {"ordered": False}

    @prepared
    def notes_of(case_id):
        notes = Note.objects.filter(case_id=case_id)
        return notes.order_by("-pk") if shape["ordered"] else notes

    case, _other = two_cases
    notes_of(case.pk)
    shape["ordered"] = True
    with pytest.raises(AssertionError, match="not a fixed-shape query"):
        notes_of(case.pk)


def test_the_suite_runs_with_the_check_on():
    assert prepared_module.CHECK is True


def test_a_list_of_ids_is_one_array_parameter(two_cases):
    from core.prepared import pk_in_array

    @prepared
    def notes(ids):
        return Note.objects.filter(pk_in_array(Note, ids)).order_by("pk")

    case, other = two_cases
    every = list(Note.objects.order_by("pk").values_list("pk", flat=True))
    assert [n.pk for n in notes(every)] == every
    assert [n.pk for n in notes(every[:1])] == every[:1]
    assert notes([]) == []
