"""Two beats, one schedule: only the beat that holds the lock sends anything; the
other takes over when the first stops or dies (config/beat.py)."""

import time
import uuid

import pytest
from django.conf import settings as django_settings

from config.beat import LockedScheduler
from config.celery import app as celery_app


@pytest.fixture
def beats(tmp_path, settings):
    settings.KLANKBORD_BEAT_LOCK_SECONDS = 3
    settings.KLANKBORD_BEAT_LOCK_KEY = f"kb-test-beat-lock-{uuid.uuid4().hex[:8]}"
    schedule = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {
        "probe": {"task": "core.tasks.resend_expired_leases", "schedule": 0.2}
    }
    sent = {"one": [], "two": []}
    made = []

    def make(name):
        scheduler = LockedScheduler(
            app=celery_app, schedule_filename=str(tmp_path / name), lazy=False
        )
        scheduler.apply_entry = lambda entry, producer=None: sent[name].append(
            entry.name
        )
        made.append(scheduler)
        return scheduler

    yield make, sent
    for scheduler in made:
        scheduler.close()
    celery_app.conf.beat_schedule = schedule


def _run(schedulers, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for scheduler in schedulers:
            scheduler.tick()
        time.sleep(0.05)


def test_the_app_uses_the_locked_scheduler():
    assert django_settings.CELERY_BEAT_SCHEDULER == "config.beat:LockedScheduler"
    assert celery_app.conf.beat_scheduler == "config.beat:LockedScheduler"


def test_a_second_beat_sends_nothing_until_the_first_stops(beats):
    make, sent = beats
    one, two = make("one"), make("two")
    _run([one, two], 1.5)
    assert len(sent["one"]) >= 3
    assert sent["two"] == []
    one.close()  # stopped: the lock is released
    before = len(sent["one"])
    _run([two], 1.0)
    assert len(sent["two"]) >= 2
    assert len(sent["one"]) == before


def test_a_dead_beat_is_replaced_after_the_lock_term(beats):
    make, sent = beats
    one, two = make("one"), make("two")
    _run([one, two], 0.6)
    assert sent["one"]
    assert sent["two"] == []
    # "one" dies: no more ticks, no release. Within its term "two" still waits...
    _run([two], 1.0)
    assert sent["two"] == []
    # ... and after it, takes over.
    _run([two], 3.0)
    assert sent["two"]
    # "one" comes back: it finds the lock taken and sends nothing more.
    before = len(sent["one"])
    _run([one, two], 1.2)
    assert len(sent["one"]) == before
