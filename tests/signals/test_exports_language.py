"""Every spreadsheet Klankbord hands out speaks the user's language and keeps numbers
numbers: each XLSX opened with openpyxl (sheet names and headers in Dutch with nl,
in English with en; counts are int/float cells with a number format, a suppressed
"<10" is a text mark, dates are dates), each CSV parsed with ``;`` (decimal commas in
Dutch, no cell that starts like a formula). Lives next to the signal fixtures because
the report needs them; the other exports come from tests/conftest.py and outreach."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core import exports
from core.constants import AuditAction
from core.models import AuditEvent
from signals import constants as sc
from signals import exports as report_exports
from signals.tasks import compile_report
from tests.outreach.conftest import country  # noqa: F401 (a fixture)
from tests.signals.conftest import closed_quarter, compiled_release
from tests.signals.test_signals_reports import _request_report

pytestmark = pytest.mark.django_db
LOCAL_MOMENT = datetime(2026, 12, 6, 14, 5)  # noqa: DTZ001 (a cell has no zone)
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM"
    text = content.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0].startswith('"'), "every cell quoted"
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    if len(rows[0]) > 1:
        assert '";"' in text.split("\r\n", 1)[0], "';' between cells"
    for row in rows:
        for cell in row:
            if not NUMBER.match(cell):  # a negative number is a number
                assert cell[:1] not in exports.FORMULA_STARTS, cell
    return rows


def _assert_typed(sheet):
    """No number hides as text: a cell that reads as a number is an int/float with
    a number format, a text never starts like a formula, no cell is a formula."""
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert cell.value[:1] not in exports.FORMULA_STARTS, cell.value
                assert not cell.value.strip().lstrip("-").replace(".", "").isdigit(), (
                    f"{sheet.title}!{cell.coordinate}: number {cell.value!r} as text"
                )
            elif isinstance(cell.value, int | float) and not isinstance(
                cell.value, bool
            ):
                assert cell.number_format != "General", cell.coordinate


# --- the helper -------------------------------------------------------------------


def test_csv_numbers_have_a_decimal_comma_in_dutch_and_a_point_in_english():
    row = [12.5, Decimal("37.50"), 3, -1, date(2026, 12, 6), "<10"]
    with translation.override("nl"):
        body = _csv(exports.csv_bytes(["a", "b", "c", "d", "e", "f"], [row]))
    assert body[1] == ["12,5", "37,5", "3", "-1", "2026-12-06", "<10"]
    with translation.override("en"):
        body = _csv(exports.csv_bytes(["a", "b", "c", "d", "e", "f"], [row]))
    assert body[1][:2] == ["12.5", "37.5"]


def test_csv_moment_is_local_time_without_zone():
    moment = timezone.make_aware(LOCAL_MOMENT)
    body = _csv(exports.csv_bytes(["at"], [[moment]]))
    assert body[1] == ["2026-12-06 14:05:00"]


def test_xlsx_cells_keep_their_type_and_get_a_number_format():
    moment = timezone.make_aware(LOCAL_MOMENT)
    content = exports.xlsx_bytes(
        ["a"] * 6, [[3, 12.5, Decimal("1.5"), date(2026, 12, 6), moment, "<10"]], "x"
    )
    cells = list(_book(content).active.iter_rows(min_row=2))[0]
    assert [type(c.value) for c in cells] == [
        int,
        float,
        float,
        datetime,
        datetime,
        str,
    ]
    assert cells[0].number_format == exports.INTEGER_FORMAT
    assert cells[1].number_format == exports.DECIMAL_FORMAT
    assert cells[3].number_format == exports.DATE_FORMAT
    assert cells[4].value == LOCAL_MOMENT  # local time
    assert cells[4].number_format == exports.DATETIME_FORMAT


def test_figure_makes_counts_numbers_and_keeps_marks_text():
    assert exports.figure("39") == 39
    assert exports.figure(7) == 7
    assert exports.figure("<10") == "<10"
    assert exports.figure("") == ""
    assert exports.figure("=1+1") == "'=1+1"


def test_sheet_titles_are_valid_and_unique():
    assert exports.sheet_title("a/b:c") == "a b c"
    assert len(exports.sheet_title("x" * 40)) == 31
    assert exports.sheet_title("Kwartaal", ["kwartaal"]) == "Kwartaal (2)"


# --- the signal report ------------------------------------------------------------


@pytest.fixture
def report(client, staff_user, make_signals, django_capture_on_commit_callbacks):
    q = closed_quarter()
    make_signals(40, quarter=q)
    make_signals(3, category=sc.SignalCategory.VIOLENCE, quarter=q)
    release = compiled_release()
    report = _request_report(
        client, staff_user, django_capture_on_commit_callbacks, release=release.number
    )
    assert compile_report(report.pk) is True
    report.refresh_from_db()
    return report


SHEETS = {
    "nl": ["Over dit rapport", "Cijfers", "Kwartaal", "Categorie"],
    "en": ["About", "Figures", "Quarter", "Category"],
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_xlsx_sheets_headers_and_types(report, language):
    book = _book(report_exports.render_xlsx(report, language))
    for name in SHEETS[language]:
        assert name in book.sheetnames, book.sheetnames
    figures = book[SHEETS[language][1]]
    header = [c.value for c in next(figures.iter_rows())]
    assert header[0] == {"nl": "Tabel", "en": "Table"}[language]
    assert "Rij" not in header
    assert "Row" not in header
    values = [row[3] for row in figures.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(v, int) and v >= 39 for v in values)  # counts: numbers
    assert "<10" in values  # suppressed: a text mark
    for sheet in book:
        _assert_typed(sheet)
    category = book[SHEETS[language][3]]
    first = [c.value for c in next(category.iter_rows())]
    assert first[0] == SHEETS[language][3]
    rows = list(category.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(v, int) or v == "<10" for row in rows for v in row[1:])
    assert any(isinstance(v, int) for row in rows for v in row[1:])


def test_report_stored_files_are_dutch(report):
    book = _book(bytes(report.xlsx))
    assert book.sheetnames[:2] == SHEETS["nl"][:2]
    rows = _csv(bytes(report.csv))
    assert rows[0] == ["Tabel", "Periode", "Groep", "Personen", "Opmerking"]
    assert "<10" in [row[3] for row in rows[1:]]


def test_report_csv_in_english(report):
    rows = _csv(report_exports.render_csv(report, "en"))
    assert rows[0][0] == "Table"


# --- the access log ---------------------------------------------------------------


@pytest.mark.parametrize(("language", "first"), [("nl", "Tijdstip"), ("en", "Moment")])
def test_access_log_csv(client, privacy_officer, advisor, language, first):
    AuditEvent.objects.create(
        actor=advisor,
        actor_username="-rm",
        action=AuditAction.VIEW,
        object_type="case",
        object_id=12,
    )
    client.force_login(privacy_officer)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(reverse("security:access_log_export"))
    rows = _csv(b"".join(response.streaming_content))
    assert rows[0][0] == first
    row = next(r for r in rows[1:] if r[1] == "'-rm")
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", row[0])  # Excel reads it
    assert row[3] == {"nl": "Bekeken", "en": "Viewed"}[language]
    assert row[5] == "12"


# --- OT on Tour -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_outreach_figures(client, coordinator, country, language):  # noqa: F811
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    get = {}
    rows = _csv(client.get(reverse("outreach:figures", args=["csv"]), **get).content)
    assert rows[0][0] == {"nl": "Provinciecode", "en": "Province code"}[language]
    by_code = {row[0]: row for row in rows[1:]}
    percent = {"nl": "37,5", "en": "37.5"}[language]
    assert percent in by_code["PV91"], by_code["PV91"]
    content = client.get(reverse("outreach:figures", args=["xlsx"]), **get).content
    book = _book(content)
    assert book.sheetnames == [{"nl": "Cijfers", "en": "Figures"}[language]]
    sheet = book.active
    _assert_typed(sheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == {"nl": "Provinciecode", "en": "Province code"}[language]
    pv92 = next(r for r in rows if r[0] == "PV92")
    assert pv92[5] == pytest.approx(83.3)
    assert all(isinstance(v, int) for v in pv92[2:5])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_outreach_campaign(client, coordinator, country, language):  # noqa: F811
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    get = {}
    rows = _csv(client.get(reverse("outreach:export", args=["csv"]), **get).content)
    assert rows[0][0] == "gemeentecode"  # the import's own column names
    content = client.get(reverse("outreach:export", args=["xlsx"]), **get).content
    book = _book(content)
    assert book.sheetnames == [{"nl": "Campagne", "en": "Campaign"}[language]]
    _assert_typed(book.active)
    values = [
        v for row in book.active.iter_rows(min_row=2, values_only=True) for v in row
    ]
    assert any(isinstance(v, datetime) for v in values), "dates are dates"
