"""core's Celery tasks: beat's heartbeat, and beat's sweeper and the daily backup for
long tasks whose worker died (``core.leases``).

Publishing ``heartbeat`` is beat's sign of life (config.observability writes beat's
heartbeat when it has gone out); the worker that runs it has nothing left to do.
"""

from celery import current_app, shared_task
from django.db import transaction

from core import leases


@shared_task(ignore_result=True)
def heartbeat() -> None:
    return None


@shared_task
def resend_expired_leases() -> int:
    """Beat, every minute: re-send each task whose lease expired unfinished (its
    worker or host died), to the queue it came from. Idempotent: a lease is taken
    under SKIP LOCKED and marked re-sent in the same transaction, so two beats do not
    both send it, and of two copies of a message only one worker gets the lease.
    Returns how many were re-sent."""
    due = leases.resend_expired()

    def send():
        for task, args, queue in due:
            current_app.send_task(task, args=args, queue=queue or None)

    # After the commit: a message must not arrive before its lease says "re-sent".
    transaction.on_commit(send)
    leases.forget_finished()
    return len(due)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def backup() -> str:
    """Beat, daily: one encrypted backup (core.backup) under the day's lease: a
    second copy of the message does nothing, and one whose worker died is re-sent."""
    from django.utils import timezone

    from core import backup as backups

    day = timezone.localdate().isoformat()
    with leases.hold(backup.name, f"backup:{day}", once=True) as lease:
        if lease is None:
            return ""
        return str(backups.make_backup().path)
