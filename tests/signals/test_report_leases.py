"""A report's compile under its lease (core.leases): nothing while another worker
holds it; a run that lost its lease saves nothing; given up after the last attempt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core import leases
from core.models import AuditEvent, TaskLease
from signals import constants as sc
from signals import releases
from signals.models import Report, StatisticsRelease
from signals.tasks import compile_report
from tests.factories import default_organisation
from tests.signals.conftest import closed_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(make_signals):
    make_signals(30, quarter=closed_quarter())
    queued = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(queued.pk)
    q = closed_quarter()
    return Report.objects.create(
        statistics_release=StatisticsRelease.objects.get(pk=queued.pk),
        first_quarter=q,
        last_quarter=q,
    )


def _compiled(report):
    return AuditEvent.objects.filter(
        object_type="report", object_id=report.pk, detail="compiled"
    ).count()


def test_a_compile_does_nothing_while_another_worker_holds_the_lease(report):
    other = leases.acquire(compile_report.name, f"report:{report.pk}", [report.pk])
    assert compile_report(report.pk) is False
    report.refresh_from_db()
    assert report.status == sc.ReportStatus.QUEUED
    other.finish()
    assert compile_report(report.pk) is True
    assert _compiled(report) == 1


def test_a_run_that_lost_its_lease_saves_nothing(report, monkeypatch):
    from signals import exports

    render = exports.render_xlsx

    def taken_over(r):
        # Meanwhile this run's lease expired and another worker took it over.
        TaskLease.objects.filter(key=f"report:{report.pk}").update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert leases.acquire(compile_report.name, f"report:{report.pk}", [report.pk])
        return render(r)

    monkeypatch.setattr(exports, "render_xlsx", taken_over)
    assert compile_report(report.pk) is False
    report.refresh_from_db()
    assert report.status != sc.ReportStatus.DONE
    assert _compiled(report) == 0


def test_a_report_whose_workers_all_died_is_marked_failed(report, settings):
    settings.KLANKBORD_TASK_MAX_ATTEMPTS = 2
    for _ in range(2):
        leases.acquire(compile_report.name, f"report:{report.pk}", [report.pk])
        TaskLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert compile_report(report.pk) is False
    report.refresh_from_db()
    assert report.status == sc.ReportStatus.FAILED
    assert _compiled(report) == 0
