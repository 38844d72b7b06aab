"""manage.py backup: one encrypted backup of the database and the private files
(core.backup; docs/operations.md, "Back-ups")."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup (database and private files) to "
        "KLANKBORD_BACKUP_DIR and keep the newest KLANKBORD_BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="Print a fresh KLANKBORD_BACKUP_KEY and stop (store it apart from "
            "the backups).",
        )

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(backup.new_backup_key())
            return
        try:
            result = backup.make_backup()
        except (ImproperlyConfigured, RuntimeError, OSError) as error:
            raise CommandError(f"Back-up mislukt / backup failed: {error}") from error
        self.stdout.write(
            f"Back-up geschreven / backup written: {result.path} "
            f"({result.size} bytes, {result.tables} tabellen/tables, "
            f"{result.seconds:.1f} s); "
            f"{len(result.removed)} oude verwijderd / old removed."
        )
