from django.db import migrations

from cases.fields import reencrypt_table

MODELS = ["Case", "CaseHistory", "Consent", "Handoff", "Note", "Referral"]


def encrypt_existing(apps, schema_editor):
    for name in MODELS:
        reencrypt_table(
            apps.get_model("cases", name), connection=schema_editor.connection
        )


def decrypt_all(apps, schema_editor):
    for name in MODELS:
        reencrypt_table(
            apps.get_model("cases", name),
            connection=schema_editor.connection,
            to_plain=True,
        )


class Migration(migrations.Migration):
    # Batches commit on their own: a half-run migration leaves a mix of plain and
    # encrypted values, which the field reads either way, and a rerun finishes it.
    atomic = False

    dependencies = [("cases", "0009_encrypt_free_text_fields")]

    operations = [migrations.RunPython(encrypt_existing, decrypt_all)]
