"""Lockout per username and per (username, address), never per address alone, and the
client address from X-Forwarded-For only behind a trusted proxy."""

import pytest
from axes.models import AccessAttempt
from django.core import checks
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.checks import trusted_proxies_check
from security.lockout import client_address
from tests.factories import PASSWORD
from tests.otp_helpers import current_code

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"  # one address many users share (an office line, a proxy)
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _login(user_or_name, password=PASSWORD, ip=OFFICE, **headers):
    username = getattr(user_or_name, "username", user_or_name)
    return Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


# --- one address cannot lock other users out -----------------------------------------


def test_six_wrong_passwords_for_one_user_leave_another_user_at_that_address_in(
    advisor, colleague, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(6):
        _login(advisor, password="fout")
    # The attacked account is locked, with the same page as before...
    response = _login(advisor)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode().lower()
    # ...but the colleague behind the same address logs in.
    response = _login(colleague)
    assert response.status_code == 302


def test_guessing_many_usernames_from_one_address_locks_no_one_else(
    colleague, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(10):
        _login(f"gok{attempt}", password="fout")
    assert _login(colleague).status_code == 302


def test_wrong_2fa_codes_of_one_user_leave_another_user_at_that_address_in(
    advisor, colleague, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    TOTPDevice.objects.create(user=advisor, name="app", confirmed=True)
    attacker = Client(REMOTE_ADDR=OFFICE)
    assert (
        attacker.post(
            reverse("login"),
            {"username": advisor.username, "password": PASSWORD},
        ).status_code
        == 302
    )
    for _attempt in range(3):
        attacker.post(reverse("security:two_factor_verify"), {"otp_token": "000000"})
    assert _login(advisor).status_code == 429
    device = TOTPDevice.objects.create(user=colleague, name="app", confirmed=True)
    other = Client(REMOTE_ADDR=OFFICE)
    other.post(reverse("login"), {"username": colleague.username, "password": PASSWORD})
    response = other.post(
        reverse("security:two_factor_verify"), {"otp_token": current_code(device)}
    )
    assert response.status_code == 302
    assert other.get(reverse("cases:queue")).status_code == 200


def test_the_username_is_still_locked_from_every_address(advisor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for attempt in range(3):
        _login(advisor, password="fout", ip=f"198.51.100.{attempt}")
    assert _login(advisor, ip="198.51.100.200").status_code == 429


def test_failures_are_recorded_per_username_and_address(advisor):
    _login(advisor, password="fout", ip="198.51.100.1")
    _login(advisor, password="fout", ip="198.51.100.2")
    rows = AccessAttempt.objects.filter(username=advisor.username)
    assert sorted(rows.values_list("ip_address", flat=True)) == [
        "198.51.100.1",
        "198.51.100.2",
    ]


# --- X-Forwarded-For ------------------------------------------------------------------


def test_a_forged_forwarded_for_without_a_trusted_proxy_is_ignored(
    advisor, colleague, settings
):
    assert settings.KLANKBORD_TRUSTED_PROXIES == []
    # A different forged address on every try must not spread the failures out...
    for attempt in range(6):
        _login(
            advisor,
            password="fout",
            ip="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    addresses = set(
        AccessAttempt.objects.filter(username=advisor.username).values_list(
            "ip_address", flat=True
        )
    )
    assert addresses == {"198.51.100.9"}
    assert _login(advisor, HTTP_X_FORWARDED_FOR="203.0.113.77").status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_used(advisor, settings):
    settings.KLANKBORD_TRUSTED_PROXIES = ["10.0.0.0/24"]
    _login(
        advisor,
        password="fout",
        ip=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.5",
    )
    attempt = AccessAttempt.objects.get(username=advisor.username)
    assert attempt.ip_address == "203.0.113.5"


def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(
    advisor, colleague, settings
):
    settings.KLANKBORD_TRUSTED_PROXIES = [PROXY]
    for _attempt in range(6):
        _login(advisor, password="fout", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (
        _login(advisor, ip=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.3").status_code
        == 429
    )
    assert (
        _login(colleague, ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
        == 302
    )


def _address(settings, remote, forwarded=None, trusted=()):
    settings.KLANKBORD_TRUSTED_PROXIES = list(trusted)
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        # No trusted proxy: the header is the client's word, never read.
        ("198.51.100.9", "203.0.113.1", (), "198.51.100.9"),
        # From a host that is not the proxy: ignored too.
        ("198.51.100.9", "203.0.113.1", ("10.0.0.2",), "198.51.100.9"),
        # The right-most address that is not a trusted proxy.
        ("10.0.0.2", "1.1.1.1, 203.0.113.1", ("10.0.0.2",), "203.0.113.1"),
        ("10.0.0.2", "1.1.1.1, 203.0.113.1, 10.0.0.7", ("10.0.0.0/24",), "203.0.113.1"),
        # Two headers arrive joined by a comma; spaces and ports do not matter.
        ("10.0.0.2", "203.0.113.1:5566 ,  10.0.0.3", ("10.0.0.0/24",), "203.0.113.1"),
        ("fd00::2", "[2001:db8::7]:443", ("fd00::/64",), "2001:db8::7"),
        ("::ffff:10.0.0.2", "203.0.113.1", ("10.0.0.2",), "203.0.113.1"),
        # Rubbish the client wrote stops the walk at the last trusted hop.
        ("10.0.0.2", "203.0.113.1, nonsense", ("10.0.0.2",), "10.0.0.2"),
        ("10.0.0.2", "", ("10.0.0.2",), "10.0.0.2"),
        ("10.0.0.2", None, ("10.0.0.2",), "10.0.0.2"),
        # Only proxies: the left-most of them.
        ("10.0.0.2", "10.0.0.9, 10.0.0.3", ("10.0.0.0/24",), "10.0.0.9"),
    ],
)
def test_client_address(settings, remote, forwarded, trusted, expected):
    assert _address(settings, remote, forwarded, trusted) == expected


def test_a_wrong_trusted_proxy_setting_fails_the_system_check(settings):
    settings.KLANKBORD_TRUSTED_PROXIES = ["10.0.0.0/33"]
    errors = trusted_proxies_check(None)
    assert [e.id for e in errors] == ["klankbord.E003"]
    assert all(isinstance(e, checks.Error) for e in errors)
    settings.KLANKBORD_TRUSTED_PROXIES = ["10.0.0.5", "fd00::/8"]
    assert trusted_proxies_check(None) == []
