"""/gezond/ and /gereed/: each missing dependency makes readiness 503 and is named;
the probes make no session, set no cookie and write no access-log event."""

import json
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from core import health, heartbeats
from core.models import AuditEvent
from tests.security.world import live_worker_and_beat

pytestmark = pytest.mark.django_db

CHECKS = ["database", "migrations", "redis", "worker", "beat"]


@pytest.fixture
def alive():
    url = settings.CELERY_BROKER_URL
    live_worker_and_beat()
    yield
    heartbeats.client(url).delete(heartbeats.WORKER, heartbeats.BEAT)


def _ready(client):
    response = client.get(reverse("health_ready"))
    return response, json.loads(response.content)


def test_liveness_answers_without_the_database(client, monkeypatch):
    def no_database(*_args, **_kwargs):
        raise OperationalError("the database is down")

    monkeypatch.setattr(connection, "cursor", no_database)
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_ready_when_every_dependency_is_there(client, alive):
    response, body = _ready(client)
    assert response.status_code == 200
    assert body == {
        "status": "ok",
        "checks": dict.fromkeys(CHECKS, True),
        "failing": [],
    }


def _expect_failing(client, *names):
    response, body = _ready(client)
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failing"] == list(names)
    assert {name for name, ok in body["checks"].items() if not ok} == set(names)


def test_database_unreachable(client, alive, monkeypatch):
    def no_database(*_args, **_kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", no_database)
    _expect_failing(client, "database", "migrations")


def test_a_migration_not_applied(client, alive, monkeypatch):
    expected = health.expected_migrations() | {("core", "9999_not_yet")}
    monkeypatch.setattr(health, "expected_migrations", lambda: expected)
    _expect_failing(client, "migrations")


def test_redis_unreachable(client, alive, settings):
    # A port nothing listens on: the worker's and beat's heartbeats are unreadable too.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/6"
    _expect_failing(client, "redis", "worker", "beat")


def test_no_worker_heartbeat(client, alive):
    heartbeats.client(settings.CELERY_BROKER_URL).delete(heartbeats.WORKER)
    _expect_failing(client, "worker")


def test_a_worker_heartbeat_of_more_than_two_minutes_ago(client, alive):
    old = repr(time.time() - heartbeats.MAX_AGE_SECONDS - 1)
    heartbeats.client(settings.CELERY_BROKER_URL).set(heartbeats.WORKER, old)
    _expect_failing(client, "worker")


def test_beat_silent(client, alive):
    old = repr(time.time() - heartbeats.MAX_AGE_SECONDS - 1)
    heartbeats.client(settings.CELERY_BROKER_URL).set(heartbeats.BEAT, old)
    _expect_failing(client, "beat")


@pytest.mark.parametrize("name", ["health_live", "health_ready"])
def test_no_session_no_cookie_no_access_log(client, alive, name):
    before = AuditEvent.objects.count()
    response = client.get(reverse(name), HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in str(response.serialize_headers())
    assert AuditEvent.objects.count() == before
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["health_live", "health_ready"])
def test_a_signed_in_password_only_session_is_not_sent_to_2fa(
    unverified_client, advisor, alive, name
):
    unverified_client.force_login(advisor)
    before = unverified_client.cookies[settings.SESSION_COOKIE_NAME].value
    response = unverified_client.get(reverse(name))
    assert response.status_code == 200
    assert not response.cookies
    assert unverified_client.cookies[settings.SESSION_COOKIE_NAME].value == before


def test_the_probe_is_answered_over_plain_http_behind_the_ssl_redirect(
    client, alive, settings
):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["klankbord.example.nl"]
    assert client.get(reverse("health_ready"), HTTP_HOST="127.0.0.1").status_code == 200
    assert client.get(reverse("login"), HTTP_HOST="127.0.0.1").status_code == 400


def test_the_worker_heartbeat_bootstep_and_the_beat_hook(monkeypatch):
    from config import observability

    store = heartbeats.client(settings.CELERY_BROKER_URL)
    store.delete(heartbeats.WORKER, heartbeats.BEAT)
    observability.WorkerHeartbeat.beat()
    assert heartbeats.fresh(settings.CELERY_BROKER_URL, heartbeats.WORKER)
    assert heartbeats.fresh(settings.CELERY_BROKER_URL, heartbeats.worker_key())
    observability.beat_published(sender="cases.tasks.run_clocks")
    assert store.get(heartbeats.BEAT) is None
    observability.beat_published(sender=observability.HEARTBEAT_TASK)
    assert heartbeats.fresh(settings.CELERY_BROKER_URL, heartbeats.BEAT)
    assert settings.CELERY_BEAT_SCHEDULE["heartbeat"] == {
        "task": observability.HEARTBEAT_TASK,
        "schedule": 60.0,
    }


@pytest.mark.parametrize("name", ["health_live", "health_ready"])
def test_only_get(client, alive, name):
    assert client.post(reverse(name)).status_code == 405
