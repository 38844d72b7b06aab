# The application's database role loses every right it need not have: the owner role
# (which runs this migration) owns the schema, the application's role reads and writes
# rows, and the access log can only be appended to and read. Retention deletes old
# events through a function that runs as the owner: core/sql/0003_audit_append_only.sql.
# What the application's role may do: core/sql/0003_app_role_privileges.sql.
#
# The application's role is settings.DATABASES["default"]["USER"]; the migration
# refuses to run when that role cannot be told apart from the owner. Privileges are
# not taken back when migrating back: they concern roles, not the schema's shape.

from django.conf import settings
from django.db import migrations
from psycopg import sql

from core.sql import load_sql

ROLES_HELP = "see docs/operations.md, 'Database roles' (scripts/db-roles.sql makes them)"


def app_role() -> str:
    return settings.DATABASES["default"].get("USER") or ""


def refuse(message: str):
    raise RuntimeError(f"core 0003: {message}; {ROLES_HELP}.")


def check_roles(apps, schema_editor):
    app = app_role()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, pg_catalog.pg_get_userbyid(c.relowner) "
            "FROM pg_catalog.pg_class c WHERE c.oid = 'cases_auditevent'::regclass"
        )
        me, table_owner = cursor.fetchone()
        if me != table_owner:
            refuse(f"run migrations as the owner of the tables ({table_owner}), not {me}")
        if not app or app == me:
            refuse(
                f"the application connects as {app or 'no named role'}, the role that "
                "owns the tables; give it a role of its own (POSTGRES_USER)"
            )
        cursor.execute(
            "SELECT rolsuper, pg_catalog.pg_has_role(oid, current_user, 'MEMBER') "
            "FROM pg_catalog.pg_roles WHERE rolname = %s",
            [app],
        )
        row = cursor.fetchone()
        if row is None:
            refuse(f"the application's role {app} does not exist")
        if row[0]:
            refuse(f"the application's role {app} is a superuser")
        if row[1]:
            refuse(f"the application's role {app} is a member of the owner {me}")


def grant(apps, schema_editor):
    connection = schema_editor.connection
    role = sql.Identifier(app_role()).as_string(connection.connection)
    text = load_sql(
        "core", "0003_app_role_privileges.sql", digest="7b315807483fb153"
    )
    schema_editor.execute(text.replace("{app}", role))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_catalog.has_schema_privilege(%s, 'public', 'CREATE')",
            [app_role()],
        )
        if cursor.fetchone()[0]:
            refuse(
                f"the application's role {app_role()} may still create tables in the "
                "public schema; revoke that as its owner"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_content_types_from_cases"),
        # The trigger function this replaces.
        ("cases", "0013_security_audit_retention_purge"),
    ]

    operations = [
        migrations.RunPython(check_roles, migrations.RunPython.noop),
        migrations.RunSQL(
            load_sql("core", "0003_audit_append_only.sql", digest="c7795a513fc592fd"),
            load_sql(
                "core", "0003_audit_append_only.reverse.sql", digest="7dc40ce1986a0439"
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
