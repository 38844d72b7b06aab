# The organisation model moved to core (core 0001); the column and its foreign key
# constraint to cases_organisation stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ambassadors', '0004_selection_committee_group'),
        ('core', '0001_models_from_cases'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='ambassador',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ambassadors', to='core.organisation', verbose_name='organisation'),
                ),
            ],
            database_operations=[],
        ),
    ]
