from django.db import migrations

ROLES = [
    "vertrouwenspersoon",
    "regioambassadeur",
    "verenigingsmedewerker",
    "functioneel-beheerder",
]

# Functional admins maintain reference data, organisations and people in the admin;
# no role gets a model-wide permission on cases (guardian grants are per object).
ADMIN_PERMISSIONS = [
    ("regions", "province", ["view", "change"]),
    ("regions", "gemeente", ["view", "change"]),
    ("regions", "region", ["view", "add", "change"]),
    ("cases", "organisation", ["view", "add", "change"]),
    ("cases", "membership", ["view", "add", "change", "delete"]),
    ("ambassadors", "ambassador", ["view", "add", "change"]),
    ("auth", "user", ["view", "add", "change"]),
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    admin_group = Group.objects.get(name="functioneel-beheerder")
    for app_label, model, actions in ADMIN_PERMISSIONS:
        for action in actions:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            ).first()
            if permission is not None:
                admin_group.permissions.add(permission)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("ambassadors", "0001_initial"),
        ("regions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
