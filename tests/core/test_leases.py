"""Leases of long tasks (core.leases): one holder at a time, a dead holder's lease is
taken over, beat re-sends an expired lease once, and the time limits fit inside the
broker's visibility timeout."""

import subprocess
import sys
import threading
import time
from datetime import timedelta
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from core import leases
from core.models import TaskLease
from core.tasks import resend_expired_leases

pytestmark = pytest.mark.django_db

TASK = "signals.tasks.compile_report"


def _expire(key):
    TaskLease.objects.filter(key=key).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def test_one_holder_at_a_time():
    first = leases.acquire(TASK, "report:1", [1])
    assert first is not None
    assert first.attempts == 1
    assert leases.acquire(TASK, "report:1", [1]) is None
    assert leases.acquire(TASK, "report:2", [2]) is not None  # another object
    first.finish()
    again = leases.acquire(TASK, "report:1", [1])
    assert again is not None
    assert again.attempts == 1
    again.finish()
    assert leases.acquire(TASK, "report:1", [1], once=True) is None
    assert TaskLease.objects.filter(key="report:1").count() == 1


def test_an_expired_lease_is_taken_over_and_the_old_holder_cannot_save():
    dead = leases.acquire(TASK, "report:1", [1])
    _expire("report:1")
    fresh = leases.acquire(TASK, "report:1", [1])
    assert fresh is not None
    assert fresh.attempts == 2
    assert fresh.held()
    assert not dead.held()
    assert dead.renew() is False
    with pytest.raises(leases.LeaseLost):
        dead.check()
    dead.finish()  # changes nothing: not its lease any more
    assert TaskLease.objects.get(key="report:1").finished_at is None


def test_a_lease_of_a_dead_process_on_this_host_is_taken_over_at_once():
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    child.wait()
    lease = leases.acquire(TASK, "report:1", [1])
    TaskLease.objects.filter(pk=lease.pk).update(
        holder=f"{leases.host_id().split(':')[0]}:{child.pid}:abc"
    )
    assert leases.acquire(TASK, "report:1", [1]) is not None
    # A live process elsewhere keeps it.
    TaskLease.objects.filter(pk=lease.pk).update(holder="elders:1:abc")
    assert leases.acquire(TASK, "report:1", [1]) is None


def test_the_block_is_skipped_when_held_elsewhere_and_released_after():
    other = leases.acquire(TASK, "report:1", [1])
    with leases.hold(TASK, "report:1", [1]) as lease:
        assert lease is None
    other.finish()
    with leases.hold(TASK, "report:1", [1]) as lease:
        assert lease is not None
    assert TaskLease.objects.get(key="report:1").finished_at is not None
    with pytest.raises(RuntimeError), leases.hold(TASK, "report:1", [1]):
        raise RuntimeError
    assert not TaskLease.objects.filter(key="report:1").exists()  # a retry may run


def test_gives_up_after_the_last_attempt(settings):
    settings.KLANKBORD_TASK_MAX_ATTEMPTS = 2
    given_up = []
    for _ in range(2):
        leases.acquire(TASK, "report:1", [1])  # each run's worker dies
        _expire("report:1")
    with leases.hold(
        TASK, "report:1", [1], on_give_up=lambda: given_up.append(1)
    ) as lease:
        assert lease is None
    assert given_up == [1]
    assert TaskLease.objects.get(key="report:1").finished_at is not None


def test_beat_resends_an_expired_lease_once_to_its_queue(
    django_capture_on_commit_callbacks,
):
    lease = leases.acquire(TASK, "report:7", [7], queue="rapporten")
    assert lease is not None
    with (
        mock.patch.object(celery_app, "send_task") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert resend_expired_leases() == 0  # live: nothing
        _expire("report:7")
        assert resend_expired_leases() == 1
        assert resend_expired_leases() == 0  # a second beat: already re-sent
    send.assert_called_once_with(TASK, args=[7], queue="rapporten")
    row = TaskLease.objects.get(key="report:7")
    assert row.holder == ""
    assert row.expires_at > timezone.now()
    # The re-sent message's worker takes it; a second copy of it does nothing.
    assert leases.acquire(TASK, "report:7", [7]) is not None
    assert leases.acquire(TASK, "report:7", [7]) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_at_once_send_an_expired_lease_once():
    leases.acquire(TASK, "report:7", [7])
    _expire("report:7")
    db = connection.settings_dict
    with (
        psycopg.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"]
        ) as other,
        other.cursor() as cursor,
    ):
        # The other beat has the row locked, mid-transaction.
        cursor.execute("SELECT id FROM core_tasklease FOR UPDATE")
        with mock.patch.object(celery_app, "send_task") as send:
            assert resend_expired_leases() == 0  # skipped, not waited for
        assert not send.called


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lease_is_renewed_while_the_task_runs(settings):
    settings.KLANKBORD_TASK_LEASE_SECONDS = 2
    with leases.hold(TASK, "report:1", [1]) as lease:
        first = TaskLease.objects.get(pk=lease.pk).expires_at
        time.sleep(2.5)  # longer than the term: renewed meanwhile
        row = TaskLease.objects.get(pk=lease.pk)
        assert row.expires_at > first
        assert row.expires_at > timezone.now()
        assert not lease.lost.is_set()
        assert leases.acquire(TASK, "report:1", [1]) is None
    assert not [t for t in threading.enumerate() if t.name == "lease report:1"]


LEASED = [
    "signals.tasks.compile_report",
    "signals.tasks.compile_release_task",
    "security.tasks.purge_expired_records",
    "core.tasks.backup",
]


@pytest.mark.parametrize("name", LEASED)
def test_long_tasks_have_time_limits_inside_the_visibility_timeout(name):
    celery_app.loader.import_default_modules()
    task = celery_app.tasks[name]
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert task.time_limit == settings.KLANKBORD_TASK_TIME_LIMITS[name]
    assert task.soft_time_limit < task.time_limit
    assert visibility >= task.time_limit + 600
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert visibility > settings.KLANKBORD_TASK_LEASE_SECONDS * 3
