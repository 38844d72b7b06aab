import ambassadors.models
import core.fields
from django.db import migrations

from core.fields import reencrypt_files_operation


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('ambassadors', '0007_encrypt_application_texts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='cv',
            field=core.fields.EncryptedFileField(max_length=200, storage=ambassadors.models.private_storage, upload_to=ambassadors.models.cv_path, verbose_name='CV'),
        ),
        # The CV files already stored are sealed with the active key, each under a
        # new name; migrating back unseals them.
        reencrypt_files_operation("ambassadors", "Application"),
    ]
