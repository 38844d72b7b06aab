import core.fields
from django.db import migrations

from core.fields import reencrypt_operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('ambassadors', '0006_models_to_network'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='motivation',
            field=core.fields.EncryptedTextField(max_length=5000, verbose_name='motivation'),
        ),
        migrations.AlterField(
            model_name='interview',
            name='notes',
            field=core.fields.EncryptedTextField(blank=True, max_length=5000, verbose_name='notes'),
        ),
        # An applicant's motivation and the committee's interview notes: encrypted
        # at rest. Migrating back decrypts them.
        reencrypt_operation(
            "ambassadors",
            "Application",
            "Interview",
            fields={"Application": ["motivation"], "Interview": ["notes"]},
        ),
    ]
