"""Helpers for migrations that move models from one app to another (state-only moves:
the tables keep their names). Used by migrations, so what is here never changes
meaning; a new need gets a new function."""

from django.db import migrations


def relabel_content_types(source: str, target: str, models: list[str]):
    """A reversible operation that moves the content types of ``models`` from app
    label ``source`` to ``target`` rather than making them anew, so that what refers
    to them stays attached: group permissions, the admin's change log and guardian's
    per-object grants."""

    def relabel(apps, schema_editor, old_label, new_label):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        for model in models:
            old = content_types.filter(app_label=old_label, model=model).first()
            if old is None:
                # Never created (no migrate finished yet): post_migrate makes it.
                continue
            # A content type under the new label can only have been made by code
            # that ran before this migration; the old one carries the real
            # permissions and history, so it wins.
            content_types.filter(app_label=new_label, model=model).delete()
            old.app_label = new_label
            old.save(update_fields=["app_label"])
        ContentType.objects.clear_cache()

    def forwards(apps, schema_editor):
        relabel(apps, schema_editor, source, target)

    def backwards(apps, schema_editor):
        relabel(apps, schema_editor, target, source)

    return migrations.RunPython(forwards, backwards)
