"""An e-mail backend for the worker-kill test: writes each message to a file in
``KB_TEST_MAIL_DIR``; while the file ``slow`` exists there it first records its pid
in ``sending.pid`` and waits, so the test can kill the worker process mid-task."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["KB_TEST_MAIL_DIR"])
        if (folder / "slow").exists():
            (folder / "sending.pid").write_text(str(os.getpid()))
            time.sleep(60)
        for message in email_messages:
            (folder / f"mail-{uuid.uuid4().hex}.eml").write_bytes(
                message.message().as_bytes()
            )
        return len(email_messages)
