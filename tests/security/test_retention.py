"""Retention purge (per kind of record, idempotent, reports what it did, scheduled)
and the AVG art. 15 export with third parties redacted."""

import json
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases.constants import Status
from cases.models import Case, CaseHistory, Note, OfficeHolder
from cases.services.case import case_close
from cases.services.notes import note_add
from core.constants import AuditAction
from core.models import AuditEvent
from security import retention
from security.models import RetentionRun
from security.tasks import purge_expired_records
from tests.factories import consent_given, recorded_case

pytestmark = pytest.mark.django_db


def _close(case, advisor, days_ago):
    case_close(case=case, by=advisor, outcome="Afgerond")
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )


def _age_audit(days):
    """Backdate audit rows as if they were written ``days`` ago (test-only: insert
    copies with an old timestamp, since the trigger refuses UPDATE)."""
    old = timezone.now() - timedelta(days=days)
    AuditEvent.objects.create(
        at=old,
        actor_username="oud",
        action=AuditAction.VIEW,
        object_type="case",
        object_id=1,
    )


def test_old_closed_cases_are_deleted_with_everything_about_them(
    settings, advisor, case, office_holder
):
    settings.KLANKBORD_RETENTION = {"closed_cases": 30, "notes": 10, "access_log": 365}
    note_add(case=case, by=advisor, text="notitie")
    _close(case, advisor, days_ago=31)
    recent = recorded_case(advisor, office_holder)
    _close(recent, advisor, days_ago=29)
    counts = retention.purge()
    assert counts["closed_cases"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Case.objects.filter(pk=recent.pk).exists()
    assert not CaseHistory.objects.filter(case_id=case.pk).exists()
    # The audit trail keeps the ids (no content) until its own term.
    assert AuditEvent.objects.filter(case_id=case.pk).exists()
    # The office holder still has a case, so stays.
    assert OfficeHolder.objects.filter(pk=office_holder.pk).exists()


def test_an_office_holder_without_cases_left_is_deleted(settings, advisor, case):
    settings.KLANKBORD_RETENTION = {"closed_cases": 30, "notes": 10, "access_log": 365}
    holder_id = case.office_holder_id
    _close(case, advisor, days_ago=40)
    counts = retention.purge()
    assert counts["office_holders"] == 1
    assert not OfficeHolder.objects.filter(pk=holder_id).exists()


def test_old_notes_of_closed_cases_are_deleted_first(settings, advisor, case):
    settings.KLANKBORD_RETENTION = {"closed_cases": 300, "notes": 10, "access_log": 365}
    old = note_add(case=case, by=advisor, text="oud")
    new = note_add(case=case, by=advisor, text="nieuw")
    Note.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(11))
    _close(case, advisor, days_ago=1)
    assert retention.purge()["notes"] == 1
    assert list(Note.objects.values_list("pk", flat=True)) == [new.pk]


def test_notes_of_open_cases_are_kept(settings, advisor, case):
    settings.KLANKBORD_RETENTION = {"closed_cases": 30, "notes": 1, "access_log": 365}
    note = note_add(case=case, by=advisor, text="oud")
    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(99))
    retention.purge()
    assert Note.objects.filter(pk=note.pk).exists()


def test_old_access_log_rows_are_deleted_and_recent_ones_kept(settings, case):
    settings.KLANKBORD_RETENTION = {
        "closed_cases": 30,
        "notes": 10,
        "access_log": 400,
    }
    _age_audit(401)
    recent = AuditEvent.objects.count() - 1
    assert retention.purge()["access_log"] == 1
    assert AuditEvent.objects.count() == recent


def test_the_database_refuses_to_purge_a_recent_access_log(case):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT cases_auditevent_purge(0)")
    assert AuditEvent.objects.exists()


def test_the_application_cannot_delete_old_rows_itself(case):
    _age_audit(800)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM cases_auditevent WHERE at < now() - interval '2 years'"
        )


