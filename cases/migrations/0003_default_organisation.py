from django.db import migrations


def create_default(apps, schema_editor):
    Organisation = apps.get_model("cases", "Organisation")
    if not Organisation.objects.filter(is_default=True).exists():
        Organisation.objects.get_or_create(
            slug="vereniging",
            defaults={"name": "Vereniging voor Raadsleden", "is_default": True},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_role_groups")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
