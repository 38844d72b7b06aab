"""Scheduled security work. Tasks take no content and are idempotent."""

from celery import shared_task

from security import retention


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_expired_records() -> dict[str, int]:
    """Celery beat, daily: apply the retention terms (security.retention.purge).
    Running it twice removes nothing the second time."""
    return retention.purge()
