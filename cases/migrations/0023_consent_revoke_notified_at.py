from django.db import migrations, models


def mark_past_revocations_told(apps, schema_editor):
    # Revocations from before the notice existed are not announced afterwards.
    Consent = apps.get_model("cases", "Consent")
    Consent.objects.filter(revoked_at__isnull=False).update(
        revoke_notified_at=models.F("revoked_at")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_encrypt_names_and_references'),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='revoke_notified_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='advisor told of the revocation at'),
        ),
        migrations.RunPython(mark_past_revocations_told, migrations.RunPython.noop),
    ]