def test_the_purge_is_idempotent_and_reports_each_run(settings, advisor, case):
    settings.KLANKBORD_RETENTION = {"closed_cases": 30, "notes": 10, "access_log": 365}
    _close(case, advisor, days_ago=31)
    _age_audit(366)
    first = purge_expired_records()
    second = purge_expired_records()
    assert first["closed_cases"] == 1
    assert first["access_log"] == 1
    assert all(n == 0 for n in second.values()), second
    runs = list(RetentionRun.objects.order_by("started_at"))
    assert [r.counts for r in runs] == [first, second]
    assert all(r.finished_at for r in runs)


def test_the_purge_is_scheduled_daily():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["purge-expired-records"]
    assert schedule["task"] == "security.tasks.purge_expired_records"
    from security.tasks import purge_expired_records as task

    assert task.name == schedule["task"]


def test_access_log_term_cannot_be_set_below_a_year(monkeypatch):
    import importlib

    import config.settings as project_settings

    monkeypatch.setenv("KLANKBORD_RETAIN_ACCESS_LOG_DAYS", "7")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.KLANKBORD_RETENTION["access_log"] == 365
    finally:
        monkeypatch.delenv("KLANKBORD_RETAIN_ACCESS_LOG_DAYS")
        importlib.reload(project_settings)


# --- AVG art. 15 ----------------------------------------------------------------------


@pytest.fixture
def rich_case(advisor, colleague, case, office_holder):
    consent_given(case, by=advisor)
    note_add(
        case=case,
        by=advisor,
        text=f"Gesprek met {office_holder.name}; collega {colleague.username} belde "
        "ook Piet Pester.",
    )
    OfficeHolder.objects.create(
        organisation=office_holder.organisation,
        name="Piet Pester",
        office="wethouder",
        gemeente=office_holder.gemeente,
    )
    return case


def _export(client, user, holder, reason="verzoek per e-mail"):
    client.force_login(user)
    return client.post(
        reverse("security_case:subject_access", args=[holder.pk]), {"reason": reason}
    )


def test_the_export_holds_the_persons_data_with_third_parties_redacted(
    client, advisor, rich_case, office_holder
):
    response = _export(client, advisor, office_holder)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["person"]["name"] == office_holder.name
    (case,) = data["cases"]
    assert case["reference"] == rich_case.reference
    assert "GEHEIM-ZIN-42" in case["account"]
    text = case["notes"][0]["text"]
    assert office_holder.name in text
    assert "vp.bert" not in text
    assert "Piet Pester" not in text
    assert text.count("[derde]") == 2
    assert case["notes"][0]["by"] == "[medewerker]"
    assert "vp.anna" not in response.content.decode()
    assert case["accessed_by"]


def test_the_export_is_audited_with_a_reference_to_its_encrypted_reason(
    client, advisor, rich_case, office_holder
):
    from cases.models import SubjectAccessExport

    _export(client, advisor, office_holder, reason="brief 3 maart")
    event = AuditEvent.objects.get(
        action=AuditAction.EXPORT, object_type="case", object_id=rich_case.pk
    )
    record = SubjectAccessExport.objects.get()
    assert event.detail == f"AVG art. 15 (#{record.pk})"
    assert "brief" not in event.detail
    assert record.reason == "brief 3 maart"
    assert record.office_holder == office_holder
    assert record.by == advisor
    assert event.actor_id == advisor.pk


def test_the_export_needs_a_reason(client, advisor, rich_case, office_holder):
    response = _export(client, advisor, office_holder, reason="")
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("who", ["other_org_advisor", "staff_user", "no_role_user"])
def test_others_cannot_export(client, request, rich_case, office_holder, who):
    response = _export(client, request.getfixturevalue(who), office_holder)
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_ambassador_of_the_case_cannot_export(
    client, accepted_case, ambassador, office_holder
):
    from django.contrib.auth.models import User

    user = User.objects.get(pk=ambassador.user_id)
    assert _export(client, user, office_holder).status_code == 403


def test_closed_case_status_is_in_the_export(client, advisor, case, office_holder):
    case_close(case=case, by=advisor, outcome="klaar")
    data = json.loads(_export(client, advisor, office_holder).content)
    assert data["cases"][0]["status"] == Status.CLOSED.label
