"""Replacing one's own authenticator app: the password and a current code (or a
recovery code) are needed; the other sessions end, this one gets a new key; the user
gets a content-free e-mail; the access log has it. Replacing, an approved reset and
the reset command each leave no device of any kind behind."""

import io
import smtplib

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.constants import AuditAction
from core.models import AuditEvent
from security import approvals, otp
from security.models import UserSession
from tests.factories import PASSWORD
from tests.otp_helpers import current_code, verify_session

pytestmark = pytest.mark.django_db

SETUP = "security:two_factor_setup"
VERIFY = "security:two_factor_verify"


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def old_app(advisor):
    """The advisor's linked app, with recovery codes."""
    device = TOTPDevice.objects.create(user=advisor, name="oud", confirmed=True)
    device.recovery_codes = otp.new_recovery_codes(advisor)
    return device


@pytest.fixture
def signed_in(advisor, old_app):
    """A session of the advisor that passed the second factor with the old app, by the
    real login forms."""
    client = Client()
    client.post(reverse("login"), {"username": advisor.username, "password": PASSWORD})
    response = client.post(reverse(VERIFY), {"otp_token": current_code(old_app)})
    assert response.status_code == 302
    return client


def _new_app(client) -> TOTPDevice:
    """Open the replace page in ``client``: the new app it shows."""
    response = client.get(reverse(SETUP))
    assert response.status_code == 200
    assert "current_token" in response.context["form"].fields
    return TOTPDevice.objects.get(
        pk=client.session[otp.PENDING_SESSION_KEY], confirmed=False
    )


def _code_steps_ago(device: TOTPDevice, steps: int) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time - steps * device.step
    return f"{totp.token():0{device.digits}d}"


def _replace(client, new, *, password=PASSWORD, current="", new_code=None):
    return client.post(
        reverse(SETUP),
        {
            "password": password,
            "current_token": current,
            "otp_token": current_code(new) if new_code is None else new_code,
        },
    )


def _assert_nothing_replaced(advisor, old_app, new, response, message):
    assert response.status_code == 400
    assert message in response.content.decode()
    old_app.refresh_from_db()
    assert old_app.confirmed
    assert TOTPDevice.objects.filter(user=advisor, confirmed=True).get() == old_app
    new.refresh_from_db()
    assert not new.confirmed
    assert StaticToken.objects.filter(device__user=advisor).count() == 10
    assert not mail.outbox
    assert not AuditEvent.objects.filter(object_type="user", object_id=advisor.pk)


# --- refused --------------------------------------------------------------------------


