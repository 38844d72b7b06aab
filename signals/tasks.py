"""Compiling reports in the background. Tasks take a report id only (nothing sensitive
goes through Redis), are idempotent, and survive a worker killed mid-task (acks_late,
reject_on_worker_lost: the message is redelivered and the task starts over)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from core.audit import audit
from core.constants import AuditAction
from signals import constants as sc
from signals import disclosure
from signals.models import Report, ReturnDay

logger = logging.getLogger(__name__)


def enqueue_compile(report: Report) -> None:
    """Send the compile task once the transaction that created the report commits.
    A broker outage does not fail the request: the beat sweeper re-sends queued
    reports."""

    def send():
        try:
            compile_report.delay(report.pk)
        except Exception:  # noqa: BLE001 - any broker failure is handled the same way
            logger.warning("Could not enqueue report %s; the sweeper will.", report.pk)

    transaction.on_commit(send)


def _progress(report_id: int, value: int) -> None:
    Report.objects.filter(pk=report_id, status=sc.ReportStatus.RUNNING).update(
        progress=value
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_report(report_id: int) -> bool:
    """Compile one report. Running it twice (or redelivered after a crash) yields one
    report: a finished report is left alone, and the result is saved under a row lock
    only if no other run finished first. Returns whether this run saved the result."""
    from signals import exports
    from signals.release import build_release
    from signals.stats import Selection

    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status == sc.ReportStatus.DONE:
            return False
        report.status = sc.ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 5
        report.error = ""
        report.save(update_fields=["status", "started_at", "progress", "error"])

    params = disclosure.Params.from_settings()
    selection = Selection(report.first_quarter, report.last_quarter)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            release = build_release(selection, params)
        except disclosure.Refused as refusal:
            Report.objects.filter(pk=report_id).exclude(
                status=sc.ReportStatus.DONE
            ).update(
                status=sc.ReportStatus.FAILED,
                error=str(refusal)[:200],
                finished_at=timezone.now(),
                parameters=params.as_dict(),
            )
            audit(report.requested_by, AuditAction.CREATE, report, "refused")
            return False
        published = release.published()
    _progress(report_id, 35)
    report.release = published
    report.parameters = {**params.as_dict(), "first_quarter": report.first_quarter}
    report.parameters["last_quarter"] = report.last_quarter
    pdf = exports.render_pdf(report)
    _progress(report_id, 75)
    xlsx = exports.render_xlsx(report)
    _progress(report_id, 88)
    csv = exports.render_csv(report)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report_id)
        if locked.status == sc.ReportStatus.DONE:
            return False
        locked.release = published
        locked.parameters = report.parameters
        locked.input_digest = release.digest
        locked.pdf, locked.xlsx, locked.csv = pdf, xlsx, csv
        locked.status = sc.ReportStatus.DONE
        locked.progress = 100
        locked.finished_at = timezone.now()
        locked.save()
        audit(locked.requested_by, AuditAction.CREATE, locked, "compiled")
    return True


@shared_task
def prepare_return_day_reports() -> int:
    """Beat: create (and compile) the report of every return day planned within the
    lead time that has none yet; re-send reports whose task a broker outage lost."""
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.SIGNALS_RETURN_DAY_LEAD_DAYS)
    created = 0
    for day in ReturnDay.objects.filter(
        date__gte=today, date__lte=horizon, report__isnull=True
    ):
        first, last = day.report_quarters
        with transaction.atomic():
            report = Report.objects.create(
                first_quarter=first, last_quarter=last, return_day=day
            )
            audit(None, AuditAction.CREATE, report, "scheduled")
            enqueue_compile(report)
        created += 1
    stale = timezone.now() - timedelta(minutes=10)
    for report_id in Report.objects.filter(
        status=sc.ReportStatus.QUEUED, created_at__lt=stale
    ).values_list("pk", flat=True):
        compile_report.delay(report_id)
    return created


@shared_task
def warm_dashboard() -> None:
    """Beat: prepare the default dashboard so staff rarely wait for the count."""
    from signals.cache import warm

    warm()
