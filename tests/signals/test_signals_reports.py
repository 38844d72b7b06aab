"""From signal to downloaded report: the compile task, the files, the log."""

import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import ConsentMethod, ConsentPurpose
from cases.services.consent import consent_record, consent_revoke
from core.models import AuditEvent
from signals import constants as sc
from signals import services
from signals.models import Report, ReturnDay
from signals.tasks import compile_report, prepare_return_day_reports
from tests.signals.conftest import current_quarter


def pdf_mentions(pdf: bytes, text: str) -> bool:
    """The PDF's metadata title (in a compressed object stream, as UTF-16 hex) holds
    the text."""
    wanted = text.encode("utf-16-be").hex().encode()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        if wanted in data.lower() or text.encode() in data:
            return True
    return False


@pytest.fixture
def consented_case(case, advisor):
    consent_record(
        case=case,
        by=advisor,
        purpose=ConsentPurpose.STATISTICS,
        given_by="de betrokkene",
        method=ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    return case


def _request_report(client, staff_user, django_capture_on_commit_callbacks, **extra):
    q = current_quarter()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("signals:report_list"),
            {"first_quarter": q - 3, "last_quarter": q, **extra},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # enqueued on commit, with the id only
    return Report.objects.get()


def test_signal_to_downloaded_pdf_and_csv(
    client,
    staff_user,
    advisor,
    consented_case,
    make_signals,
    django_capture_on_commit_callbacks,
):
    make_signals(40)
    make_signals(3, category=sc.SignalCategory.VIOLENCE)
    services.signal_from_case(
        by=advisor,
        case=consented_case,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.AANGIFTE,
        impact=sc.ImpactLevel.HIGH,
    )
    report = _request_report(client, staff_user, django_capture_on_commit_callbacks)
    assert report.status == sc.ReportStatus.QUEUED

    assert compile_report(report.pk) is True
    report.refresh_from_db()
    assert report.status == sc.ReportStatus.DONE
    assert report.progress == 100

    page = client.get(reverse("signals:report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert report.period_label in page.content.decode()
    assert "&lt;10" in page.content.decode()

    pdf = client.get(reverse("signals:report_download", args=[report.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf_mentions(pdf.content, report.period_label)

    csv = client.get(reverse("signals:report_download", args=[report.pk, "csv"]))
    assert csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") == 3
    assert ";<10;" in text  # the three persons with violence
    assert ";45;" in text  # 44 persons, rounded

    xlsx = client.get(reverse("signals:report_download", args=[report.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")

    logged = AuditEvent.objects.filter(object_type="report", object_id=report.pk)
    details = sorted(logged.values_list("detail", flat=True))
    assert details.count("compiled") == 1
    assert "requested" in details
    assert {"pdf", "csv", "xlsx"} <= set(details)


def test_compiling_twice_yields_one_report(
    client, staff_user, make_signals, django_capture_on_commit_callbacks
):
    make_signals(30)
    report = _request_report(client, staff_user, django_capture_on_commit_callbacks)
    assert compile_report(report.pk) is True
    report.refresh_from_db()
    first_pdf = bytes(report.pdf)
    assert compile_report(report.pk) is False
    report.refresh_from_db()
    assert bytes(report.pdf) == first_pdf
    assert Report.objects.count() == 1
    assert (
        AuditEvent.objects.filter(object_type="report", detail="compiled").count() == 1
    )


def test_a_crashed_run_is_picked_up_again(make_signals):
    make_signals(30)
    q = current_quarter()
    report = Report.objects.create(
        first_quarter=q, last_quarter=q, status=sc.ReportStatus.RUNNING, progress=35
    )
    assert compile_report(report.pk) is True
    report.refresh_from_db()
    assert report.is_done


def test_task_options_survive_a_killed_worker():
    assert compile_report.acks_late is True
    assert compile_report.reject_on_worker_lost is True


def test_too_few_persons_fails_with_a_message(make_signals):
    make_signals(4)
    q = current_quarter()
    report = Report.objects.create(first_quarter=q, last_quarter=q)
    assert compile_report(report.pk) is False
    report.refresh_from_db()
    assert report.status == sc.ReportStatus.FAILED
    assert report.error
    assert report.pdf is None


def test_release_records_parameters_and_suppressed_cells_and_reproduces(make_signals):
    make_signals(40)
    make_signals(3, category=sc.SignalCategory.VIOLENCE)
    q = current_quarter()
    first = Report.objects.create(first_quarter=q - 1, last_quarter=q)
    second = Report.objects.create(first_quarter=q - 1, last_quarter=q)
    compile_report(first.pk)
    compile_report(second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.release["parameters"] == {
        "threshold": 10,
        "rounding": 5,
        "group_min": 20,
    }
    assert sc.SignalCategory.VIOLENCE in first.release["suppressed"]["category"]
    assert first.input_digest == second.input_digest
    assert first.release["tables"] == second.release["tables"]
    # No raw count of a suppressed cell is stored.
    violence = next(
        c
        for t in first.release["tables"]
        if t["key"] == "category"
        for c in t["cells"]
        if c["key"] == sc.SignalCategory.VIOLENCE
    )
    assert violence == {
        "key": sc.SignalCategory.VIOLENCE,
        "label": "Geweld",
        "display": "<10",
        "value": None,
        "status": "primary",
    }


def test_revoking_consent_removes_the_person_from_the_next_release(
    advisor, consented_case, make_signals
):
    make_signals(10)
    services.signal_from_case(
        by=advisor,
        case=consented_case,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.NONE,
        impact=sc.ImpactLevel.LOW,
    )
    q = current_quarter()
    before = Report.objects.create(first_quarter=q - 4, last_quarter=q)
    compile_report(before.pk)
    consent = consented_case.consents.get(purpose=ConsentPurpose.STATISTICS)
    consent_revoke(consent=consent, by=advisor)
    after = Report.objects.create(first_quarter=q - 4, last_quarter=q)
    compile_report(after.pk)
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.input_digest != after.input_digest
    from signals.stats import Selection, count_persons

    assert count_persons(Selection(q - 4, q)).persons == 10


def test_beat_prepares_the_report_before_a_return_day(make_signals, settings):
    settings.SIGNALS_RETURN_DAY_LEAD_DAYS = 14
    today = timezone.localdate()
    soon = ReturnDay.objects.create(
        date=today + timezone.timedelta(days=10), name="Terugkomdag voorjaar"
    )
    ReturnDay.objects.create(
        date=today + timezone.timedelta(days=60), name="Terugkomdag najaar"
    )
    from unittest import mock

    with mock.patch("signals.tasks.compile_report.delay") as delay:
        assert prepare_return_day_reports() == 1
        assert prepare_return_day_reports() == 0
    report = Report.objects.get()
    assert report.return_day == soon
    assert (report.first_quarter, report.last_quarter) == soon.report_quarters
    assert delay.call_count <= 1
