"""Django's ``migrate``, run as the owner role by default.

The application's role (``DATABASES["default"]``) owns nothing and cannot change the
schema, so ``manage.py migrate`` connects as ``DATABASES["owner"]`` unless
``--database`` says otherwise; data migrations written against the default alias run
in the owner's connection too (core.sql_roles.owner_as_default).
"""

from django.core.management.commands.migrate import Command as DjangoMigrate

from core.sql_roles import owner_alias, owner_as_default


class Command(DjangoMigrate):
    help = (
        f"{DjangoMigrate.help} Runs as the database owner (DATABASES['owner']) "
        "unless --database names another alias."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=owner_alias())

    def handle(self, *args, **options):
        with owner_as_default(options["database"]):
            return super().handle(*args, **options)
