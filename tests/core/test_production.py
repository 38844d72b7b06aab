"""The production profile: Django's deploy check passes with the production settings
(and stops a container started with the example's placeholders), and the compose file
gives each prod service what it needs and no more (docs/operations.md)."""

import json
import os
import runpy
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core import crypto

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "prod.env.example"
# What docker-compose.yml's x-prod-environment adds to the env file.
COMPOSE_ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "1",
    "DJANGO_TRUST_X_FORWARDED_PROTO": "1",
    "DJANGO_LOG_FORMAT": "json",
}
DEPLOY_SETTINGS = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_COOKIE_",
    "KLANKBORD_ENCRYPTION_",
    "LOG_FORMAT",
)


def example_env(filled: bool) -> dict[str, str]:
    env = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _sep, value = line.partition("=")
            env[key.strip()] = value.strip()
    if filled:
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
        env["KLANKBORD_ENCRYPTION_KEYS"] = f"prod1:{crypto.new_key()}"
        env["KLANKBORD_ENCRYPTION_KEY_ID"] = "prod1"
    return {**env, **COMPOSE_ENVIRONMENT}


def production_settings(monkeypatch, env) -> dict:
    """config/settings.py read afresh in the production environment."""
    for key in list(os.environ):
        if key.startswith(("DJANGO_", "KLANKBORD_")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return runpy.run_path(str(ROOT / "config" / "settings.py"))


def _apply(settings, values: dict) -> None:
    for key, value in values.items():
        if key.startswith(DEPLOY_SETTINGS):
            setattr(settings, key, value)


def test_the_deploy_check_passes_with_the_production_settings(settings, monkeypatch):
    values = production_settings(monkeypatch, example_env(filled=True))
    assert values["DEBUG"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LOG_FORMAT"] == "json"
    _apply(settings, values)
    call_command("check", "--deploy", fail_level="WARNING")


def test_the_example_as_it_stands_stops_the_container(settings, monkeypatch):
    """Placeholders left in .env.prod: the deploy check at start fails."""
    _apply(settings, production_settings(monkeypatch, example_env(filled=False)))
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", fail_level="WARNING")


def test_without_https_the_deploy_check_fails(settings, monkeypatch):
    env = example_env(filled=True) | {"DJANGO_HTTPS": "0"}
    _apply(settings, production_settings(monkeypatch, env))
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", fail_level="WARNING")


def test_secrets_stay_out_of_git_and_the_image():
    assert ".env.prod" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env.prod" in (ROOT / ".dockerignore").read_text().splitlines()
    start = (ROOT / "deploy" / "start.sh").read_text()
    assert "check --deploy --fail-level WARNING" in start
    assert "set -e" in start


def _compose_interpreter() -> str | None:
    """docker-compose 1.x is Python with PyYAML: its interpreter reads the output."""
    compose = shutil.which("docker-compose")
    if compose is None:
        return None
    first = Path(compose).read_text(errors="replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else None


@pytest.fixture(scope="module")
def prod_services() -> dict:
    python = _compose_interpreter()
    if python is None:
        pytest.skip("docker-compose (1.x) is not installed")
    env = {**os.environ, "KLANKBORD_ENV_FILE": "deploy/prod.env.example"}
    env.pop("COMPOSE_PROFILES", None)
    config = subprocess.run(  # noqa: S603
        ["docker-compose", "--profile", "prod", "config"],  # noqa: S607
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parsed = subprocess.run(  # noqa: S603
        [
            python,
            "-c",
            "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ],
        input=config,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(parsed)["services"]


SECRETS = ("DJANGO_SECRET_KEY", "KLANKBORD_ENCRYPTION_KEYS", "POSTGRES_PASSWORD")
NOT_FOR_THE_APP = ("POSTGRES_OWNER_PASSWORD", "POSTGRES_SUPERUSER_PASSWORD")


def test_compose_prod_profile(prod_services):
    for name in ("app", "worker-prod", "beat-prod"):
        service = prod_services[name]
        environment = service["environment"]
        assert service["profiles"] == ["prod"]
        assert environment["DJANGO_DEBUG"] == "0"
        assert environment["POSTGRES_USER"] == "klankbord_app"
        for key in NOT_FOR_THE_APP:
            assert environment[key] == "", (name, key)
        assert service["command"][:2] == ["sh", "deploy/start.sh"]
        assert service["healthcheck"]["test"][:4] == [
            "CMD",
            "python",
            "-m",
            "config.healthcheck",
        ]
    assert "gunicorn" in prod_services["app"]["command"]
    assert "ports" not in prod_services["app"]
    assert prod_services["migrate-prod"]["environment"]["POSTGRES_OWNER_PASSWORD"]
    redis = prod_services["redis-prod"]
    assert redis["command"][:3] == ["redis-server", "--appendonly", "yes"]
    assert redis["volumes"]
    for name in ("redis-prod", "caddy"):
        environment = prod_services[name].get("environment", {})
        assert not set(environment) & {*SECRETS, *NOT_FOR_THE_APP}, name
    caddy = prod_services["caddy"]
    assert caddy["image"] == "caddy:2"
    assert caddy["depends_on"]["app"]["condition"] == "service_healthy"


def test_the_dev_stack_is_the_default(prod_services):
    assert "COMPOSE_PROFILES=dev" in (ROOT / ".env").read_text().splitlines()
    for name in ("db", "redis", "migrate", "web", "worker", "beat"):
        assert prod_services[name]["profiles"] == ["dev"]
    for name in ("app", "worker-prod", "beat-prod", "caddy", "db-prod", "redis-prod"):
        assert prod_services[name]["profiles"] == ["prod"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "Strict-Transport-Security" in caddyfile
    assert "reverse_proxy app:8000" in caddyfile
    assert "header_up X-Request-ID" in caddyfile
