# Organisation, Membership and AuditEvent moved here from cases. Their tables stay
# where they are (cases_organisation, cases_membership, cases_auditevent, with the
# audit trigger and rows): this migration only tells Django's state that core owns
# them now. cases 0019 and ambassadors 0005 point their foreign keys here and drop
# the models from cases' state, again without touching the database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The tables are made and shaped by cases' migrations up to here.
        ('cases', '0018_case_open_count_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(unique=True, verbose_name='short name')),
                        ('is_default', models.BooleanField(default=False, verbose_name='default organisation')),
                        ('kind', models.CharField(choices=[('vereniging', 'Association (with the 24/7 support team)'), ('partij', 'Political party with its own confidential advisor')], default='vereniging', help_text="A party's intake also asks whether a melding is in scope for its confidential advisor.", max_length=20, verbose_name='kind')),
                    ],
                    options={
                        'verbose_name': 'organisation',
                        'verbose_name_plural': 'organisations',
                        'db_table': 'cases_organisation',
                        'ordering': ['name'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('is_default',), name='one_default_organisation')],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='core.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'db_table': 'cases_membership',
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='at')),
                        ('actor_username', models.CharField(max_length=150, verbose_name='username')),
                        ('actor_role', models.CharField(blank=True, max_length=40, verbose_name='role')),
                        ('action', models.CharField(choices=[('view', 'Viewed'), ('create', 'Created'), ('update', 'Changed'), ('transition', 'Status changed'), ('handoff', 'Handed off'), ('accept', 'Accepted'), ('decline', 'Declined'), ('revoke', 'Revoked'), ('export', 'Exported'), ('break', 'Confidentiality broken'), ('confirm', 'Confirmed'), ('purge', 'Removed (retention)'), ('formal-report', 'Turned into a formal report')], max_length=20, verbose_name='action')),
                        ('object_type', models.CharField(max_length=40, verbose_name='object type')),
                        ('object_id', models.BigIntegerField(verbose_name='object id')),
                        ('case_id', models.BigIntegerField(db_index=True, null=True, verbose_name='case id')),
                        ('detail', models.CharField(blank=True, max_length=200, verbose_name='detail')),
                        ('actor', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
                    ],
                    options={
                        'verbose_name': 'audit event',
                        'verbose_name_plural': 'audit events',
                        'db_table': 'cases_auditevent',
                        'ordering': ['-at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
