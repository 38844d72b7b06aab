"""A worker host dies (the whole worker, SIGKILL) while it compiles a report: the
report's lease expires, beat re-sends the task, a new worker compiles it, and there
is exactly one finished report, within the lease's term."""

import os
import signal
import time
import uuid

import pytest

from core.models import AuditEvent, TaskLease
from core.tasks import resend_expired_leases
from signals import constants as sc
from signals import releases
from signals.models import Report, StatisticsRelease
from signals.tasks import compile_report
from tests.celery_worker import start_worker, stop_worker, wait_for
from tests.factories import default_organisation
from tests.signals.conftest import closed_quarter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEASE = 5


def _worker(queue, folder, name):
    """A whole worker in a process group of its own (the test kills the group)."""
    return start_worker(
        "tests.signals.slow_worker",
        queue,
        folder / f"{name}.log",
        name=f"{name}-{queue}@%h",
        env={
            "KB_TEST_SLOW_DIR": str(folder),
            "KLANKBORD_TASK_LEASE_SECONDS": str(LEASE),
        },
        own_group=True,
    )


def test_a_report_whose_worker_host_died_is_compiled_once_by_another(
    make_signals, tmp_path, settings
):
    settings.KLANKBORD_TASK_LEASE_SECONDS = LEASE
    make_signals(30, quarter=closed_quarter())
    queued = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(queued.pk)
    q = closed_quarter()
    report = Report.objects.create(
        statistics_release=StatisticsRelease.objects.get(pk=queued.pk),
        first_quarter=q,
        last_quarter=q,
    )
    queue = f"kb-deadhost-{uuid.uuid4().hex[:8]}"
    (tmp_path / "slow").write_text("")
    first = _worker(queue, tmp_path, "first")
    second = None
    try:
        compile_report.apply_async(args=[report.pk], queue=queue)
        pid_file = tmp_path / "rendering.pid"
        assert wait_for(pid_file.exists, timeout=90), (
            tmp_path / "first.log"
        ).read_text()
        first_pid = pid_file.read_text()
        report.refresh_from_db()
        assert report.status == sc.ReportStatus.RUNNING  # "bezig"
        lease = TaskLease.objects.get(key=f"report:{report.pk}")
        assert lease.finished_at is None

        os.killpg(first.pid, signal.SIGKILL)  # the host dies: worker and child
        first.wait()
        killed = time.monotonic()
        (tmp_path / "slow").unlink()
        second = _worker(queue, tmp_path, "second")

        # Beat ticks: nothing while the lease is live, then one re-send.
        assert resend_expired_leases() == 0
        resent = []

        def done():
            resent.append(resend_expired_leases())
            report.refresh_from_db()
            return report.status == sc.ReportStatus.DONE

        assert wait_for(done, timeout=90, step=1.0), (
            tmp_path / "second.log"
        ).read_text()
        took = time.monotonic() - killed
        assert sum(resent) == 1
        # Within the lease's term plus a beat tick and one compile.
        assert took < LEASE + 45, took
        time.sleep(2)  # a second, wrong compile would show up here
        assert Report.objects.count() == 1
        report.refresh_from_db()
        assert report.status == sc.ReportStatus.DONE
        assert bytes(report.pdf).startswith(b"%PDF")
        assert (
            AuditEvent.objects.filter(
                object_type="report", object_id=report.pk, detail="compiled"
            ).count()
            == 1
        )
        lease = TaskLease.objects.get(key=f"report:{report.pk}")
        assert lease.finished_at is not None
        assert lease.attempts == 2
        assert lease.holder.split(":")[1] == pid_file.read_text() != first_pid
    finally:
        stop_worker(first)
        if second is not None:
            stop_worker(second)
