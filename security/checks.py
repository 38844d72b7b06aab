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


@checks.register(checks.Tags.security)
def trusted_proxies_check(app_configs, **kwargs):
    """A typo in KLANKBORD_TRUSTED_PROXIES must stop the start, not fail each login."""
    from django.conf import settings

    from security.lockout import trusted_networks

    try:
        trusted_networks(tuple(settings.KLANKBORD_TRUSTED_PROXIES))
    except ValueError as error:
        return [
            checks.Error(
                f"KLANKBORD_TRUSTED_PROXIES: {error}",
                hint="List addresses or networks, e.g. 10.0.0.5,10.1.0.0/16.",
                id="klankbord.E003",
            )
        ]
    return []
