"""The second factor in tests (and the benchmarks): a verified session for
``force_login``, and the current code for tests that log in through the real forms."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def fresh_device(user) -> TOTPDevice:
    """A new confirmed authenticator app for ``user``, replacing any other.

    Fresh each time, because a TOTP code works once (``last_t``) and a test may log the
    same user in twice within one 30-second step."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def pass_two_factor(client, user) -> None:
    """After a password login: give ``user`` a fresh app and enter its current code."""
    response = client.post(
        reverse("security:two_factor_verify"),
        {"otp_token": current_code(fresh_device(user))},
    )
    assert response.status_code == 302, response.content[:500]


def verify_session(client, user) -> None:
    """Mark the session of ``client`` (already logged in as ``user``) as having passed
    the second factor, with the user's app (linked here if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
