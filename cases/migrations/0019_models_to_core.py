# Organisation, Membership and AuditEvent now belong to core (core 0001). Only
# Django's state changes: the foreign keys point at core.Organisation, and the three
# models leave cases. Tables, rows, constraints and the audit trigger stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0018_case_open_count_index'),
        ('core', '0001_models_from_cases'),
        # Every other foreign key to cases.Organisation must point at core first.
        ('ambassadors', '0005_organisation_in_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='officeholder',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='office_holders', to='core.organisation', verbose_name='organisation'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='core.organisation', verbose_name='organisation'),
                ),
                migrations.AlterField(
                    model_name='partner',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='partners', to='core.organisation', verbose_name='organisation'),
                ),
                migrations.DeleteModel(name='Membership'),
                migrations.DeleteModel(name='AuditEvent'),
                migrations.DeleteModel(name='Organisation'),
            ],
            database_operations=[],
        ),
    ]
