from django.db import migrations

from core.sql import load_sql


class Migration(migrations.Migration):
    dependencies = [("signals", "0006_statistics_releases")]

    operations = [
        migrations.RunSQL(
            load_sql("signals", "0007_release_immutable.sql", digest="572beeabb53add71"),
            load_sql("signals", "0007_release_immutable.reverse.sql", digest="483df6be02c9ff4f"),
        ),
    ]
