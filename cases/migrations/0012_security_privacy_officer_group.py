from django.db import migrations

# The privacy officer (functionaris gegevensbescherming) reads and exports the access
# log; the role carries no model permission and sees no case.
NAME = "functionaris-gegevensbescherming"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_security_audit_actions")]

    # Reversing leaves the (empty) group: deleting a Group from a historical model
    # state trips over guardian's group-permission relations.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