def test_replacing_without_the_password_is_refused(
    signed_in, advisor, old_app, django_capture_on_commit_callbacks
):
    new = _new_app(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(signed_in, new, password="", current=current_code(old_app))
    _assert_nothing_replaced(advisor, old_app, new, response, "Vul uw wachtwoord in.")


def test_replacing_with_a_wrong_password_is_refused_and_counts_as_a_failure(
    signed_in, advisor, old_app
):
    new = _new_app(signed_in)
    response = _replace(signed_in, new, password="fout", current=current_code(old_app))
    _assert_nothing_replaced(
        advisor, old_app, new, response, "Dit wachtwoord is niet juist."
    )
    assert AccessAttempt.objects.get(username=advisor.username).failures_since_start
    # The refused attempt used up no code: the next one of each app works.
    response = _replace(signed_in, new, current=_code_steps_ago(old_app, -1))
    assert response.status_code == 200


def test_replacing_without_a_current_code_is_refused(signed_in, advisor, old_app):
    new = _new_app(signed_in)
    response = _replace(signed_in, new, current="")
    _assert_nothing_replaced(
        advisor,
        old_app,
        new,
        response,
        "Vul de code in die uw huidige app toont, of een van uw herstelcodes.",
    )


def test_replacing_with_a_wrong_code_is_refused(signed_in, advisor, old_app):
    new = _new_app(signed_in)
    wrong = f"{(int(current_code(old_app)) + 1) % 1_000_000:06d}"
    response = _replace(signed_in, new, current=wrong)
    _assert_nothing_replaced(
        advisor, old_app, new, response, "Deze code van uw huidige app is niet"
    )
    assert AccessAttempt.objects.get(username=advisor.username).failures_since_start


def test_replacing_with_a_stale_code_is_refused(signed_in, advisor, old_app):
    new = _new_app(signed_in)
    response = _replace(signed_in, new, current=_code_steps_ago(old_app, 4))
    _assert_nothing_replaced(
        advisor, old_app, new, response, "Deze code van uw huidige app is niet"
    )


def test_replacing_with_the_code_already_used_to_log_in_is_refused(
    signed_in, advisor, old_app
):
    # ``signed_in`` used the current code to pass the second factor.
    new = _new_app(signed_in)
    response = _replace(signed_in, new, current=current_code(old_app))
    _assert_nothing_replaced(
        advisor, old_app, new, response, "Deze code van uw huidige app is niet"
    )


def test_replacing_with_a_wrong_code_of_the_new_app_is_refused(
    advisor, old_app, client
):
    client.force_login(advisor)
    new = _new_app(client)
    response = _replace(
        client, new, current=current_code(old_app), new_code=_code_steps_ago(new, 4)
    )
    _assert_nothing_replaced(
        advisor,
        old_app,
        new,
        response,
        "Deze code is niet geldig. Probeer de volgende.",
    )


def test_a_password_only_session_cannot_reach_the_replace_form(
    unverified_client, advisor, old_app
):
    unverified_client.force_login(advisor)
    response = unverified_client.post(
        reverse(SETUP),
        {"password": PASSWORD, "current_token": "x", "otp_token": "123456"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(VERIFY)
    assert TOTPDevice.objects.filter(user=advisor).get() == old_app


def test_wrong_passwords_on_the_replace_form_lock_out_and_end_the_session(
    signed_in, advisor, old_app, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    new = _new_app(signed_in)
    for _attempt in range(2):
        response = _replace(signed_in, new, password="fout", current="123456")
        assert response.status_code == 400
    response = _replace(signed_in, new, password="fout", current="123456")
    assert response.status_code == 429
    assert "_auth_user_id" not in signed_in.session
    assert TOTPDevice.objects.filter(user=advisor, confirmed=True).get() == old_app


def test_a_new_app_shown_in_another_session_is_never_the_one_linked(
    advisor, old_app, client, signed_in
):
    # Someone in another session of the user (a taken-over session) opens the page
    # and notes the secret; the user then replaces the app in their own session.
    client.force_login(advisor)
    seen_elsewhere = _new_app(client)
    new = _new_app(signed_in)
    assert new != seen_elsewhere
    assert new.key != seen_elsewhere.key
    _replace(signed_in, new, current=old_app.recovery_codes[0])
    assert TOTPDevice.objects.filter(user=advisor).get() == new
    assert not TOTPDevice.objects.filter(pk=seen_elsewhere.pk).exists()


# --- replaced -------------------------------------------------------------------------


def test_replacing_with_the_password_and_a_current_code(
    signed_in, advisor, old_app, colleague, django_capture_on_commit_callbacks
):
    # The user's second session (another browser, or an intruder's), and another
    # user's session, before the replacement.
    second = Client()
    second.force_login(advisor)
    verify_session(second, advisor)
    other_user = Client()
    other_user.force_login(colleague)
    verify_session(other_user, colleague)
    assert second.get(reverse("cases:queue")).status_code == 200
    key_before = signed_in.session.session_key
    new = _new_app(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(signed_in, new, current=_code_steps_ago(old_app, -1))
    assert response.status_code == 200, response.content.decode()[:2000]
    # The new app is the only one; old recovery codes are gone, new ones shown once.
    assert TOTPDevice.objects.filter(user=advisor).get() == new
    new.refresh_from_db()
    assert new.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10
    tokens = StaticToken.objects.filter(device__user=advisor)
    assert sorted(tokens.values_list("token", flat=True)) == sorted(codes)
    assert not set(old_app.recovery_codes) & set(codes)
    # This session goes on, under a new key; the user's other sessions are over.
    key_after = signed_in.session.session_key
    assert key_after != key_before
    assert not UserSession.objects.filter(session_key=key_before).exists()
    assert list(
        UserSession.objects.filter(user_id=advisor.pk).values_list(
            "session_key", flat=True
        )
    ) == [key_after]
    assert signed_in.get(reverse("cases:queue")).status_code == 200
    response = second.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert other_user.get(reverse("cases:queue")).status_code == 200
    # The access log has it: who, what, never a code.
    event = AuditEvent.objects.get(object_type="user", object_id=advisor.pk)
    assert event.action == AuditAction.UPDATE
    assert event.actor_id == advisor.pk
    assert "2FA" in event.detail
    # One e-mail to the user, in Dutch, with no code, key or case content in it.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [advisor.email]
    assert "authenticator-app" in message.subject
    text = message.subject + message.body
    assert "vervangen" in text
    for secret in [*codes, *old_app.recovery_codes, current_code(new)]:
        assert secret not in text
    assert otp.secret_for_typing(new).replace(" ", "") not in text.replace(" ", "")
    assert "127.0.0.1" not in text


def test_replacing_with_a_recovery_code(
    signed_in, advisor, old_app, django_capture_on_commit_callbacks
):
    new = _new_app(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(signed_in, new, current=old_app.recovery_codes[3].upper())
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=advisor).get() == new
    assert StaticDevice.objects.filter(user=advisor).count() == 1
    assert len(mail.outbox) == 1


def test_a_mail_server_that_is_down_does_not_undo_the_replacement(
    signed_in, advisor, old_app, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(otp, "send_mail", broken)
    new = _new_app(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(signed_in, new, current=old_app.recovery_codes[0])
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=advisor).get() == new
    assert AuditEvent.objects.filter(object_type="user", object_id=advisor.pk).exists()


def test_no_mail_address_no_mail_but_still_replaced(
    signed_in, advisor, old_app, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=advisor.pk).update(email="")
    new = _new_app(signed_in)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(signed_in, new, current=old_app.recovery_codes[0])
    assert response.status_code == 200
    assert not mail.outbox


def test_first_setup_needs_no_password(unverified_client, advisor):
    """Linking the first app (after the password login) stays one code."""
    unverified_client.force_login(advisor)
    response = unverified_client.get(reverse(SETUP))
    assert "password" not in response.context["form"].fields
    new = TOTPDevice.objects.get(user=advisor, confirmed=False)
    response = unverified_client.post(reverse(SETUP), {"otp_token": current_code(new)})
    assert response.status_code == 200
    assert otp.PENDING_SESSION_KEY not in unverified_client.session


# --- every kind of device ------------------------------------------------------------


def _devices(user) -> set[str]:
    """Every second-factor device of ``user``, of every kind installed, confirmed or
    not."""
    return {device.persistent_id for device in devices_for_user(user, confirmed=None)}


def test_replacing_leaves_no_device_of_any_kind_but_the_new_ones(
    signed_in, advisor, old_app
):
    shown_elsewhere = TOTPDevice.objects.create(
        user=advisor, name="elders", confirmed=False
    )
    new = _new_app(signed_in)
    assert shown_elsewhere.persistent_id in _devices(advisor)
    response = _replace(signed_in, new, current=_code_steps_ago(old_app, -1))
    assert response.status_code == 200
    recovery = StaticDevice.objects.get(user=advisor)
    assert _devices(advisor) == {new.persistent_id, recovery.persistent_id}


@pytest.mark.parametrize(
    "reset",
    [
        approvals.reset_second_factor,
        lambda user: call_command("reset_2fa", user.username, stdout=io.StringIO()),
    ],
    ids=["approved reset", "reset_2fa command"],
)
def test_a_reset_leaves_no_device_of_any_kind(advisor, old_app, reset):
    TOTPDevice.objects.create(user=advisor, name="half linked", confirmed=False)
    assert len(_devices(advisor)) == 3
    reset(advisor)
    assert _devices(advisor) == set()
