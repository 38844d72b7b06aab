# The content types of the moved models change app label (cases -> core) rather than
# being made anew, so that what refers to them stays attached: the functional admins'
# group permissions (view_organisation, ...), the admin's change log and guardian's
# per-object grants. Reversed when migrating back.

from django.db import migrations

from core.migrating import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_models_from_cases"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        relabel_content_types(
            "cases", "core", ["organisation", "membership", "auditevent"]
        )
    ]
