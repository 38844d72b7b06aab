"""Accounts: 2FA required, codes work once, lockout (password and 2FA step), Argon2,
password rules, session id rotation, idle and absolute timeouts, server-side logout."""

import time

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import otp, session_clock
from security.models import UserSession
from tests.factories import PASSWORD
from tests.otp_helpers import current_code

pytestmark = pytest.mark.django_db

VERIFY = "security:two_factor_verify"
SETUP = "security:two_factor_setup"


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    # django-otp's own back-off (on in production) would make a code right after a
    # wrong one fail; these tests look at axes and last_t, so switch it off here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def _password_login(client, user, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR=ip,
    )


# --- 2FA is required ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/meldingen/", "/", "/meldingen/nieuw/", "/beheer/"])
def test_password_only_session_without_device_is_sent_to_setup(
    unverified_client, advisor, url
):
    unverified_client.force_login(advisor)
    response = unverified_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(SETUP))


def test_password_only_session_with_device_is_sent_to_verify(
    unverified_client, advisor
):
    _device(advisor)
    unverified_client.force_login(advisor)
    response = unverified_client.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(VERIFY))


def test_password_only_session_cannot_post_to_a_case(unverified_client, advisor, case):
    unverified_client.force_login(advisor)
    response = unverified_client.post(
        reverse("cases:note_add", args=[case.pk]), {"kind": "notitie", "text": "x"}
    )
    assert response.status_code == 302
    assert not case.notes.exists()


def test_password_only_session_can_log_out(unverified_client, advisor):
    unverified_client.force_login(advisor)
    response = unverified_client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_verified_client_fixture_reaches_the_queue(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("cases:queue")).status_code == 200


# --- setting up the app ---------------------------------------------------------------


def test_setup_page_shows_an_inline_qr_code(unverified_client, advisor):
    unverified_client.force_login(advisor)
    response = unverified_client.get(reverse(SETUP))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    assert "<img" not in body.split("<main", 1)[1]


def test_setup_with_the_right_code_turns_2fa_on_and_shows_recovery_codes(
    unverified_client, advisor
):
    unverified_client.force_login(advisor)
    unverified_client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=advisor, confirmed=False)
    response = unverified_client.post(
        reverse(SETUP), {"otp_token": current_code(device)}
    )
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = response.context["codes"]
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=advisor).count() == 10
    assert unverified_client.get(reverse("cases:queue")).status_code == 200


