"""Scheduled security work. Tasks take no content and are idempotent."""

from celery import shared_task
from django.utils import timezone

from core import leases
from security import retention


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_expired_records() -> dict[str, int]:
    """Celery beat, daily: apply the retention terms (security.retention.purge).
    Running it twice removes nothing the second time. Under the day's lease: a second
    copy does nothing while one runs, and beat re-sends it when its worker died."""
    day = timezone.localdate().isoformat()
    with leases.hold(purge_expired_records.name, f"purge:{day}") as lease:
        if lease is None:
            return {}
        return retention.purge()
