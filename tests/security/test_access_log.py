"""Access log: reads are recorded, the database refuses to change them, the privacy
officer filters and exports them, and nobody else can. No case content leaks into
logs, error reports, Celery arguments or Redis."""

import csv
import io
import logging
import sys

import pytest
import redis
from celery.app.task import Task
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from core.constants import AuditAction
from core.models import AuditEvent
from security.reporting import NoContentReporter
from tests.factories import consent_given, recorded_case

pytestmark = pytest.mark.django_db

SENTINEL = "LEKTEST-91c2"
LOG = "security:access_log"
EXPORT = "security:access_log_export"


def test_reading_a_case_is_logged(client, advisor, case):
    client.force_login(advisor)
    client.get(reverse("cases:detail", args=[case.pk]))
    event = AuditEvent.objects.get(
        action=AuditAction.VIEW, object_type="case", object_id=case.pk
    )
    assert event.actor_id == advisor.pk
    assert event.actor_role == "vertrouwenspersoon"
    assert (timezone.now() - event.at).total_seconds() < 60


def test_reading_a_note_is_logged(client, advisor, case):
    from cases.services.notes import note_add

    note = note_add(case=case, by=advisor, text="tekst")
    client.force_login(advisor)
    client.get(reverse("cases:detail", args=[case.pk]))
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="note", object_id=note.pk
    ).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_auditevent SET actor_username = 'iemand'",
        "DELETE FROM cases_auditevent",
        "UPDATE cases_auditevent SET at = now() - interval '10 years'",
    ],
)
def test_the_database_refuses_to_change_the_log(case, sql):
    assert AuditEvent.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)


# --- the privacy officer's pages ----------------------------------------------------


def test_privacy_officer_sees_the_log(client, privacy_officer, case):
    client.force_login(privacy_officer)
    response = client.get(reverse(LOG))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    assert "GEHEIM-ZIN-42" not in response.content.decode()


def test_privacy_officer_filters_by_case_and_user(
    client, privacy_officer, advisor, case, office_holder
):
    other = recorded_case(advisor, office_holder)
    client.force_login(privacy_officer)
    response = client.get(reverse(LOG), {"case": case.reference, "user": "vp.an"})
    events = list(response.context["events"])
    assert events
    assert {e.case_id for e in events} == {case.pk}
    assert other.pk not in {e.case_id for e in events}


def test_privacy_officer_filters_by_date(client, privacy_officer, case):
    client.force_login(privacy_officer)
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.get(reverse(LOG), {"date_from": tomorrow})
    assert list(response.context["events"]) == []


