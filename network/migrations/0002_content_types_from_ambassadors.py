# The content types of the moved models change app label (ambassadors -> network)
# rather than being made anew, so that what refers to them stays attached: the
# functional admins' group permissions (view_ambassador, ...), the admin's change log
# and any guardian per-object grant. Reversed when migrating back.

from django.db import migrations

MODELS = ["ambassador", "unavailability"]


def _relabel(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = content_types.filter(app_label=source, model=model).first()
        if old is None:
            # Never created (no migrate finished yet): post_migrate makes it.
            continue
        # A content type under the new label can only have been made by code that
        # ran before this migration; the old one carries the real permissions and
        # history, so it wins.
        content_types.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def ambassadors_to_network(apps, schema_editor):
    _relabel(apps, schema_editor, "ambassadors", "network")


def network_to_ambassadors(apps, schema_editor):
    _relabel(apps, schema_editor, "network", "ambassadors")


class Migration(migrations.Migration):

    dependencies = [
        ("network", "0001_models_from_ambassadors"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(ambassadors_to_network, network_to_ambassadors)]
