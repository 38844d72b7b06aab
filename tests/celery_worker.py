"""A real Celery worker for the tests that kill one (``tests/security/
test_worker_kill.py``, ``tests/signals/test_report_dead_host.py``): one prefork child
on a queue of its own (other test runs share the broker's Redis database), against
this test database."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def wait_for(check, timeout=60.0, step=0.2) -> bool:
    """Whether ``check()`` came true within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return False


def start_worker(
    app: str, queue: str, log: Path, *, name: str = "", env=None, own_group=False
) -> subprocess.Popen:
    """``celery -A app worker`` on ``queue`` (stderr to ``log``); ``env`` adds to the
    environment; ``own_group``: in a process group of its own, so that
    ``stop_worker`` can kill the whole worker."""
    celery = shutil.which("celery", path=str(Path(sys.executable).parent))
    return subprocess.Popen(  # noqa: S603
        [
            celery,
            "-A",
            app,
            "worker",
            "-Q",
            queue,
            *(["-n", name] if name else []),
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
        env={
            **os.environ,
            "POSTGRES_DB": connection.settings_dict["NAME"],
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        },
        stdout=subprocess.DEVNULL,
        stderr=open(log, "wb"),  # noqa: SIM115 - closed with the process
        start_new_session=own_group,
    )


def stop_worker(process: subprocess.Popen) -> None:
    """SIGTERM and wait; after 20 s, SIGKILL (the whole group if it has its own)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
