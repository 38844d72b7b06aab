"""The project's Celery app (config.celery) for the dead-host test: a report's PDF
is rendered slowly while the file ``$KB_TEST_SLOW_DIR/slow`` exists, and the
rendering process writes its pid to ``rendering.pid`` first."""

import os
import time
from pathlib import Path

from celery.signals import worker_process_init

from config.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _slow_pdf(**_kwargs):
    from signals import exports

    folder = Path(os.environ["KB_TEST_SLOW_DIR"])
    render = exports.render_pdf

    def slow(report):
        (folder / "rendering.pid").write_text(str(os.getpid()))
        while (folder / "slow").exists():
            time.sleep(0.1)
        return render(report)

    exports.render_pdf = slow
