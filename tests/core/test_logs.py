"""The application's log: one JSON line per request and per task, tied together by
one request id, and nothing personal in any line (docs/operations.md, "Logs")."""

import base64
import io
import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from cases.models import Case
from config import observability
from core import heartbeats
from core.observability import HEADER, JsonFormatter, RequestIdFilter
from signals import constants as sc
from signals import releases
from signals.models import Report
from signals.tasks import compile_report
from tests.factories import PASSWORD, default_organisation
from tests.otp_helpers import pass_two_factor
from tests.signals.conftest import closed_quarter

REQUEST_FIELDS = {"request_id", "user_id", "route", "method", "status", "duration_ms"}
TASK_FIELDS = {"task", "task_id", "request_id", "state", "duration_ms"}
NOTE = "NOTITIE-GEHEIM-77 over de bedreiging"
QUERY = "QS-MARKER-31"


@pytest.fixture
def log_lines():
    """Every record of the flow, as the production handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: stream.getvalue().splitlines()
    finally:
        root.removeHandler(handler)


def _queued_compile(report_id: int) -> dict:
    """The compile message the web request put on the broker's queue."""
    store = heartbeats.client(settings.CELERY_BROKER_URL)
    for raw in store.lrange("celery", 0, -1):
        message = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        headers = message["headers"]
        if headers["task"] == compile_report.name and args == [report_id]:
            return headers
    raise AssertionError("the compile task was not queued")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_full_flow_logs_json_lines_without_personal_data(
    unverified_client, advisor, staff_user, case, log_lines
):
    client = unverified_client
    # Log in (password, then the second factor), open the queue, a case, add a note.
    response = client.post(
        reverse("login"), {"username": advisor.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    pass_two_factor(client, advisor)
    assert client.get(reverse("cases:queue") + f"?page=1&q={QUERY}").status_code == 200
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("cases:note_add", args=[case.pk]), {"kind": "notitie", "text": NOTE}
    )
    assert response.status_code == 302
    # Staff queue a report; the request's id goes with the compile task.
    release = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(release.pk)
    client.force_login(staff_user)
    pass_two_factor(client, staff_user)
    q = closed_quarter()
    response = client.post(
        reverse("signals:report_list"),
        {"first_quarter": q - 3, "last_quarter": q, "release": release.number},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    web_id = response[HEADER]
    report = Report.objects.get()
    headers = _queued_compile(report.pk)
    assert headers[observability.HEADER] == web_id
    # The worker runs it with the message's headers (as a worker does).
    compile_report.apply(
        args=[report.pk],
        task_id=headers["id"],
        headers={observability.HEADER: headers[observability.HEADER]},
    )
    report.refresh_from_db()
    assert report.status == sc.ReportStatus.DONE

    lines = log_lines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    requests = [r for r in records if r["logger"] == "klankbord.request"]
    tasks = [r for r in records if r["logger"] == "klankbord.task"]
    for record in requests:
        assert set(record) >= REQUEST_FIELDS, record
    for record in tasks:
        assert set(record) >= TASK_FIELDS, record
    routes = [r["route"] for r in requests]
    for route in (
        "login",
        "security:two_factor_verify",
        "cases:queue",
        "cases:detail",
        "cases:note_add",
        "signals:report_list",
    ):
        assert route in routes
    assert {r["user_id"] for r in requests} >= {advisor.pk, staff_user.pk}
    assert len({r["request_id"] for r in requests}) == len(requests)
    (task,) = [t for t in tasks if t["task"] == compile_report.name]
    assert task["request_id"] == web_id
    assert task["task_id"] == headers["id"]
    assert task["state"] == "SUCCESS"
    # WeasyPrint's "Step 1 ... Step 7" and font subsetting stay out.
    assert not [r for r in records if r["logger"].startswith(("weasyprint", "font"))]

    holder = Case.objects.get(pk=case.pk).office_holder
    forbidden = [
        advisor.username,
        advisor.first_name,
        advisor.last_name,
        advisor.email,
        staff_user.username,
        staff_user.email,
        holder.name,
        "GEHEIM-ZIN-42",  # the case's account
        "NOTITIE-GEHEIM",
        QUERY,
        "page=",
        PASSWORD,
        f"/{case.pk}/",
    ]
    text = "\n".join(lines)
    assert not [word for word in forbidden if word in text]


def test_the_request_id_from_the_proxy_is_kept_when_it_is_sane(client):
    response = client.get(
        reverse("login"), HTTP_X_REQUEST_ID="3f1c2b9a-7d1e-4c55-9a0b-2f6e8d7c1a90"
    )
    assert response[HEADER] == "3f1c2b9a-7d1e-4c55-9a0b-2f6e8d7c1a90"
    for bad in ("kort", "x" * 65, "abc def ghi jkl", 'a"}\n{"level":"ERROR"'):
        response = client.get(reverse("login"), HTTP_X_REQUEST_ID=bad)
        assert response[HEADER] != bad
        assert len(response[HEADER]) == 32


def test_a_new_request_id_per_request(client):
    first = client.get(reverse("login"))[HEADER]
    second = client.get(reverse("login"))[HEADER]
    assert first != second


def test_the_formatter_leaves_out_objects_and_exception_messages(client):
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Not Found: %s", "args": ("/x/",)}
    )
    record.request = object()  # Django's request (its repr has the query string)
    record.status_code = 404
    address = "vp.anna@" + "example.org"
    try:
        raise ValueError(address)
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["status_code"] == 404
    assert "request" not in line
    assert line["exc_type"] == "ValueError"
    assert "example.org" not in json.dumps(line)


def test_production_logs_json_and_development_text(settings):
    from config import settings as project_settings

    assert project_settings.LOGGING["handlers"]["console"]["formatter"] == (
        "json" if project_settings.LOG_FORMAT == "json" else "text"
    )
    for name in ("weasyprint", "fontTools", "fontTools.subset", "PIL"):
        assert project_settings.LOGGING["loggers"][name]["level"] == "WARNING"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_logs_the_task_under_the_request_id_of_the_web_request(
    client, staff_user
):
    """A worker process (as in production: JSON logs, Django's LOGGING) runs the
    report the web request queued, and its task line carries the web's request id."""
    import os
    import subprocess
    import sys
    import time

    from django.db import connection

    store = heartbeats.client(settings.CELERY_BROKER_URL)
    store.delete("celery")  # what earlier tests queued (no worker ran them)
    release = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    releases.compile_release(release.pk)
    client.force_login(staff_user)
    q = closed_quarter()
    response = client.post(
        reverse("signals:report_list"),
        {"first_quarter": q, "last_quarter": q, "release": release.number},
    )
    assert response.status_code == 302
    web_id = response[HEADER]
    env = {
        **os.environ,
        "POSTGRES_DB": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_FORMAT": "json",
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = worker.stderr.readline()
            if not line:
                break
            lines.append(line)
            if '"klankbord.task"' in line:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    (task,) = [r for r in records if r["logger"] == "klankbord.task"]
    assert task["task"] == compile_report.name
    assert task["request_id"] == web_id
    assert task["state"] == "SUCCESS"
    assert Report.objects.get().status == sc.ReportStatus.DONE
