# Ambassador and Unavailability moved here from ambassadors. Their tables stay where
# they are (ambassadors_ambassador, ambassadors_ambassador_regions,
# ambassadors_unavailability, with their rows and constraints): this migration only
# tells Django's state that network owns them now. cases 0021 and ambassadors 0006
# point their foreign keys here and drop the models from ambassadors' state, again
# without touching the database.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables are made and shaped by ambassadors' migrations up to here.
        ('ambassadors', '0005_organisation_in_core'),
        ('core', '0001_models_from_cases'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Ambassador',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone number')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ambassadors', to='core.organisation', verbose_name='organisation')),
                        ('regions', models.ManyToManyField(related_name='ambassadors', to='regions.region', verbose_name='regions')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='ambassador', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'ambassador',
                        'verbose_name_plural': 'ambassadors',
                        'db_table': 'ambassadors_ambassador',
                        'ordering': ['user__first_name', 'user__last_name'],
                    },
                ),
                migrations.CreateModel(
                    name='Unavailability',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_on', models.DateField(verbose_name='from')),
                        ('ends_on', models.DateField(verbose_name='until and including')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('ambassador', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='unavailabilities', to='network.ambassador', verbose_name='ambassador')),
                    ],
                    options={
                        'verbose_name': 'unavailability',
                        'verbose_name_plural': 'unavailabilities',
                        'db_table': 'ambassadors_unavailability',
                        'ordering': ['-starts_on'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='ambassadors_unavailability_ends_after_start')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
