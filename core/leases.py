"""Leases: long tasks that survive a dead host (docs/operations.md, "Taken die een
dode host overleven").

A long task (a report's or a release's compile, the retention purge, the backup)
runs inside ``hold(task, key, args)``:

* it first takes the lease of (task name, object key): a row in ``core_tasklease``,
  taken by one conditional upsert, so of two workers (or two copies of a message)
  exactly one gets it. A task that finds the lease live elsewhere does nothing;
* a thread renews the lease every third of its term (``KLANKBORD_TASK_LEASE_SECONDS``)
  while the task runs, on a database connection of its own;
* at the end the lease is finished (or, when the task raised, dropped, so that a retry
  starts afresh).

A worker whose host dies (or whose process is killed) stops renewing: the lease
expires, and beat (``core.tasks.resend_expired_leases``, every minute) re-sends the
task; the next worker takes the lease over and starts again. Without leases the
message would come back only after the broker's visibility timeout (an hour). The
task's own result stays single because each task saves its result under a row lock
only while it still holds the lease (``Lease.held``) and only if no run finished first.

All times are the database's clock (``statement_timestamp()``), never a host's.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections
from django.db.models.functions import Now

from core.models import TaskLease

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """This worker no longer holds its lease (it expired and another took it over)."""


def lease_seconds() -> int:
    return int(settings.KLANKBORD_TASK_LEASE_SECONDS)


def max_attempts() -> int:
    return int(settings.KLANKBORD_TASK_MAX_ATTEMPTS)


def host_id() -> str:
    """This process: host name and process id (a pool child has its own)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_is_dead(holder: str) -> bool:
    """Whether ``holder`` was a process on this host that is gone (a pool child the
    worker replaced after it was killed): its lease need not wait to expire."""
    host, _sep, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class Lease:
    pk: int
    task: str
    key: str
    holder: str
    attempts: int
    seconds: int
    lost: threading.Event = field(default_factory=threading.Event)

    def _mine(self):
        return TaskLease.objects.filter(
            pk=self.pk, holder=self.holder, finished_at__isnull=True
        )

    def renew(self) -> bool:
        """Push the expiry a term further; False (and ``lost``) when it is no longer
        this worker's."""
        renewed = self._mine().update(
            renewed_at=Now(), expires_at=Now() + timedelta(seconds=self.seconds)
        )
        if not renewed:
            self.lost.set()
        return bool(renewed)

    def check(self) -> None:
        """For long loops: stop when the lease was lost."""
        if self.lost.is_set():
            raise LeaseLost(f"{self.task} {self.key}")

    def held(self) -> bool:
        """Inside the transaction that saves the result: lock the lease row and say
        whether it is still this worker's. Another worker cannot take it over until
        that transaction ends."""
        return self._mine().select_for_update().exists()

    def finish(self) -> None:
        self._mine().update(finished_at=Now(), renewed_at=Now())

    def drop(self) -> None:
        self._mine().delete()


_UPSERT = """
INSERT INTO {table} AS lease
    (task, key, args, queue, holder, started_at, renewed_at, expires_at,
     finished_at, attempts)
VALUES (%(task)s, %(key)s, %(args)s::jsonb, %(queue)s, %(holder)s,
        statement_timestamp(), statement_timestamp(),
        statement_timestamp() + make_interval(secs => %(seconds)s), NULL, 1)
ON CONFLICT (task, key) DO UPDATE SET
    args = EXCLUDED.args,
    queue = EXCLUDED.queue,
    holder = EXCLUDED.holder,
    started_at = EXCLUDED.started_at,
    renewed_at = EXCLUDED.renewed_at,
    expires_at = EXCLUDED.expires_at,
    attempts = CASE WHEN lease.finished_at IS NULL THEN lease.attempts + 1 ELSE 1 END,
    finished_at = NULL
WHERE (lease.finished_at IS NULL
       AND (lease.expires_at < statement_timestamp() OR lease.holder = ''
            OR lease.holder = ANY(%(dead)s::text[])))
   OR (lease.finished_at IS NOT NULL AND NOT %(once)s)
RETURNING id, attempts
"""


