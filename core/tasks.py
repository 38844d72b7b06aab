"""core's Celery task: the heartbeat beat publishes every minute.

Publishing it is beat's sign of life (config.observability writes beat's heartbeat
when it has gone out); the worker that runs it has nothing left to do.
"""

from celery import shared_task


@shared_task(ignore_result=True)
def heartbeat() -> None:
    return None
