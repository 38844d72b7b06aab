from django.db import migrations

from core.sql import load_sql

# Audit events are append-only, enforced by a trigger:
# cases/sql/0004_audit_append_only.sql.


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_default_organisation")]

    operations = [
        migrations.RunSQL(
            load_sql("cases", "0004_audit_append_only.sql", digest="6d146ac47a502747"),
            load_sql(
                "cases", "0004_audit_append_only.reverse.sql", digest="0784b739dc2ae6e6"
            ),
        )
    ]