def acquire(
    task: str, key: str, args=(), *, once: bool = False, queue: str = ""
) -> Lease | None:
    """Take the lease of (task, key), or None when a live worker holds it (or, with
    ``once``, when a run for this key finished already)."""
    import json

    seconds = lease_seconds()
    current = (
        TaskLease.objects.filter(task=task, key=key, finished_at__isnull=True)
        .values_list("holder", flat=True)
        .first()
    )
    dead = [current] if current and _process_is_dead(current) else []
    holder = f"{host_id()}:{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT.format(table=connection.ops.quote_name(TaskLease._meta.db_table)),
            {
                "task": task,
                "key": key,
                "args": json.dumps(list(args)),
                "queue": queue,
                "holder": holder,
                "seconds": seconds,
                "dead": dead,
                "once": once,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return Lease(row[0], task, key, holder, row[1], seconds)


def _renew_until(lease: Lease, stop: threading.Event) -> None:
    try:
        while not stop.wait(max(lease.seconds / 3, 0.5)):
            try:
                if not lease.renew():
                    logger.warning("Lease of %s %s was lost.", lease.task, lease.key)
                    return
            except Exception:  # noqa: BLE001 - a database hiccup: try again next time
                logger.warning(
                    "Could not renew the lease of %s %s.", lease.task, lease.key
                )
    finally:
        connections.close_all()  # this thread's connections only


def _current_queue() -> str:
    from celery import current_task

    request = getattr(current_task, "request", None)
    info = getattr(request, "delivery_info", None) or {}
    return info.get("routing_key") or ""


@contextmanager
def hold(
    task: str,
    key: str,
    args=(),
    *,
    once: bool = False,
    on_give_up: Callable[[], None] | None = None,
) -> Iterator[Lease | None]:
    """Run the block under the lease of (task, key); the block gets None (and should
    do nothing) when the lease is live elsewhere. After ``KLANKBORD_TASK_MAX_ATTEMPTS``
    runs that never finished (each killed with its worker), ``on_give_up`` is called
    instead of the block, and the lease is finished."""
    lease = acquire(task, key, args, once=once, queue=_current_queue())
    if lease is None:
        logger.info("%s %s: held elsewhere or done; nothing to do.", task, key)
        yield None
        return
    if lease.attempts > max_attempts():
        logger.error("%s %s: gave up after %s attempts.", task, key, lease.attempts - 1)
        if on_give_up is not None:
            on_give_up()
        lease.finish()
        yield None
        return
    stop = threading.Event()
    renewer = threading.Thread(
        target=_renew_until, args=(lease, stop), daemon=True, name=f"lease {key}"
    )
    renewer.start()
    finished = False
    try:
        yield lease
        finished = True
    finally:
        stop.set()
        renewer.join(timeout=10)
        if finished:
            lease.finish()
        else:
            lease.drop()


def resend_expired(limit: int = 100) -> list[tuple[str, list, str]]:
    """The expired, unfinished leases: each is marked re-sent (no holder, a fresh
    term for the message to be picked up) under ``SKIP LOCKED``, so two beats never
    take the same one. Returns (task, args, queue) to send after the commit."""
    from django.db import transaction

    with transaction.atomic():
        expired = list(
            TaskLease.objects.select_for_update(skip_locked=True)
            .filter(finished_at__isnull=True, expires_at__lt=Now())
            .order_by("expires_at")[:limit]
        )
        for lease in expired:
            logger.warning(
                "Lease of %s %s (held by %s) expired: re-sending.",
                lease.task,
                lease.key,
                lease.holder or "nobody",
            )
        TaskLease.objects.filter(pk__in=[lease.pk for lease in expired]).update(
            holder="", expires_at=Now() + timedelta(seconds=lease_seconds())
        )
    return [(lease.task, lease.args, lease.queue) for lease in expired]


def forget_finished(days: int = 30) -> int:
    """Finished leases older than ``days``: their record is no longer needed."""
    return TaskLease.objects.filter(
        finished_at__lt=Now() - timedelta(days=days)
    ).delete()[0]
