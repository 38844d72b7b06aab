"""From signal to downloaded report: the compile task, the files, the log."""

import re
import zlib
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.constants import ConsentMethod, ConsentPurpose
from cases.services.consent import consent_record, consent_revoke
from core.models import AuditEvent
from signals import constants as sc
from signals import releases, services
from signals.models import Report, ReturnDay, StatisticsRelease
from signals.tasks import (
    compile_release_task,
    compile_report,
    prepare_return_day_reports,
    release_after_quarter,
)
from tests.factories import default_organisation
from tests.signals.conftest import closed_quarter, compiled_release


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
    q = closed_quarter()
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("signals:report_list"),
            {"first_quarter": q - 3, "last_quarter": q, **extra},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
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
    q = closed_quarter()
    make_signals(40, quarter=q)
    make_signals(3, category=sc.SignalCategory.VIOLENCE, quarter=q)
    consented_case.occurred_on = sc.quarter_start(q)
    consented_case.save(update_fields=["occurred_on"])
    services.signal_from_case(
        by=advisor,
        case=consented_case,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.AANGIFTE,
        impact=sc.ImpactLevel.HIGH,
    )
    release = compiled_release()
    report = _request_report(
        client, staff_user, django_capture_on_commit_callbacks, release=release.number
    )
    assert report.status == sc.ReportStatus.QUEUED
    assert report.statistics_release == release

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
    assert text.splitlines()[0] == '"Tabel";"Periode";"Groep";"Personen";"Opmerking"'
    assert '"Geweld";"<10";' in text  # the three persons with violence
    total = release.figures["figures"]["total"][f"q{q}"]["t"]
    assert 42 <= total <= 46  # 44 persons, with a deviation of at most 2
    assert f'"{sc.quarter_label(q)}";"{sc.quarter_label(q)}";"{total}"' in text

    xlsx = client.get(reverse("signals:report_download", args=[report.pk, "xlsx"]))
    assert xlsx.content.startswith(b"PK")

    logged = AuditEvent.objects.filter(object_type="report", object_id=report.pk)
    details = sorted(logged.values_list("detail", flat=True))
    assert details.count("compiled") == 1
    assert "requested" in details
    assert {"pdf", "csv", "xlsx"} <= set(details)


def test_a_report_shows_the_figures_of_its_release(make_signals):
    q = closed_quarter()
    make_signals(40, quarter=q)
    release = compiled_release()
    report = Report.objects.create(
        statistics_release=release, first_quarter=q - 3, last_quarter=q
    )
    compile_report(report.pk)
    report.refresh_from_db()
    view = next(v for v in report.release["periods"] if v["period"] == f"q{q}")
    category = next(t for t in view["tables"] if t["table"] == "category")
    published = release.figures["figures"]["category"][f"q{q}"]
    assert [c["value"] for c in category["cells"]] == list(published.values())
    # Nothing outside the report's quarters.
    assert {v["period"] for v in report.release["periods"]} <= {
        f"q{n}" for n in range(q - 3, q + 1)
    } | {f"y{y}" for y in range((q - 3) // 4, q // 4 + 1)}


def test_compiling_twice_yields_one_report(make_signals):
    make_signals(30, quarter=closed_quarter())
    q = closed_quarter()
    report = Report.objects.create(
        statistics_release=compiled_release(), first_quarter=q, last_quarter=q
    )
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
    make_signals(30, quarter=closed_quarter())
    q = closed_quarter()
    report = Report.objects.create(
        statistics_release=compiled_release(),
        first_quarter=q,
        last_quarter=q,
        status=sc.ReportStatus.RUNNING,
        progress=35,
    )
    assert compile_report(report.pk) is True
    report.refresh_from_db()
    assert report.is_done


def test_task_options_survive_a_killed_worker():
    assert compile_report.acks_late is True
    assert compile_report.reject_on_worker_lost is True
    assert compile_release_task.acks_late is True
    assert compile_release_task.reject_on_worker_lost is True


def test_a_report_waits_for_its_release_and_follows_it(
    make_signals, django_capture_on_commit_callbacks
):
    make_signals(30, quarter=closed_quarter())
    q = closed_quarter()
    queued = releases.request_release(default_organisation(), sc.ReleaseReason.MANUAL)
    report = Report.objects.create(
        statistics_release=queued, first_quarter=q, last_quarter=q
    )
    assert compile_report(report.pk) is False  # the release is not done yet
    with (
        mock.patch("signals.tasks.compile_report.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert compile_release_task(queued.pk) is True
    delay.assert_called_once_with(report.pk)


def test_revoking_consent_leaves_published_figures_until_a_batch(
    advisor, consented_case, make_signals
):
    q = closed_quarter()
    make_signals(20, quarter=q)
    consented_case.occurred_on = sc.quarter_start(q)
    consented_case.save(update_fields=["occurred_on"])
    services.signal_from_case(
        by=advisor,
        case=consented_case,
        channel=sc.SignalChannel.ONLINE,
        perpetrator=sc.PerpetratorKind.CITIZEN,
        police=sc.PoliceReport.NONE,
        impact=sc.ImpactLevel.LOW,
    )
    before = compiled_release()
    consent = consented_case.consents.get(purpose=ConsentPurpose.STATISTICS)
    consent_revoke(consent=consent, by=advisor)
    after = compiled_release()
    assert after.figures == before.figures
    # The person is gone from what the next computation counts.
    counts = releases.count_snapshot(default_organisation(), q, q).counts
    assert counts[(q, "t")] == 20


def test_beat_prepares_the_report_before_a_return_day(make_signals, settings):
    settings.SIGNALS_RETURN_DAY_LEAD_DAYS = 14
    today = timezone.localdate()
    soon = ReturnDay.objects.create(
        date=today + timezone.timedelta(days=10), name="Terugkomdag voorjaar"
    )
    ReturnDay.objects.create(
        date=today + timezone.timedelta(days=60), name="Terugkomdag najaar"
    )
    with mock.patch("signals.tasks.compile_release_task.delay") as delay:
        assert prepare_return_day_reports() == 1
        assert prepare_return_day_reports() == 0
    report = Report.objects.get()
    assert report.return_day == soon
    last = min(soon.report_quarters[1], closed_quarter())
    assert (report.first_quarter, report.last_quarter) == (last - 3, last)
    assert report.statistics_release.reason == sc.ReleaseReason.RETURN_DAY
    assert delay.call_count <= 1


def test_beat_releases_once_after_a_quarter_closes(make_signals):
    make_signals(12, quarter=closed_quarter())
    with mock.patch("signals.tasks.compile_release_task.delay"):
        first = release_after_quarter()
        assert first >= 1
        assert release_after_quarter() == 0
    association = StatisticsRelease.objects.get(organisation=default_organisation())
    assert association.reason == sc.ReleaseReason.QUARTER
    assert association.last_quarter == closed_quarter()
