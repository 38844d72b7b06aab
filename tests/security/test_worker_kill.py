"""A real Celery worker, killed (SIGKILL) in the middle of a task: the message is
redelivered (acks_late + reject_on_worker_lost) and the work completes exactly once."""

import os
import signal
import time
import uuid

import pytest

from cases.models import Handoff
from cases.tasks import notify_ambassador_of_handoff
from tests.celery_worker import start_worker, stop_worker, wait_for

# serialized_rollback: another transactional test may have flushed the rows the
# migrations create (the default organisation, the role groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def worker(tmp_path):
    """A prefork worker with one child, on a queue of its own, against this test
    database; mail through a backend that waits (``slow_mail``)."""
    queue = f"kb-killtest-{uuid.uuid4().hex[:8]}"
    process = start_worker(
        "config",
        queue,
        tmp_path / "worker.log",
        env={
            "DJANGO_EMAIL_BACKEND": "tests.security.slow_mail.SlowFileBackend",
            "KB_TEST_MAIL_DIR": str(tmp_path),
        },
    )
    yield queue, tmp_path
    stop_worker(process)


def test_a_killed_worker_child_redelivers_and_the_mail_goes_once(handed_case, worker):
    queue, folder = worker
    handoff = handed_case.handoffs.get()
    (folder / "slow").write_text("")
    notify_ambassador_of_handoff.apply_async(args=[handoff.pk], queue=queue)

    pid_file = folder / "sending.pid"
    assert wait_for(pid_file.exists, timeout=90), (folder / "worker.log").read_text()
    os.kill(int(pid_file.read_text()), signal.SIGKILL)  # mid-task, before commit
    (folder / "slow").unlink()

    def delivered():
        handoff.refresh_from_db()
        return handoff.notified_at is not None

    assert wait_for(delivered, timeout=90), (folder / "worker.log").read_text()
    time.sleep(2)  # a second, wrong delivery would show up here
    mails = list(folder.glob("mail-*.eml"))
    assert len(mails) == 1
    assert Handoff.objects.get(pk=handoff.pk).notified_at is not None
    log = (folder / "worker.log").read_text()
    assert "SIGKILL" in log  # the pool saw its child die, and requeued the task
