"""Compiling reports in the background. Tasks take a report id only (nothing sensitive
goes through Redis), are idempotent, and survive a worker killed mid-task: a killed
pool child's message is redelivered at once (acks_late, reject_on_worker_lost), and a
dead host's task is re-sent by beat once its lease expired (core.leases). A run
saves its result only while it holds the lease and no other run finished first."""

import functools
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from core import leases
from core.audit import audit
from core.constants import AuditAction
from signals import constants as sc
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


def enqueue_release(release) -> None:
    """Send the release compile once the requesting transaction commits (the beat
    sweeper re-sends a release a broker outage lost)."""

    def send():
        try:
            compile_release_task.delay(release.pk)
        except Exception:  # noqa: BLE001 - any broker failure is handled the same way
            logger.warning(
                "Could not enqueue release %s; the sweeper will.", release.pk
            )

    transaction.on_commit(send)


def _give_up(model, pk: int) -> None:
    """A release or report whose task kept dying: failed, unless it finished."""
    model.objects.filter(pk=pk).exclude(status=sc.ReportStatus.DONE).update(
        status=sc.ReportStatus.FAILED, error="worker lost, gave up"
    )


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_release_task(release_id: int) -> bool:
    """Compile one statistics release (idempotent, see ``releases.compile_release``),
    then the reports that wait for it. Under a lease: nothing happens while another
    worker compiles it."""
    from signals.models import StatisticsRelease

    with leases.hold(
        compile_release_task.name,
        f"release:{release_id}",
        [release_id],
        on_give_up=functools.partial(_give_up, StatisticsRelease, release_id),
    ) as lease:
        if lease is None:
            return False
        return _compile_release(release_id)


def _compile_release(release_id: int) -> bool:
    from signals.models import StatisticsRelease
    from signals.releases import compile_release

    StatisticsRelease.objects.filter(
        pk=release_id, status=sc.ReportStatus.QUEUED
    ).update(status=sc.ReportStatus.RUNNING, progress=10)
    try:
        finished = compile_release(release_id)
    except Exception:
        logger.exception("Release %s failed.", release_id)
        StatisticsRelease.objects.filter(pk=release_id).exclude(
            status=sc.ReportStatus.DONE
        ).update(status=sc.ReportStatus.FAILED, error="compile failed")
        raise
    for report in Report.objects.filter(
        statistics_release_id=release_id, status=sc.ReportStatus.QUEUED
    ):
        enqueue_compile(report)
    return finished


@shared_task(acks_late=True, reject_on_worker_lost=True)
def compile_report(report_id: int) -> bool:
    """Render one report's files from its (stored, already protected) release.
    Running it twice (or redelivered after a crash) yields one report: a run does
    nothing while another holds the report's lease, a finished report is left alone,
    and the result is saved under a row lock only if this run still holds the lease
    and no other run finished first. Returns whether this run saved the result."""

    with leases.hold(
        compile_report.name,
        f"report:{report_id}",
        [report_id],
        on_give_up=functools.partial(_give_up, Report, report_id),
    ) as lease:
        if lease is None:
            return False
        return _compile_report(report_id, lease)


def _compile_report(report_id: int, lease: leases.Lease) -> bool:
    from signals import exports
    from signals.published import report_content

    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("statistics_release")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status == sc.ReportStatus.DONE:
            return False
        if report.statistics_release is None or not report.statistics_release.is_done:
            return False  # compiled when its release is (compile_release_task)
        report.status = sc.ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 5
        report.error = ""
        report.save(update_fields=["status", "started_at", "progress", "error"])

    with translation.override(settings.LANGUAGE_CODE):
        content = report_content(
            report.statistics_release, report.first_quarter, report.last_quarter
        )
    report.release = content
    report.parameters = {
        **content["parameters"],
        "release": content["number"],
        "first_quarter": report.first_quarter,
        "last_quarter": report.last_quarter,
    }
    _progress(report_id, 35)
    lease.check()
    pdf = exports.render_pdf(report)
    _progress(report_id, 75)
    lease.check()
    xlsx = exports.render_xlsx(report)
    _progress(report_id, 88)
    csv = exports.render_csv(report)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report_id)
        if locked.status == sc.ReportStatus.DONE or not lease.held():
            return False
        locked.release = content
        locked.parameters = report.parameters
        locked.pdf, locked.xlsx, locked.csv = pdf, xlsx, csv
        locked.status = sc.ReportStatus.DONE
        locked.progress = 100
        locked.finished_at = timezone.now()
        locked.save()
        audit(locked.requested_by, AuditAction.CREATE, locked, "compiled")
    return True


