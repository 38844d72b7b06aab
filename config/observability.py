"""Celery's part of the logs and the health checks (connected in config/celery.py).

- The request id travels with a task: ``before_task_publish`` puts the current one in
  the message headers, ``task_prerun`` restores it in the worker, ``task_postrun``
  logs one line per task (name, id, request id, state, duration) and clears it.
- Worker and beat log through Django's LOGGING (JSON in production), not Celery's own
  format: ``setup_logging`` is answered here, so Celery leaves logging alone.
- The worker's heartbeat: a bootstep writes it to Redis every 30 seconds. Beat's: each
  time beat has published ``core.tasks.heartbeat`` (every minute).
"""

import logging
import logging.config
import time

from celery import bootsteps
from celery.signals import (
    after_task_publish,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
)

from core import heartbeats
from core.observability import request_id, task_logger

HEADER = "klankbord_request_id"
HEARTBEAT_TASK = "core.tasks.heartbeat"
HEARTBEAT_SECONDS = 30.0
logger = logging.getLogger(__name__)
# task id -> (start time, context token)
_running: dict[str, tuple[float, object]] = {}


def _broker_url() -> str:
    from django.conf import settings

    return settings.CELERY_BROKER_URL


def use_django_logging(**_kwargs) -> None:
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def add_request_id(headers=None, **_kwargs) -> None:
    current = request_id.get()
    if current is not None and headers is not None:
        headers.setdefault(HEADER, current)


def beat_published(sender=None, **_kwargs) -> None:
    if sender == HEARTBEAT_TASK:
        try:
            heartbeats.beat(_broker_url())
        except Exception as error:  # noqa: BLE001  (health must not stop beat)
            logger.warning("beat heartbeat not written: %s", type(error).__name__)


def _incoming(task) -> str | None:
    value = getattr(task.request, HEADER, None)
    if value is None:
        value = (getattr(task.request, "headers", None) or {}).get(HEADER)
    return value if isinstance(value, str) else None


def task_started(task_id=None, task=None, **_kwargs) -> None:
    token = request_id.set(_incoming(task) or request_id.get())
    _running[task_id] = (time.perf_counter(), token)


def task_finished(task_id=None, task=None, state=None, **_kwargs) -> None:
    start, token = _running.pop(task_id, (None, None))
    duration = round((time.perf_counter() - start) * 1000, 1) if start else None
    task_logger.info(
        "%s %s %s ms",
        task.name,
        state,
        duration,
        extra={
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": duration,
        },
    )
    if token is not None:
        try:
            request_id.reset(token)
        except ValueError:  # set in another context (an eager task, say)
            request_id.set(None)


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Write this worker's heartbeat now and every ``HEARTBEAT_SECONDS``, on the
    worker's own timer (the main process, so a long task does not stop it)."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    @staticmethod
    def beat():
        try:
            heartbeats.worker(_broker_url())
        except Exception as error:  # noqa: BLE001  (health must not stop the worker)
            logger.warning("worker heartbeat not written: %s", type(error).__name__)

    def start(self, worker):
        self.beat()
        self.tref = worker.timer.call_repeatedly(HEARTBEAT_SECONDS, self.beat)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


def connect(app) -> None:
    """Connect the handlers above to ``app`` (called once, from config/celery.py)."""
    setup_logging.connect(use_django_logging, weak=False)
    before_task_publish.connect(add_request_id, weak=False)
    after_task_publish.connect(beat_published, weak=False)
    task_prerun.connect(task_started, weak=False)
    task_postrun.connect(task_finished, weak=False)
    app.steps["worker"].add(WorkerHeartbeat)
