"""Reliability: Redis down while a melding is saved and handed off (saved, no error
shown, the work runs once Redis is back), and a worker killed mid-task (acks_late and
reject_on_worker_lost redeliver; tasks are idempotent, so the work happens once)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Handoff
from cases.tasks import (
    deliver_pending_notifications,
    notify_advisor_of_decline,
    notify_ambassador_of_handoff,
)
from config.celery import app as celery_app
from security.tasks import purge_expired_records
from tests.factories import consent_given

pytestmark = pytest.mark.django_db

TASKS = [
    notify_ambassador_of_handoff,
    notify_advisor_of_decline,
    purge_expired_records,
]


def _reset_broker_pool():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens: a real outage. Yields the
    real broker's URL, for when Redis is back."""
    old = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/15"
    _reset_broker_pool()
    yield old
    celery_app.conf.broker_url = old
    _reset_broker_pool()


def _intake(client, gemeente):
    return client.post(
        reverse("cases:intake"),
        {
            "new_name": "Fenna Fictief",
            "new_office": "raadslid",
            "new_gemeente": gemeente.code,
            "channel": "telefoon",
            "category": "bedreiging",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "3",
            "account": "Bedreigd na de vergadering.",
            "assign_to_me": "on",
        },
        follow=True,
    )


def test_melding_and_handoff_are_saved_while_redis_is_down_and_delivered_later(
    client,
    advisor,
    ambassador,
    gemeente,
    broker_down,
    django_capture_on_commit_callbacks,
):
    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _intake(client, gemeente)
    assert response.status_code == 200
    case = Case.objects.get()
    consent_given(case, by=advisor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("cases:handoff", args=[case.pk]),
            {"ambassador": ambassador.pk},
            follow=True,
        )
    assert callbacks, "the notification was to be enqueued after commit"
    assert response.status_code == 200
    assert not [m for m in response.context["messages"] if m.level_tag == "error"], (
        "the user sees no error"
    )
    handoff = Handoff.objects.get(case=case)
    assert handoff.notified_at is None
    assert mail.outbox == []

    # Redis is back: the beat sweeper finds the lost notice and sends it, once.
    celery_app.conf.broker_url = broker_down
    _reset_broker_pool()
    Handoff.objects.filter(pk=handoff.pk).update(
        offered_at=timezone.now() - timedelta(minutes=5)
    )
    queued = []
    original = notify_ambassador_of_handoff.delay
    try:
        notify_ambassador_of_handoff.delay = lambda *a: queued.append(a)
        assert deliver_pending_notifications() == 1
    finally:
        notify_ambassador_of_handoff.delay = original
    assert queued == [(handoff.pk,)]
    for args in queued:  # the worker runs it
        notify_ambassador_of_handoff(*args)
    notify_ambassador_of_handoff(handoff.pk)  # and a duplicate delivery does nothing
    assert len(mail.outbox) == 1
    handoff.refresh_from_db()
    assert handoff.notified_at is not None
    assert deliver_pending_notifications() == 0


@pytest.mark.parametrize("task", TASKS, ids=lambda t: t.name)
def test_tasks_are_acked_late_and_rejected_when_the_worker_is_lost(task):
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True


def test_worker_defaults_redeliver_lost_work(settings):
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert celery_app.conf.task_acks_late is True


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: not an Exception, so nothing in the task catches it."""


def test_a_notification_killed_before_sending_is_sent_once_on_redelivery(
    handed_case, monkeypatch
):
    handoff = handed_case.handoffs.get()

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr("cases.tasks.send_mail", killed)
    with pytest.raises(WorkerKilled):
        notify_ambassador_of_handoff(handoff.pk)
    handoff.refresh_from_db()
    assert handoff.notified_at is None  # rolled back: the message is redelivered
    monkeypatch.undo()
    assert notify_ambassador_of_handoff(handoff.pk) is True
    assert notify_ambassador_of_handoff(handoff.pk) is False
    assert len(mail.outbox) == 1


def test_a_decline_notice_delivered_twice_is_sent_once(
    handed_case, ambassador, advisor
):
    from cases.services.handoff import handoff_decline

    handoff = handed_case.handoffs.get()
    handoff_decline(
        handoff=handoff, by=User.objects.get(pk=ambassador.user_id), reason="geen tijd"
    )
    assert notify_advisor_of_decline(handoff.pk) is True
    assert notify_advisor_of_decline(handoff.pk) is False
    assert len(mail.outbox) == 1


def test_a_purge_killed_midway_completes_on_redelivery(
    settings, advisor, case, monkeypatch
):
    from cases.services.case import case_close
    from security import retention

    settings.KLANKBORD_RETENTION = {"closed_cases": 1, "notes": 1, "access_log": 365}
    case_close(case=case, by=advisor, outcome="klaar")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(10))

    real_term = retention._access_log_days

    def killed_before_the_access_log(cursor):
        raise WorkerKilled

    # Killed after the cases were removed, before the access-log step.
    monkeypatch.setattr(retention, "_access_log_days", killed_before_the_access_log)
    with pytest.raises(WorkerKilled):
        purge_expired_records()
    monkeypatch.setattr(retention, "_access_log_days", real_term)
    second = purge_expired_records()
    third = purge_expired_records()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert second["closed_cases"] == 0  # done by the killed run, not twice
    assert all(n == 0 for n in third.values())