@shared_task
def prepare_return_day_reports() -> int:
    """Beat: for every return day planned within the lead time that has no report
    yet, request a release of the association's figures and a report of the four
    quarters before the day (compiled when the release is); re-send what a broker
    outage lost."""
    from core.models import Organisation
    from signals.releases import last_closed_quarter, request_release

    today = timezone.localdate()
    horizon = today + timedelta(days=settings.SIGNALS_RETURN_DAY_LEAD_DAYS)
    association = Organisation.objects.filter(is_default=True).first()
    created = 0
    for day in ReturnDay.objects.filter(
        date__gte=today, date__lte=horizon, report__isnull=True
    ):
        if association is None:
            break
        last = min(day.report_quarters[1], last_closed_quarter(today))
        with transaction.atomic():
            release = request_release(
                association, sc.ReleaseReason.RETURN_DAY, last_quarter=last
            )
            report = Report.objects.create(
                statistics_release=release,
                first_quarter=last - 3,
                last_quarter=last,
                return_day=day,
            )
            audit(None, AuditAction.CREATE, report, "scheduled")
            enqueue_release(release)
        created += 1
    _resend_lost()
    return created


def _resend_lost() -> None:
    """Re-send what a broker outage lost (queued, never started), and what runs with
    no live lease (a run from before leases, or one whose lease row went missing);
    a run whose worker died is re-sent by ``core.tasks.resend_expired_leases``."""
    from core.models import TaskLease
    from signals.models import StatisticsRelease

    stale = timezone.now() - timedelta(minutes=10)
    leased = set(
        TaskLease.objects.filter(finished_at__isnull=True).values_list("key", flat=True)
    )
    for release_id in StatisticsRelease.objects.filter(
        status__in=[sc.ReportStatus.QUEUED, sc.ReportStatus.RUNNING],
        created_at__lt=stale,
    ).values_list("pk", flat=True):
        if f"release:{release_id}" not in leased:
            compile_release_task.delay(release_id)
    for report_id in Report.objects.filter(
        Q(status=sc.ReportStatus.QUEUED, created_at__lt=stale)
        | Q(status=sc.ReportStatus.RUNNING, started_at__lt=stale),
        statistics_release__status=sc.ReportStatus.DONE,
    ).values_list("pk", flat=True):
        if f"report:{report_id}" not in leased:
            compile_report.delay(report_id)


@shared_task
def release_after_quarter() -> int:
    """Beat (daily): once a quarter has closed, each organisation gets a release that
    includes it. Idempotent: an organisation that already has one (done, queued or
    running) gets none. Returns how many were requested."""
    from core.models import Organisation
    from signals.models import StatisticsRelease
    from signals.releases import last_closed_quarter, request_release

    last = last_closed_quarter()
    requested = 0
    for organisation in Organisation.objects.all():
        if (
            StatisticsRelease.objects.filter(
                organisation=organisation, last_quarter__gte=last
            )
            .exclude(status=sc.ReportStatus.FAILED)
            .exists()
        ):
            continue
        with transaction.atomic():
            release = request_release(organisation, sc.ReleaseReason.QUARTER)
            enqueue_release(release)
        requested += 1
    _resend_lost()
    return requested
