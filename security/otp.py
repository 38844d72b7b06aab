"""Second-factor devices: one TOTP app and a set of one-time recovery codes per user.

Whatever removes a second factor (replacing one's own app, an approved reset, the
``reset_2fa`` command) removes the devices of every kind django-otp has installed
(``remove_devices``), not only the two this module makes."""

import logging
import secrets
from functools import partial

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import device_classes, user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import voice
from core.audit import audit
from core.constants import AuditAction
from security.sessions import end_other_sessions

logger = logging.getLogger(__name__)

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# The session remembers which unconfirmed app it showed: a secret shown in one session
# (perhaps someone else's) is never the one another session links.
PENDING_SESSION_KEY = "klankbord_pending_totp"
# 10 characters from a 32-letter alphabet without look-alikes: 50 bits each.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def pending_totp_device(user, session) -> TOTPDevice:
    """The unconfirmed TOTP device this session shows on the setup page (created if
    needed). Another session of the same user gets its own, with its own secret."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=session.get(PENDING_SESSION_KEY)
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
        session[PENDING_SESSION_KEY] = device.pk
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
    """Confirm ``device`` (its code was just verified), drop any other TOTP device of
    the user (the old app and other sessions' unconfirmed ones), and issue fresh
    recovery codes. Returns the codes: they are shown once."""
    remove_devices(device.user, keep=device)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def remove_devices(user, *, keep=None) -> None:
    """Delete every second-factor device of ``user`` but ``keep``: of every kind
    django-otp has installed, confirmed or not (an unconfirmed app another session
    showed too)."""
    for model in device_classes():
        devices = model.objects.filter(user=user)
        if isinstance(keep, model):
            devices = devices.exclude(pk=keep.pk)
        devices.delete()


def has_devices(user) -> bool:
    """Whether ``user`` has any second-factor device, of any kind, confirmed or not."""
    return user_has_device(user, confirmed=None)


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


@transaction.atomic
def second_factor_replaced(*, user, keep_session_key: str) -> int:
    """After the user replaced their own app (``confirm_totp_device``, having proved
    it is them with the password and a current code): end every other session of the
    user, write the audit event, and e-mail the user a notice once the transaction
    commits. Returns how many sessions were ended."""
    ended = end_other_sessions(user.pk, keep_session_key=keep_session_key)
    audit(
        user,
        AuditAction.UPDATE,
        user,
        f"2FA app replaced by the user; {ended} other session(s) ended",
    )
    transaction.on_commit(partial(mail_second_factor_notice, user.pk))
    return ended


def mail_second_factor_notice(user_id: int) -> bool:
    """Tell the user their app was replaced: when, and what to do if it was not them.
    No codes, no key, no address, no case content. A mail server that is down does not
    undo the replacement (it is in the access log either way). Returns whether a
    message was sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        logger.warning("No e-mail address for the 2FA notice of user %s.", user_id)
        return False
    with translation.override(settings.LANGUAGE_CODE):
        now = timezone.localtime()
        subject = _("Klankbord: your authenticator app was replaced")
        body = _(
            "Hello,\n\nOn %(date)s at %(time)s the authenticator app of your "
            "Klankbord account was replaced, and your other sessions were ended."
            "\n\nWas this you? Then "
            "there is nothing to do.\n\nWas this not you? Tell your functional "
            "administrator at once: someone knows your password and your codes.\n\n"
            "This message contains no codes and no case details on purpose."
        ) % {"date": voice.page_date(now), "time": f"{timezone.localtime(now):%H:%M}"}
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        logger.warning(
            "The 2FA notice of user %s was not sent.", user_id, exc_info=True
        )
        return False
    return True
