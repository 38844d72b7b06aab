"""Re-encrypt every encrypted value with the active key (KLANKBORD_ENCRYPTION_KEY_ID).

Rotation: add the new key to KLANKBORD_ENCRYPTION_KEYS, make it the active id, deploy,
run this command, then remove the old key. Safe to run again (idempotent) and while
the application runs (row locks per batch)."""

from django.apps import apps
from django.core.management.base import BaseCommand

from core import crypto
from core.fields import encrypted_fields, reencrypt_table


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the active encryption key."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            if not encrypted_fields(model):
                continue
            count = reencrypt_table(model)
            total += count
            self.stdout.write(f"{model._meta.label}: {count} values re-encrypted")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total} values now under key {crypto.active_key_id()}."
            )
        )
