"""Pass the second factor in tests that log in through the real login form."""

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def pass_two_factor(client, user) -> None:
    """After a password login: give ``user`` a fresh app and enter its current code.

    A fresh device each time, because a TOTP code works once (``last_t``) and a test
    may log the same user in twice within one 30-second step."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    response = client.post(
        reverse("security:two_factor_verify"), {"otp_token": current_code(device)}
    )
    assert response.status_code == 302, response.content[:500]
