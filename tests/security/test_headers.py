"""Headers and cookies: strict CSP, HSTS and secure cookies in production, nosniff,
Referrer-Policy, no-store on authenticated pages, and Django's deploy check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from core import crypto

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)


def production_env(**extra) -> dict:
    """The environment of a production deployment behind HTTPS (see config/env.py)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "KLANKBORD_"))
    }
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "1",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "klankbord.example.nl",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KLANKBORD_ENCRYPTION_KEYS": f"prod1:{crypto.new_key()}",
            "KLANKBORD_ENCRYPTION_KEY_ID": "prod1",
        }
    )
    env.update(extra)
    return env


def test_deploy_check_passes_with_production_settings():
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_and_hsts():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.LANGUAGE_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.DEBUG]))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = result.stdout.strip().splitlines()[-1]
    assert values == '[true, true, "Lax", true, true, true, 31536000, true, false]'


@pytest.fixture
def page(client, advisor):
    client.force_login(advisor)
    return client.get(reverse("cases:queue"))


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_csp_is_strict(page):
    csp = _csp(page)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    header = page["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_csp_is_sent_to_anonymous_visitors_too(client):
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_security_headers(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "DENY"


def test_authenticated_pages_are_not_stored(page):
    assert "no-store" in page["Cache-Control"]


def test_hsts_is_sent_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, advisor, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(reverse("login"), secure=True)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    from tests.factories import PASSWORD

    response = client.post(
        reverse("login"),
        {"username": advisor.username, "password": PASSWORD},
        secure=True,
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"]
    assert session["secure"]
    assert session["samesite"] == "Lax"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def _templates():
    return sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_nothing_a_strict_csp_blocks(path):
    text = re.sub(r"{#.*?#}", "", path.read_text(), flags=re.S)
    text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.S)
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert "<style" not in text, "inline <style>"
    assert not INLINE_HANDLER.search(text), "on*= event handler"
    assert not STYLE_ATTR.search(text), "style= attribute"
