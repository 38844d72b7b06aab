"""A real Celery worker, killed (SIGKILL) in the middle of a task: the message is
redelivered (acks_late + reject_on_worker_lost) and the work completes exactly once."""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from cases.models import Handoff
from cases.tasks import notify_ambassador_of_handoff

# serialized_rollback: another transactional test may have flushed the rows the
# migrations create (the default organisation, the role groups).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(settings.BASE_DIR)


def _wait_for(check, timeout=60.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def worker(tmp_path):
    """A prefork worker with one child, on a queue of its own (other test runs share
    Redis database 15), against this test database."""
    queue = f"kb-killtest-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "POSTGRES_DB": connection.settings_dict["NAME"],
        "DJANGO_EMAIL_BACKEND": "tests.security.slow_mail.SlowFileBackend",
        "KB_TEST_MAIL_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(  # noqa: S603
        [
            celery,
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "-c",
            "1",
            "-P",
            "prefork",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "wb"),  # noqa: SIM115
    )
    yield queue, tmp_path
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_killed_worker_child_redelivers_and_the_mail_goes_once(handed_case, worker):
    queue, folder = worker
    handoff = handed_case.handoffs.get()
    (folder / "slow").write_text("")
    notify_ambassador_of_handoff.apply_async(args=[handoff.pk], queue=queue)

    pid_file = folder / "sending.pid"
    assert _wait_for(pid_file.exists, timeout=90), (folder / "worker.log").read_text()
    os.kill(int(pid_file.read_text()), signal.SIGKILL)  # mid-task, before commit
    (folder / "slow").unlink()

    def delivered():
        handoff.refresh_from_db()
        return handoff.notified_at is not None

    assert _wait_for(delivered, timeout=90), (folder / "worker.log").read_text()
    time.sleep(2)  # a second, wrong delivery would show up here
    mails = list(folder.glob("mail-*.eml"))
    assert len(mails) == 1
    assert Handoff.objects.get(pk=handoff.pk).notified_at is not None
    log = (folder / "worker.log").read_text()
    assert "SIGKILL" in log  # the pool saw its child die, and requeued the task
