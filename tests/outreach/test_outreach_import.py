"""Import and export of the campaign status: dry run, refusals with line numbers,
all-or-nothing, and a round trip that changes nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach import transfer
from outreach.models import GemeenteCampaign

pytestmark = pytest.mark.django_db

HEADER = ";".join(transfer.COLUMNS)


def _csv(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def _row(code, letter="", talk_held="", trainings="", outcome="", protocol=""):
    cells = [
        code,
        "",
        "",
        letter,
        "",
        "",
        talk_held,
        "",
        "",
        trainings,
        outcome,
        protocol,
        "",
    ]
    return ";".join(cells)


def _state():
    return sorted(
        GemeenteCampaign.objects.values_list("gemeente__code", *transfer.FIELDS)
    )


def test_dry_run_reports_changes_and_writes_nothing(country, coordinator):
    content = _csv(_row("GM9106", letter="2026-04-01", outcome="wacht-op-antwoord"))
    before = _state()
    report = transfer.run_import(
        content=content, filename="s.csv", by=coordinator, dry_run=True
    )
    assert _state() == before
    assert not report.applied
    [row] = report.changing
    assert (row.line, row.code, row.action) == (2, "GM9106", transfer.CREATE)
    label = GemeenteCampaign._meta.get_field("letter_sent_on").verbose_name
    assert (str(label), "–", "2026-04-01") in [
        (str(name), old, new) for name, old, new in row.changes
    ]


def test_import_applies_the_changes(country, coordinator):
    content = _csv(_row("GM9106", letter="01-04-2026", trainings="3"))
    report = transfer.run_import(
        content=content, filename="s.csv", by=coordinator, dry_run=False
    )
    assert report.applied
    campaign = GemeenteCampaign.objects.get(gemeente__code="GM9106")
    assert campaign.letter_sent_on == date(2026, 4, 1)
    assert campaign.trainings == 3
    assert campaign.updated_by == coordinator


def test_bad_rows_are_refused_with_line_and_reason_and_nothing_is_imported(
    country, coordinator
):
    content = _csv(
        _row("GM9106", letter="2026-04-01"),  # line 2: fine
        _row("GM9999", letter="2026-04-01"),  # line 3: unknown gemeente
        _row("GM9107", letter="31-02-2026"),  # line 4: no such date
        _row("GM9106", letter="2026-04-02"),  # line 5: duplicate of line 2
        _row("GM9200", outcome="misschien"),  # line 6: unknown outcome
        _row("GM9201", trainings="veel"),  # line 7: not a number
        _row("XX12", letter="2026-04-01"),  # line 8: not a code
    )
    before = _state()
    report = transfer.run_import(
        content=content, filename="s.csv", by=coordinator, dry_run=False
    )
    assert _state() == before
    assert not report.applied
    refused = {row.line: " ".join(row.errors) for row in report.refused}
    assert sorted(refused) == [3, 4, 5, 6, 7, 8]
    assert "GM9999" in refused[3]
    assert "brief_verstuurd" in refused[4]
    assert "line 2" in refused[5] or "regel 2" in refused[5]
    assert "uitkomst" in refused[6]
    assert "trainingen" in refused[7]


def test_a_row_against_the_model_rules_is_refused(country, coordinator):
    line = ";".join(
        [
            "GM9106",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "2026-05-01",
            "",
            "geen-interesse",
            "",
            "",
        ]
    )
    report = transfer.run_import(
        content=_csv(line), filename="s.csv", by=coordinator, dry_run=False
    )
    assert [r.line for r in report.refused] == [2]
    assert not GemeenteCampaign.objects.filter(gemeente__code="GM9106").exists()


def test_missing_column_refuses_the_file(country, coordinator):
    content = b"gemeentecode;brief_verstuurd\nGM9106;2026-04-01\n"
    with pytest.raises(transfer.FileRefused, match="Line 1|Regel 1"):
        transfer.run_import(
            content=content, filename="s.csv", by=coordinator, dry_run=True
        )


def test_xlsx_named_file_with_other_content_is_refused(country, coordinator):
    with pytest.raises(transfer.FileRefused):
        transfer.run_import(
            content=_csv(_row("GM9106")),
            filename="s.xlsx",
            by=coordinator,
            dry_run=True,
        )


def test_comma_separated_csv_is_read(country, coordinator):
    content = (",".join(transfer.COLUMNS) + "\nGM9106,,,2026-04-01,,,,,,,,,\n").encode()
    report = transfer.run_import(
        content=content, filename="s.csv", by=coordinator, dry_run=True
    )
    assert [r.code for r in report.changing] == ["GM9106"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_import_export_changes_nothing(country, coordinator, fmt):
    rows = transfer.export_rows()
    content = transfer.to_csv(rows) if fmt == "csv" else transfer.to_xlsx(rows, "c")
    before = _state()
    report = transfer.run_import(
        content=content, filename=f"s.{fmt}", by=coordinator, dry_run=False
    )
    assert report.refused == []
    assert report.changing == []
    assert report.unchanged_count == 20
    assert _state() == before
    assert transfer.export_rows() == rows


def test_export_lists_every_gemeente_even_without_campaign(country):
    rows = transfer.export_rows()
    assert rows[0] == transfer.COLUMNS
    assert len(rows) == 21
    untouched = next(r for r in rows if r[0] == "GM9107")
    assert untouched[3:] == [None] * 6 + [0, "", "onbekend", "onbekend"]


def test_import_page_dry_run_then_apply(client, coordinator, country):
    client.force_login(coordinator)
    content = _csv(_row("GM9106", letter="2026-04-01"))
    upload = SimpleUploadedFile("s.csv", content, content_type="text/csv")
    response = client.post(
        reverse("outreach:import"), {"file": upload, "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "GM9106" in response.content.decode()
    assert not GemeenteCampaign.objects.filter(gemeente__code="GM9106").exists()
    upload = SimpleUploadedFile("s.csv", content, content_type="text/csv")
    response = client.post(reverse("outreach:import"), {"file": upload})
    assert GemeenteCampaign.objects.filter(gemeente__code="GM9106").exists()


def test_import_page_refuses_other_file_types(client, coordinator, country):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("s.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("outreach:import"), {"file": upload})
    assert response.status_code == 400


def test_import_page_refuses_a_too_large_file(client, coordinator, country, settings):
    settings.KLANKBORD_OUTREACH_IMPORT_MAX_BYTES = 100
    client.force_login(coordinator)
    upload = SimpleUploadedFile("s.csv", _csv(*[_row("GM9106")] * 10))
    response = client.post(reverse("outreach:import"), {"file": upload})
    assert response.status_code == 400
    assert not GemeenteCampaign.objects.filter(gemeente__code="GM9106").exists()


def test_import_page_refuses_an_oversized_request_before_parsing(
    client, coordinator, country, settings
):
    settings.KLANKBORD_OUTREACH_IMPORT_MAX_BYTES = 10
    client.force_login(coordinator)
    upload = SimpleUploadedFile("s.csv", _csv(*[_row("GM9106")] * 2000))
    response = client.post(reverse("outreach:import"), {"file": upload})
    assert response.status_code == 400
    assert not GemeenteCampaign.objects.filter(gemeente__code="GM9106").exists()


def test_trainings_in_other_digits_are_refused_not_a_crash(country, coordinator):
    """A "²" is a digit to str.isdigit() but not to int(): that was a 500."""
    content = _csv(_row("GM9106", letter="2026-04-01"), _row("GM9107", trainings="²"))
    before = _state()
    report = transfer.run_import(
        content=content, filename="s.csv", by=coordinator, dry_run=False
    )
    assert _state() == before
    assert not report.applied
    [row] = report.refused
    assert row.line == 3
    assert "trainingen" in " ".join(row.errors)
