"""Audit events are append-only — in the model and in the database — outlive the case
they refer to, and never hold what was written."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.utils import ProgrammingError

from cases.constants import ConsentPurpose, NoteKind, ReferralKind
from cases.models import (
    Case,
    CaseHistory,
    CaseUserObjectPermission,
    Consent,
    Handoff,
    Note,
    Referral,
)
from cases.services.case import case_assign, case_close, case_reopen, case_set_phase
from cases.services.notes import note_add
from cases.services.referrals import referral_create
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import consent_given, fresh

pytestmark = pytest.mark.django_db

# The application's database role may not change audit events at all; behind that
# privilege, a trigger refuses it to every role (tests/core/test_database_roles.py).
REFUSED = "permission denied|append-only"


@pytest.fixture
def event(advisor, case):
    return AuditEvent.objects.create(
        actor=advisor,
        actor_username=advisor.username,
        action=AuditAction.VIEW,
        object_type="case",
        object_id=case.pk,
        case_id=case.pk,
    )


def test_saving_an_existing_audit_event_is_refused(event):
    event.detail = "bijgewerkt"
    with pytest.raises(ValidationError):
        event.save()
    event.refresh_from_db()
    assert event.detail == ""


def test_deleting_an_audit_event_is_refused(event):
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_bulk_update_of_audit_events_fails_in_the_database(event):
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="bijgewerkt")
    event.refresh_from_db()
    assert event.detail == ""


def test_a_queryset_delete_of_audit_events_fails_in_the_database(event):
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_auditevent SET actor_username = 'iemand-anders'",
        "DELETE FROM cases_auditevent",
    ],
    ids=["update", "delete"],
)
def test_raw_sql_cannot_change_audit_events(event, sql):
    with (
        pytest.raises(ProgrammingError, match=REFUSED),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).actor_username == event.actor_username


def test_new_audit_events_can_still_be_added(event, advisor):
    AuditEvent.objects.create(
        actor=advisor,
        actor_username=advisor.username,
        action=AuditAction.EXPORT,
        object_type="case",
        object_id=event.object_id,
    )
    assert AuditEvent.objects.count() >= 2


@pytest.fixture
def busy_case(advisor, ambassador, accepted_case):
    """An accepted case with a note, a referral, a referral consent and history."""
    note_add(case=accepted_case, by=ambassador.user, text="Eerste gesprek.")
    consent_given(
        accepted_case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral_create(
        case=accepted_case,
        by=ambassador.user,
        kind=ReferralKind.LEGAL,
        partner="Fictief Juridisch Loket",
    )
    return accepted_case


def test_audit_events_survive_deleting_a_case_with_notes(advisor, case):
    note_add(case=case, by=advisor, text="Eerste gesprek.")
    case_assign(case=case, owner=None, by=advisor)
    pk = case.pk
    before = set(AuditEvent.objects.filter(case_id=pk).values_list("pk", flat=True))
    assert len(before) == 3  # the intake, the note, the assignment
    case.delete()
    assert not Note.objects.filter(case_id=pk).exists()
    assert not CaseHistory.objects.filter(case_id=pk).exists()
    assert set(AuditEvent.objects.filter(case_id=pk).values_list("pk", flat=True)) == (
        before
    )


def test_a_consent_that_a_handoff_rests_on_cannot_be_deleted_alone(busy_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(case=busy_case).delete()
    assert Consent.objects.filter(case=busy_case).count() == 2


def test_deleting_a_case_takes_its_records_with_it(busy_case):
    pk = busy_case.pk
    Case.objects.filter(pk=pk).delete()
    for model in (CaseHistory, Consent, Handoff, Note, Referral):
        assert not model.objects.filter(case_id=pk).exists(), model.__name__
    assert not CaseUserObjectPermission.objects.filter(content_object_id=pk).exists()


def test_audit_events_survive_deleting_the_case(busy_case):
    pk = busy_case.pk
    before = list(
        AuditEvent.objects.filter(case_id=pk).values_list("pk", "action", "object_type")
    )
    assert len(before) >= 6
    busy_case.delete()
    after = list(
        AuditEvent.objects.filter(case_id=pk).values_list("pk", "action", "object_type")
    )
    assert after == before


def test_audit_events_of_a_whole_flow_hold_no_content(advisor, ambassador, busy_case):
    note_add(
        case=busy_case,
        by=ambassador.user,
        kind=NoteKind.CONTACT,
        contact_mode="telefoon",
        text="GEHEIME-NOTITIE-77",
    )
    case_set_phase(case=busy_case, phase="nazorg", by=ambassador.user)
    case_close(case=busy_case, by=fresh(ambassador.user), outcome="UITKOMST-88")
    case_reopen(case=busy_case, by=advisor, reason="HEROPEN-REDEN-99")
    secrets = [
        busy_case.account,
        busy_case.office_holder.name,
        busy_case.office_holder.gemeente.name,
        "Eerste gesprek",
        "Fictief Juridisch Loket",
        "Fictieve Melder",
        "GEHEIME-NOTITIE",
        "UITKOMST",
        "HEROPEN-REDEN",
    ]
    for row in AuditEvent.objects.values():
        for column, value in row.items():
            for secret in secrets:
                assert secret not in str(value), (column, secret)
