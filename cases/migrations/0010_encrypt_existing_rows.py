from django.db import migrations

from core.fields import reencrypt_operation


class Migration(migrations.Migration):
    # Batches commit on their own: a half-run migration leaves a mix of plain and
    # encrypted values, which the field reads either way, and a rerun finishes it.
    atomic = False

    dependencies = [("cases", "0009_encrypt_free_text_fields")]

    operations = [
        reencrypt_operation(
            "cases", "Case", "CaseHistory", "Consent", "Handoff", "Note", "Referral"
        )
    ]
