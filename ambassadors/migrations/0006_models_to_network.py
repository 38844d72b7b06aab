# Ambassador and Unavailability now belong to network (network 0001). Only Django's
# state changes: the foreign keys point at network.Ambassador, and the two models
# leave ambassadors. Tables, rows and constraints stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ambassadors', '0005_organisation_in_core'),
        ('network', '0001_models_from_ambassadors'),
        # Every other foreign key to ambassadors.Ambassador must point at network first.
        ('cases', '0021_handoff_ambassador_in_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='timeentry',
                    name='ambassador',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='time_entries', to='network.ambassador', verbose_name='ambassador'),
                ),
                migrations.AlterField(
                    model_name='invitation',
                    name='ambassador',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='network.ambassador', verbose_name='ambassador'),
                ),
                migrations.AlterField(
                    model_name='application',
                    name='ambassador',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='applications', to='network.ambassador', verbose_name='ambassador'),
                ),
                migrations.DeleteModel(name='Unavailability'),
                migrations.DeleteModel(name='Ambassador'),
            ],
            database_operations=[],
        ),
    ]
