"""The ambassador's per-case grant is called "case access" (``access_case``), no
longer ``support_case``. The permission row is renamed in place, so every grant
(django-guardian rows point at the permission's id) keeps working."""

from django.db import migrations

OLD, NEW = "support_case", "access_case"
OLD_NAME = "Can support this case as its ambassador"
NEW_NAME = "Has access to this case as its ambassador"


def rename(old, new, name):
    def run(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        Permission.objects.filter(
            content_type__app_label="cases", content_type__model="case", codename=old
        ).update(codename=new, name=name)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cases", "0019_models_to_core"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="case",
            options={
                "ordering": ["-reported_at"],
                "permissions": [(NEW, NEW_NAME)],
                "verbose_name": "case",
                "verbose_name_plural": "cases",
            },
        ),
        migrations.RunPython(rename(OLD, NEW, NEW_NAME), rename(NEW, OLD, OLD_NAME)),
    ]
