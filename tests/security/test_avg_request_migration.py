"""Migration cases 0025 moves the requests of AVG art. 15 exports out of the access log,
run as the owner role under the access log's triggers of core 0003.

Before 0025 an export wrote its request into the access log in plain text ("AVG art.
15: <request>"). The migration puts each request into an encrypted SubjectAccessExport
record and leaves its id in the access log. The access log is append-only for every
role (core/sql/0003_audit_append_only.sql): the migration, run by the table's owner,
switches the row trigger off for its own transaction only. These tests run the
migration for real, as ``manage.py migrate`` does: as the owner.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from cases.models import Case, SubjectAccessExport
from core.audit import audit
from core.constants import AuditAction
from core.models import AuditEvent
from core.sql_roles import OWNER, owner_as_default

# Transactional: the migration runs outside a test transaction; the flush at the end
# (as the owner) and the serialized rollback give the tests after this one their data.
pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", OWNER]
)

BEFORE = [("cases", "0024_subject_access_export")]
REQUEST = "inzageverzoek per brief van G. Raadslid, 3 maart"


def _migrate(targets) -> None:
    with owner_as_default():
        executor = MigrationExecutor(connections[OWNER])
        executor.migrate(targets, plan=executor.migration_plan(targets))


def _head():
    return MigrationExecutor(connections[OWNER]).loader.graph.leaf_nodes()


def _trigger_enabled() -> str:
    with connections[OWNER].cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = "
            "'cases_auditevent_append_only'"
        )
        return cursor.fetchone()[0]


def _details(case, holder) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(
            action=AuditAction.EXPORT,
            object_type__in=["case", "officeholder"],
            object_id__in=[case.pk, holder.pk],
        ).values_list("detail", flat=True)
    )


def test_the_owner_moves_the_requests_out_of_the_access_log_and_back(advisor, case):
    holder = case.office_holder
    head = _head()
    try:
        _migrate(BEFORE)
        # What an export wrote before 0025 (as the application: INSERT only).
        detail = f"AVG art. 15: {REQUEST}"
        audit(advisor, AuditAction.EXPORT, case, detail)
        audit(advisor, AuditAction.EXPORT, holder, detail)
        unrelated = audit(advisor, AuditAction.VIEW, case, "")

        _migrate(head)
        export = SubjectAccessExport.objects.get()
        assert (export.office_holder, export.by, export.reason) == (
            holder,
            advisor,
            REQUEST,
        )
        assert _details(case, holder) == [f"AVG art. 15 (#{export.pk})"] * 2
        assert not AuditEvent.objects.filter(detail__contains="Raadslid").exists()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reason FROM cases_subjectaccessexport WHERE id = %s",
                [export.pk],
            )
            assert cursor.fetchone()[0].startswith("kb1:")
        # The trigger is on again, for the owner too; other rows were not touched.
        assert _trigger_enabled() == "O"
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(using=OWNER),
            connections[OWNER].cursor() as cursor,
        ):
            cursor.execute("UPDATE cases_auditevent SET detail = 'x'")
        assert AuditEvent.objects.get(pk=unrelated.pk).detail == ""

        # Migrating back writes the request back into the access log.
        _migrate(BEFORE)
        assert _details(case, holder) == [detail] * 2
        assert _trigger_enabled() == "O"
    finally:
        _migrate(head)
    assert MigrationExecutor(connections[OWNER]).migration_plan(head) == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_application_role_cannot_run_it(advisor, case):
    """Django's own migrate on the application's connection: refused, nothing
    changed (the migration is one transaction)."""
    head = _head()
    try:
        _migrate(BEFORE)
        detail = f"AVG art. 15: {REQUEST}"
        audit(advisor, AuditAction.EXPORT, case.office_holder, detail)
        executor = MigrationExecutor(connection)
        with pytest.raises(DatabaseError, match="must be owner|permission denied"):
            executor.migrate(head, plan=executor.migration_plan(head))
        assert AuditEvent.objects.filter(detail=detail).exists()
        assert not SubjectAccessExport.objects.exists()
        assert _trigger_enabled() == "O"
    finally:
        _migrate(head)
    # As the owner it goes through.
    assert SubjectAccessExport.objects.get().reason == REQUEST
    call_command("migrate", "--check", stdout=StringIO())
