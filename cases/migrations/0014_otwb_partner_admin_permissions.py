from django.db import migrations

# Functional admins maintain the expert network in the admin (directory data, not
# case content). No role gets a model-wide permission on anything about a case.
PERMISSIONS = ["view", "add", "change", "delete"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("cases")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="functioneel-beheerder")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="cases",
            codename__in=[f"{action}_partner" for action in PERMISSIONS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="functioneel-beheerder").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cases", codename__endswith="_partner"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_otwb_police_damage_and_advisor_actions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
