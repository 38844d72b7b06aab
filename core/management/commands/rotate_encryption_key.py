"""Re-encrypt every encrypted value and file with the active key
(KLANKBORD_ENCRYPTION_KEY_ID).

Rotation: add the new key to KLANKBORD_ENCRYPTION_KEYS, make it the active id, deploy,
run this command, then remove the old key. Safe to run again (idempotent) and while
the application runs (row locks per batch, per file)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from core import crypto
from core.fields import (
    encrypted_fields,
    encrypted_file_fields,
    reencrypt_files,
    reencrypt_table,
)


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields and files with the active encryption key."

    def handle(self, *args, **options):
        total = files = 0
        for model in apps.get_models():
            if encrypted_fields(model):
                count = reencrypt_table(model)
                total += count
                self.stdout.write(f"{model._meta.label}: {count} values re-encrypted")
            if encrypted_file_fields(model):
                count = reencrypt_files(model)
                files += count
                self.stdout.write(f"{model._meta.label}: {count} files re-encrypted")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total} values and {files} files now under key "
                f"{crypto.active_key_id()}."
            )
        )
