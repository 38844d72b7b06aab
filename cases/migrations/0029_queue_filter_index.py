# The index of the triage queue's filtered pages (see Case.Meta.indexes).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0028_case_reopen_request"),
        ("core", "0004_organisation_shares_signals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        ("nieuw", "in-behandeling", "overdracht", "bij-ambassadeur"),
                    )
                ),
                fields=[
                    "organisation",
                    "office_holder",
                    "category",
                    "urgency",
                    "-reported_at",
                    "-id",
                ],
                name="case_open_filter_idx",
            ),
        ),
    ]