def test_setup_with_a_wrong_code_changes_nothing(unverified_client, advisor):
    unverified_client.force_login(advisor)
    unverified_client.get(reverse(SETUP))
    response = unverified_client.post(reverse(SETUP), {"otp_token": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=advisor, confirmed=True).exists()
    assert unverified_client.get(reverse("cases:queue")).status_code == 302


def test_replacing_the_app_needs_a_verified_session(unverified_client, advisor):
    _device(advisor)
    unverified_client.force_login(advisor)
    response = unverified_client.get(reverse(SETUP))
    assert response.status_code == 302
    assert response["Location"] == reverse(VERIFY)


# --- verifying ------------------------------------------------------------------------


def test_a_totp_code_opens_the_session(unverified_client, advisor):
    device = _device(advisor)
    unverified_client.force_login(advisor)
    response = unverified_client.post(
        reverse(VERIFY),
        {"otp_token": current_code(device), "next": reverse("cases:queue")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:queue")
    assert unverified_client.get(reverse("cases:queue")).status_code == 200


def test_a_totp_code_works_only_once(advisor):
    device = _device(advisor)
    code = current_code(device)
    first, second = Client(), Client()
    first.force_login(advisor)
    second.force_login(advisor)
    assert first.post(reverse(VERIFY), {"otp_token": code}).status_code == 302
    response = second.post(reverse(VERIFY), {"otp_token": code})
    assert response.status_code == 400
    assert second.get(reverse("cases:queue")).status_code == 302
    device.refresh_from_db()
    assert device.last_t >= 0


def test_a_recovery_code_works_once(advisor):
    codes = otp.new_recovery_codes(advisor)
    _device(advisor)
    first, second = Client(), Client()
    first.force_login(advisor)
    second.force_login(advisor)
    assert first.post(reverse(VERIFY), {"otp_token": codes[0]}).status_code == 302
    assert second.post(reverse(VERIFY), {"otp_token": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=advisor).count() == 9


def test_next_to_another_site_is_ignored(unverified_client, advisor):
    device = _device(advisor)
    unverified_client.force_login(advisor)
    response = unverified_client.post(
        reverse(VERIFY),
        {"otp_token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_verifying_gives_a_new_session_id(unverified_client, advisor):
    device = _device(advisor)
    unverified_client.force_login(advisor)
    before = unverified_client.session.session_key
    unverified_client.post(reverse(VERIFY), {"otp_token": current_code(device)})
    after = unverified_client.session.session_key
    assert after != before
    assert not UserSession.objects.filter(session_key=before).exists()
    assert DEVICE_ID_SESSION_KEY in unverified_client.session


# --- lockout --------------------------------------------------------------------------


def test_wrong_totp_codes_lock_the_user_out_and_end_the_session(
    unverified_client, advisor, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    device = _device(advisor)
    unverified_client.force_login(advisor)
    for _attempt in range(2):
        response = unverified_client.post(reverse(VERIFY), {"otp_token": "000000"})
        assert response.status_code == 400
    response = unverified_client.post(reverse(VERIFY), {"otp_token": "000000"})
    assert response.status_code == 429
    assert "_auth_user_id" not in unverified_client.session
    # The right code does not help now: the password login itself is locked.
    response = _password_login(Client(), advisor, ip="10.9.9.9")
    assert response.status_code == 429
    assert current_code(device)  # the device is still there for after the cool-off


def test_wrong_passwords_lock_out_the_username_from_any_address(advisor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(3):
        _password_login(Client(), advisor, password="fout", ip=f"10.0.1.{attempt}")
    response = _password_login(Client(), advisor, ip="10.0.2.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_lockout_ends_after_the_cool_off(advisor, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    for _attempt in range(2):
        _password_login(Client(), advisor, password="fout")
    assert _password_login(Client(), advisor).status_code == 429
    AccessAttempt.objects.update(attempt_time=time_ago(timedelta(hours=1)))
    assert _password_login(Client(), advisor).status_code == 302


def time_ago(delta):
    from django.utils import timezone

    return timezone.now() - delta


# --- passwords ------------------------------------------------------------------------


def test_argon2_is_the_configured_password_hasher():
    import config.settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_long_passphrase_is_accepted(advisor):
    passphrase = "correct paard batterij nietje " * 10
    password_validation.validate_password(passphrase, advisor)
    advisor.set_password(passphrase)
    advisor.save()
    response = _password_login(Client(), advisor, password=passphrase)
    assert response.status_code == 302


@pytest.mark.parametrize("password", ["qwerty123456", "1q2w3e4r5t6y", "kort"])
def test_common_or_short_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


# --- sessions -------------------------------------------------------------------------


def test_password_login_gives_a_new_session_id(advisor):
    client = Client()
    client.get(reverse("login"))
    session = client.session
    session["pre"] = "x"
    session.save()
    before = session.session_key
    assert _password_login(client, advisor).status_code == 302
    assert client.session.session_key != before


def test_logout_ends_the_session_on_the_server(client, advisor):
    client.force_login(advisor)
    key = client.session.session_key
    assert UserSession.objects.filter(session_key=key, user_id=advisor.pk).exists()
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(session_key=key).exists()


def test_deactivating_a_user_ends_their_sessions(client, advisor):
    client.force_login(advisor)
    other = Client()
    other.force_login(advisor)
    assert UserSession.objects.filter(user_id=advisor.pk).count() == 2
    user = User.objects.get(pk=advisor.pk)
    user.is_active = False
    user.save()
    assert not UserSession.objects.filter(user_id=advisor.pk).exists()
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _age_session(client, *, started=0, seen=0):
    session = client.session
    now = int(time.time())
    session[session_clock.STARTED] = now - started
    session[session_clock.SEEN] = now - seen
    session.save()
    return session.session_key


def test_an_idle_session_ends(client, advisor, settings):
    settings.KLANKBORD_SESSION_IDLE_SECONDS = 600
    client.force_login(advisor)
    key = _age_session(client, started=700, seen=601)
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not UserSession.objects.filter(session_key=key).exists()


def test_an_active_session_ends_after_its_absolute_lifetime(client, advisor, settings):
    settings.SESSION_COOKIE_AGE = 3600
    client.force_login(advisor)
    _age_session(client, started=3601, seen=5)
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_recent_session_stays(client, advisor):
    client.force_login(advisor)
    _age_session(client, started=100, seen=100)
    assert client.get(reverse("cases:queue")).status_code == 200


def test_demo_2fa_is_refused_without_debug(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_2fa")


def test_demo_2fa_prints_a_working_code(settings, advisor):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_2fa", advisor.username, stdout=out)
    code = out.getvalue().split()[1]
    client = Client()
    client.force_login(advisor)
    assert client.post(reverse(VERIFY), {"otp_token": code}).status_code == 302


def test_reset_2fa_removes_devices_and_sessions(client, advisor):
    import io

    from django.core.management import call_command
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(advisor)
    otp.new_recovery_codes(advisor)
    call_command("reset_2fa", advisor.username, stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=advisor).exists()
    assert not StaticDevice.objects.filter(user=advisor).exists()
    assert not UserSession.objects.filter(user_id=advisor.pk).exists()
    fresh = Client()
    fresh.force_login(advisor)
    response = fresh.get(reverse("cases:queue"))
    assert response["Location"].startswith(reverse(SETUP))
