"""Audit events are append-only and outlive the case; they never hold content."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from cases.models import Case, Note
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_case_creation_is_audited_without_content(case):
    event = AuditEvent.objects.get(case_id=case.pk, action="create", object_type="case")
    assert event.actor_username == "vp.anna"
    assert event.actor_role == "vertrouwenspersoon"
    row = " ".join(str(v) for v in AuditEvent.objects.values_list().first())
    assert "GEHEIM-ZIN-42" not in row


def test_model_refuses_to_change_an_event(case):
    event = AuditEvent.objects.filter(case_id=case.pk).first()
    event.detail = "anders"
    with pytest.raises(ValidationError):
        event.save()


def test_model_refuses_to_delete_an_event(case):
    event = AuditEvent.objects.filter(case_id=case.pk).first()
    with pytest.raises(ValidationError):
        event.delete()


def test_database_refuses_bulk_update(case):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(case_id=case.pk).update(detail="weg")


def test_database_refuses_queryset_delete(case):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(case_id=case.pk).delete()


def test_audit_events_outlive_the_case(advisor, case):
    from cases.services.notes import note_add

    note_add(case=case, by=advisor, text="Tekst")
    count = AuditEvent.objects.filter(case_id=case.pk).count()
    case_id = case.pk
    Case.objects.filter(pk=case_id).delete()
    assert not Note.objects.exists()
    assert AuditEvent.objects.filter(case_id=case_id).count() == count
