import core.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0023_consent_revoke_notified_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SubjectAccessExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='exported at')),
                ('reason', core.fields.EncryptedTextField(max_length=150, verbose_name='request')),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='exported by')),
                ('office_holder', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subject_access_exports', to='cases.officeholder', verbose_name='office holder')),
            ],
            options={
                'verbose_name': 'subject access export',
                'verbose_name_plural': 'subject access exports',
                'ordering': ['-at', '-pk'],
            },
        ),
    ]
