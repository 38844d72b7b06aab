# The content types of the moved models change app label (ambassadors -> network)
# rather than being made anew, so that what refers to them stays attached: the
# functional admins' group permissions (view_ambassador, ...), the admin's change log
# and any guardian per-object grant. Reversed when migrating back.

from django.db import migrations

from core.migrating import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0001_models_from_ambassadors"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        relabel_content_types("ambassadors", "network", ["ambassador", "unavailability"])
    ]
