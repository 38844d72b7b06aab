"""Second-factor devices: one TOTP app and a set of one-time recovery codes per user."""

import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# 10 characters from a 32-letter alphabet without look-alikes: 50 bits each.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def pending_totp_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (created if needed), for the setup page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (no image request, no external service)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=False)


def secret_for_typing(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _recovery_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


@transaction.atomic
def confirm_totp_device(device: TOTPDevice) -> list[str]:
    """Confirm ``device`` (its code was just verified), drop any older TOTP device,
    and issue fresh recovery codes. Returns the codes: they are shown once."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(settings.KLANKBORD_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes


def verify(user, token: str):
    """The device that accepts ``token`` (used up: TOTP's last_t, a static token is
    deleted), or None. Six digits go to the app; anything else is a recovery code."""
    if token.isdigit() and len(token) == 6:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return verify_token(user, device.persistent_id, token)


def verify_pending(device: TOTPDevice, token: str) -> bool:
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(token)
