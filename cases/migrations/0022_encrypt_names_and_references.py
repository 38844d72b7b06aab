import core.fields
from django.db import migrations

from core.fields import reencrypt_operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('cases', '0021_handoff_ambassador_in_network'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='formal_report_to',
            field=core.fields.EncryptedCharField(blank=True, max_length=200, verbose_name='formal report made to'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='given_by',
            field=core.fields.EncryptedCharField(max_length=200, verbose_name='given by'),
        ),
        migrations.AlterField(
            model_name='policereport',
            name='police_reference',
            field=core.fields.EncryptedCharField(blank=True, max_length=100, verbose_name='police reference'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='partner',
            field=core.fields.EncryptedCharField(max_length=200, verbose_name='partner'),
        ),
        # The addressee of a formal report, who gave consent, the partner referred to
        # and the police's reference name or point at the person: encrypted at rest
        # like the rest of the case. Migrating back decrypts them.
        reencrypt_operation(
            "cases",
            "Case",
            "Consent",
            "PoliceReport",
            "Referral",
            fields={
                "Case": ["formal_report_to"],
                "Consent": ["given_by"],
                "PoliceReport": ["police_reference"],
                "Referral": ["partner"],
            },
        ),
    ]
