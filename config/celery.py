import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("klankbord")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Request ids in task headers, one log line per task, heartbeats (docs/operations.md).
from config import observability  # noqa: E402

observability.connect(app)
