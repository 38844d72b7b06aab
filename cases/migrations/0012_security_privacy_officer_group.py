from django.db import migrations

# The privacy officer (functionaris gegevensbescherming) reads and exports the access
# log; the role carries no model permission and sees no case.
NAME = "functionaris-gegevensbescherming"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_security_audit_actions")]

    operations = [migrations.RunPython(create_group, remove_group)]
