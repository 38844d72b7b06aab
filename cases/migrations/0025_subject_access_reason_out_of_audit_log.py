"""The request an AVG art. 15 export answered was written into the access log in
plain text ("AVG art. 15: <request>"). Move each request into an encrypted
SubjectAccessExport record and leave its id in the access log instead. The access log
is append-only for every role (core/sql/0003_audit_append_only.sql): this migration,
run by the table's owner (the owner role: core's migrate command), switches the row
trigger off for its own transaction only; the application's role may not
(tests/security/test_avg_request_migration.py). Migrating back writes the requests
back."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import migrations

PREFIX = "AVG art. 15: "
TRIGGER = "cases_auditevent_append_only"
REFERENCE = re.compile(r"^AVG art\. 15 \(#(\d+)\)$")


def reference(pk: int) -> str:
    return f"AVG art. 15 (#{pk})"


def _rewrite(cursor, changes: dict[int, str]) -> None:
    if not changes:
        return
    cursor.execute(f"ALTER TABLE cases_auditevent DISABLE TRIGGER {TRIGGER}")
    for pk, detail in changes.items():
        cursor.execute(
            "UPDATE cases_auditevent SET detail = %s WHERE id = %s", [detail, pk]
        )
    cursor.execute(f"ALTER TABLE cases_auditevent ENABLE TRIGGER {TRIGGER}")


def move_out(apps, schema_editor):
    Export = apps.get_model("cases", "SubjectAccessExport")
    OfficeHolder = apps.get_model("cases", "OfficeHolder")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, at, actor_id, object_type, object_id, detail "
            "FROM cases_auditevent WHERE action = 'export' AND detail LIKE %s "
            "ORDER BY at, id",
            [PREFIX.replace("%", r"\%") + "%"],
        )
        rows = cursor.fetchall()
        holders = set(OfficeHolder.objects.values_list("pk", flat=True))
        users = set(User.objects.values_list("pk", flat=True))
        changes: dict[int, str] = {}

        def record(at, actor_id, holder_id, detail):
            return Export.objects.create(
                office_holder_id=holder_id if holder_id in holders else None,
                by_id=actor_id if actor_id in users else None,
                at=at,
                reason=detail[len(PREFIX):],
            )

        # One export wrote a row per case and then one for the office holder, with
        # the same actor and detail.
        for pk, at, actor_id, object_type, object_id, detail in rows:
            if object_type != "officeholder":
                continue
            export = record(at, actor_id, object_id, detail)
            changes[pk] = reference(export.pk)
            for other, other_at, other_actor, other_type, _id, other_detail in rows:
                if (
                    other not in changes
                    and other_type == "case"
                    and other_actor == actor_id
                    and other_detail == detail
                    and at - timedelta(minutes=5) <= other_at <= at
                ):
                    changes[other] = reference(export.pk)
        # Anything else (no office holder row): one record per row, nothing lost.
        for pk, at, actor_id, _type, _object_id, detail in rows:
            if pk not in changes:
                changes[pk] = reference(record(at, actor_id, None, detail).pk)
        _rewrite(cursor, changes)


def move_back(apps, schema_editor):
    Export = apps.get_model("cases", "SubjectAccessExport")
    reasons = dict(Export.objects.values_list("pk", "reason"))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, detail FROM cases_auditevent "
            "WHERE action = 'export' AND detail LIKE 'AVG art. 15 (#%%'"
        )
        changes = {}
        for pk, detail in cursor.fetchall():
            match = REFERENCE.match(detail)
            if match and int(match.group(1)) in reasons:
                changes[pk] = (PREFIX + reasons[int(match.group(1))])[:200]
        _rewrite(cursor, changes)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0024_subject_access_export'),
        # Runs as the owner, under the triggers and the role check of core 0003.
        ('core', '0003_app_role_privileges'),
    ]

    operations = [
        migrations.RunPython(move_out, move_back),
    ]
