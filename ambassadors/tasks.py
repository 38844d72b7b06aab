from celery import shared_task

from ambassadors import services


@shared_task
def purge_applications() -> int:
    """Beat task: delete applications (and CV files) of people not appointed once
    the retention period (``KLANKBORD_APPLICATION_RETENTION_DAYS``) has passed.
    Idempotent: it takes no arguments and a second run finds nothing to do."""
    return services.purge_applications()