def test_a_bad_filter_is_ignored_with_a_message(client, privacy_officer, case):
    client.force_login(privacy_officer)
    response = client.get(reverse(LOG), {"case": "onzin\x00", "date_from": "gisteren"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_log_page_query_count_is_bounded(
    client, privacy_officer, case, django_assert_max_num_queries
):
    client.force_login(privacy_officer)
    client.get(reverse(LOG))
    with django_assert_max_num_queries(12):
        client.get(reverse(LOG))


def test_export_is_csv_and_is_itself_logged(client, privacy_officer, advisor, case):
    client.force_login(privacy_officer)
    response = client.get(reverse(EXPORT), {"case": case.reference})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Tijdstip", "Gebruikersnaam", "Rol", "Handeling"]
    assert any(row[1] == "vp.anna" and row[6] == case.reference for row in rows[1:])
    export = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="accesslog")
    assert export.actor_id == privacy_officer.pk
    assert f"case={case.pk}" in export.detail


def test_export_neutralises_spreadsheet_formulas(client, privacy_officer, advisor):
    AuditEvent.objects.create(
        actor=advisor,
        actor_username="=HYPERLINK(1)",
        action=AuditAction.VIEW,
        object_type="case",
        object_id=1,
    )
    client.force_login(privacy_officer)
    body = b"".join(client.get(reverse(EXPORT)).streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize(
    "who", ["advisor", "staff_user", "functional_admin", "no_role_user", "ambassador"]
)
@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_others_cannot_read_the_log(client, request, who, url):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(user)
    assert client.get(reverse(url)).status_code == 403


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- no content outside the database --------------------------------------------------


def _flow_with_sentinel(client, advisor, ambassador, gemeente, execute):
    """Intake, consent, handoff and a note through the views, with the sentinel."""
    client.force_login(advisor)
    client.post(
        reverse("cases:intake"),
        {
            "new_name": f"Naam {SENTINEL}",
            "new_office": "raadslid",
            "new_gemeente": gemeente.code,
            "channel": "telefoon",
            "category": "bedreiging",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "2",
            "account": f"Verhaal {SENTINEL}",
            "assign_to_me": "on",
        },
    )
    from cases.models import Case

    case = Case.objects.get(account__isnull=False, office_holder__name__contains="Naam")
    consent_given(case, by=advisor)
    client.post(
        reverse("cases:note_add", args=[case.pk]),
        {"kind": "notitie", "text": f"Notitie {SENTINEL}"},
    )
    client.post(
        reverse("cases:handoff", args=[case.pk]),
        {"ambassador": ambassador.pk, "note": f"Overdracht {SENTINEL}"},
    )
    client.get(reverse("cases:detail", args=[case.pk]))
    return case


def test_no_content_in_log_records(
    client, advisor, ambassador, gemeente, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    for name in ("axes", "django", "cases", "security", "celery"):
        caplog.set_level(logging.DEBUG, logger=name)
    with django_capture_on_commit_callbacks(execute=True):
        _flow_with_sentinel(client, advisor, ambassador, gemeente, execute=True)
    logging.getLogger("security").info("marker")  # the capture itself works
    assert caplog.records
    assert SENTINEL not in caplog.text
    assert all(SENTINEL not in str(r.args) for r in caplog.records)


def test_no_content_in_celery_arguments(
    client,
    advisor,
    ambassador,
    gemeente,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    sent = []

    def record(self, args=None, kwargs=None, **options):
        sent.append((self.name, args, kwargs))

    monkeypatch.setattr(Task, "apply_async", record)
    with django_capture_on_commit_callbacks(execute=True):
        _flow_with_sentinel(client, advisor, ambassador, gemeente, execute=True)
    assert sent, "the handoff enqueues a notification"
    for name, args, kwargs in sent:
        assert all(isinstance(a, int) for a in args or ()), name
        assert SENTINEL not in repr((args, kwargs))


def test_no_content_in_redis(
    client, advisor, ambassador, gemeente, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _flow_with_sentinel(client, advisor, ambassador, gemeente, execute=True)
    store = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        keys = list(store.scan_iter(count=500))
    except redis.ConnectionError:
        pytest.skip("Redis is not running")
    assert keys, "the notification was queued in Redis"
    for key in keys:
        kind = store.type(key)
        if kind == b"list":
            values = store.lrange(key, 0, -1)
        elif kind == b"hash":
            values = list(store.hgetall(key).values())
        elif kind == b"string":
            values = [store.get(key)]
        elif kind == b"set":
            values = list(store.smembers(key))
        elif kind == b"zset":
            values = store.zrange(key, 0, -1)
        else:
            values = []
        for value in values:
            assert SENTINEL.encode() not in (value or b""), key


def test_error_reports_hold_no_content(advisor, settings):
    request = RequestFactory().post(
        "/meldingen/nieuw/?q=" + SENTINEL, {"account": f"Verhaal {SENTINEL}"}
    )
    request.user = advisor
    account = f"Verhaal {SENTINEL}"  # a local variable in the failing frame
    try:
        raise ValueError("boom")
    except ValueError:
        reporter = NoContentReporter(request, *sys.exc_info())
        text = reporter.get_traceback_text()
        html = reporter.get_traceback_html()
    assert account
    assert SENTINEL not in text
    assert SENTINEL not in html
    assert issubclass(NoContentReporter, ExceptionReporter)
    assert settings.DEFAULT_EXCEPTION_REPORTER.endswith("NoContentReporter")
