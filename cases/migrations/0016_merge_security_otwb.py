from django.db import migrations


class Migration(migrations.Migration):
    """Joins the security and the 24/7-line migrations."""

    dependencies = [
        ("cases", "0013_security_audit_retention_purge"),
        ("cases", "0015_otwb_case_danger_open_index"),
    ]

    operations = []
