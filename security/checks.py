"""Deploy checks of our own: production must not run on the published dev key."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=True)
def encryption_key_check(app_configs, **kwargs):
    from core import crypto

    try:
        key_id = crypto.active_key_id()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="klankbord.E001")]
    if key_id == crypto.DEV_KEY_ID:
        return [
            checks.Error(
                "The published development encryption key is active.",
                hint="Set KLANKBORD_ENCRYPTION_KEYS and KLANKBORD_ENCRYPTION_KEY_ID.",
                id="klankbord.E002",
            )
        ]
    return []
