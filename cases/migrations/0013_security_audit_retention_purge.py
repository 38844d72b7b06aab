from django.db import migrations

from core.sql import load_sql

# The append-only trigger lets the retention purge delete audit events older than a
# year: cases/sql/0013_audit_append_only.sql.


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_security_privacy_officer_group")]

    operations = [
        migrations.RunSQL(
            load_sql("cases", "0013_audit_append_only.sql", digest="ffd4132f6f18818a"),
            load_sql(
                "cases", "0013_audit_append_only.reverse.sql", digest="9727c80390507586"
            ),
        )
    ]
