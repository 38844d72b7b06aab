# The ambassador model moved to network (network 0001); the column and its foreign
# key constraint to ambassadors_ambassador stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0020_case_access_permission'),
        ('network', '0001_models_from_ambassadors'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='handoff',
                    name='ambassador',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='handoffs', to='network.ambassador', verbose_name='ambassador'),
                ),
            ],
            database_operations=[],
        ),
    ]
