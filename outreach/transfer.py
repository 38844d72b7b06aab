"""Import and export of the campaign status per gemeente (CSV or XLSX, same columns).

Invariants:
- rows are matched on the CBS gemeentecode (column ``gemeentecode``), never on name;
  ``gemeente`` and ``provincie`` are for people reading the file and are ignored;
- the whole file is read and checked before anything is written; one refused row (with
  its line number and reason) means nothing is imported; the write is one transaction;
- a dry run reports every row it would change or refuse and writes nothing;
- an empty cell means "not set" (a date cleared, no outcome, ``onbekend``), so the
  export of a state imports back to the same state: export → import changes nothing.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import exports
from outreach.constants import Outcome, YesNoUnknown
from outreach.models import GemeenteCampaign
from regions.models import Gemeente

DATE_COLUMNS = {
    "brief_verstuurd": "letter_sent_on",
    "belactie": "phone_round_on",
    "gesprek_gepland": "talk_planned_on",
    "gesprek_gehouden": "talk_held_on",
    "bijeenkomst_gepland": "session_planned_on",
    "bijeenkomst_gehouden": "session_held_on",
}
CHOICE_COLUMNS = {
    "uitkomst": ("outcome", Outcome.values, ""),
    "agressieprotocol": ("aggression_protocol", YesNoUnknown.values, "onbekend"),
    "gedragscode": ("code_of_conduct", YesNoUnknown.values, "onbekend"),
}
INFO_COLUMNS = ["gemeente", "provincie"]
COLUMNS = [
    "gemeentecode",
    "gemeente",
    "provincie",
    *DATE_COLUMNS,
    "trainingen",
    *CHOICE_COLUMNS,
]
REQUIRED = [c for c in COLUMNS if c not in INFO_COLUMNS]
FIELDS = [
    *DATE_COLUMNS.values(),
    "trainings",
    *(f for f, *_ in CHOICE_COLUMNS.values()),
]
DEFAULTS = {name: None for name in DATE_COLUMNS.values()} | {
    "trainings": 0,
    "outcome": "",
    "aggression_protocol": YesNoUnknown.UNKNOWN,
    "code_of_conduct": YesNoUnknown.UNKNOWN,
}
MAX_ROWS = 2000
CODE = re.compile(r"^GM\d{4}$")
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

CHANGE, CREATE, UNCHANGED, REFUSED = "change", "create", "unchanged", "refused"
ACTION_LABELS = {
    CHANGE: gettext_lazy("change"),
    CREATE: gettext_lazy("new"),
    UNCHANGED: gettext_lazy("unchanged"),
    REFUSED: gettext_lazy("refused"),
}


class FileRefused(ValueError):
    """The file as a whole cannot be read (type, encoding, header)."""


@dataclass
class RowResult:
    line: int
    code: str
    name: str = ""
    action: str = UNCHANGED
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class ImportReport:
    rows: list[RowResult]
    applied: bool = False

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.action == REFUSED]

    @property
    def changing(self) -> list[RowResult]:
        return [r for r in self.rows if r.action in (CHANGE, CREATE)]

    @property
    def unchanged_count(self) -> int:
        return sum(1 for r in self.rows if r.action == UNCHANGED)


# --- reading --------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row, the header first. CSV (comma or semicolon,
    UTF-8) or XLSX (the first sheet), told apart by content, not only by name."""
    is_zip = content[:4] == b"PK\x03\x04"
    if filename.lower().endswith(".xlsx"):
        if not is_zip:
            raise FileRefused(_("This file is not a valid XLSX file."))
        return _xlsx_rows(content)
    if filename.lower().endswith(".csv"):
        if is_zip or b"\x00" in content[:4096]:
            raise FileRefused(_("This file is not a CSV text file."))
        return _csv_rows(content)
    raise FileRefused(_("Upload a .csv or .xlsx file."))


def _csv_rows(content: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The CSV file is not UTF-8 encoded; save it as 'CSV UTF-8'.")
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from error


def _xlsx_rows(content: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileRefused(_("This file is not a valid XLSX file.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                break
            rows.append((number, [_cell_text(v) for v in row]))
        return rows
    finally:
        workbook.close()


def _parse_date(text: str) -> date | None:
    if not text:
        return None
    match = DUTCH_DATE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text[:10] if len(text) > 10 else text)
    except ValueError:
        raise ValueError(text) from None


def check_header(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [h for h in names if h and h not in COLUMNS]
    if missing:
        raise FileRefused(
            _("Line 1: missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if unknown:
        raise FileRefused(
            _("Line 1: unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    return {name: names.index(name) for name in COLUMNS if name in names}


def _row_values(cells: list[str], index: dict[str, int]) -> tuple[dict, list[str]]:
    def cell(name):
        position = index.get(name)
        return (
            cells[position].strip()
            if position is not None and position < len(cells)
            else ""
        )

    values, errors = {}, []
    for column, name in DATE_COLUMNS.items():
        try:
            values[name] = _parse_date(cell(column))
        except ValueError:
            errors.append(
                _("column %(column)s: '%(value)s' is not a date (use YYYY-MM-DD).")
                % {"column": column, "value": cell(column)[:20]}
            )
    raw = cell("trainingen")
    if not raw:
        values["trainings"] = 0
    elif raw.isascii() and raw.isdigit() and int(raw) <= 99:  # not "²"
        values["trainings"] = int(raw)
    else:
        errors.append(
            _("column trainingen: '%(value)s' is not a number from 0 to 99.")
            % {"value": raw[:20]}
        )
    for column, (name, allowed, default) in CHOICE_COLUMNS.items():
        raw = cell(column).lower()
        if not raw:
            values[name] = default
        elif raw in allowed:
            values[name] = raw
        else:
            errors.append(
                _("column %(column)s: '%(value)s' is not one of: %(allowed)s.")
                % {
                    "column": column,
                    "value": raw[:30],
                    "allowed": ", ".join(allowed),
                }
            )
    return values, errors


def _display(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def check(content: bytes, filename: str) -> tuple[ImportReport, dict]:
    """Read and check the whole file; write nothing. Returns the report and the
    existing campaigns by gemeente code (for ``apply``)."""
    rows = read_rows(content, filename)
    if not rows or not any(rows[0][1]):
        raise FileRefused(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise FileRefused(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    index = check_header(rows[0][1])
    body = [(line, cells) for line, cells in rows[1:] if any(c.strip() for c in cells)]
    if not body:
        raise FileRefused(_("The file has a header but no rows."))
    codes = {
        cells[index["gemeentecode"]].strip().upper()
        for _line, cells in body
        if index["gemeentecode"] < len(cells)
    }
    gemeenten = {
        g.code: g
        for g in Gemeente.objects.filter(code__in=codes).select_related("campaign")
    }
    seen: dict[str, int] = {}
    results = []
    labels = {
        name: str(GemeenteCampaign._meta.get_field(name).verbose_name)
        for name in FIELDS
    }
    for line, cells in body:
        position = index["gemeentecode"]
        code = cells[position].strip().upper() if position < len(cells) else ""
        result = RowResult(line=line, code=code)
        results.append(result)
        if not CODE.match(code):
            result.errors.append(
                _("'%(code)s' is not a CBS gemeentecode (like GM0363).")
                % {"code": code[:20]}
            )
        elif code not in gemeenten:
            result.errors.append(
                _("gemeentecode %(code)s is not a known municipality.") % {"code": code}
            )
        elif code in seen:
            result.errors.append(
                _("gemeentecode %(code)s is already on line %(line)s.")
                % {"code": code, "line": seen[code]}
            )
        else:
            seen[code] = line
        values, errors = _row_values(cells, index)
        result.errors.extend(errors)
        gemeente = gemeenten.get(code)
        if gemeente is not None:
            result.name = gemeente.name
        if result.errors:
            result.action = REFUSED
            continue
        campaign = getattr(gemeente, "campaign", None)
        current = (
            {name: getattr(campaign, name) for name in FIELDS}
            if campaign is not None
            else dict(DEFAULTS)
        )
        candidate = GemeenteCampaign(gemeente=gemeente, **values)
        try:
            candidate.clean()
        except ValidationError as error:
            result.errors.extend(error.messages)
            result.action = REFUSED
            continue
        result.values = values
        result.changes = [
            (labels[name], _display(current[name]), _display(values[name]))
            for name in FIELDS
            if current[name] != values[name]
        ]
        if not result.changes:
            result.action = UNCHANGED
        else:
            result.action = CHANGE if campaign is not None else CREATE
    return ImportReport(rows=results), gemeenten


def run_import(*, content: bytes, filename: str, by, dry_run: bool) -> ImportReport:
    """Check the file and, unless ``dry_run`` or a row is refused, apply every change
    in one transaction. Raises ``FileRefused`` for a file that cannot be read."""
    report, gemeenten = check(content, filename)
    if dry_run or report.refused:
        return report
    with transaction.atomic():
        for row in report.changing:
            gemeente = gemeenten[row.code]
            campaign = (
                GemeenteCampaign.objects.select_for_update()
                .filter(gemeente=gemeente)
                .first()
            ) or GemeenteCampaign(gemeente=gemeente)
            for name, value in row.values.items():
                setattr(campaign, name, value)
            campaign.updated_by = by
            campaign.save()
    report.applied = True
    return report


# --- writing --------------------------------------------------------------------------


def export_rows() -> list[list]:
    """The header and one row per gemeente (all 342), in CBS-code order."""
    rows = [list(COLUMNS)]
    for gemeente in Gemeente.objects.select_related("province", "campaign").order_by(
        "code"
    ):
        campaign = getattr(gemeente, "campaign", None)
        values = (
            {name: getattr(campaign, name) for name in FIELDS}
            if campaign is not None
            else dict(DEFAULTS)
        )
        rows.append(
            [
                gemeente.code,
                gemeente.name,
                gemeente.province.name,
                *(values[name] for name in DATE_COLUMNS.values()),
                values["trainings"],
                *(values[name] for name, *_ in CHOICE_COLUMNS.values()),
            ]
        )
    return rows


def to_csv(rows: list[list]) -> bytes:
    """The rows (the header first) as CSV, through ``core.exports``: every cell
    quoted, ``;``, UTF-8 with BOM, no cell a spreadsheet would run."""
    return exports.csv_bytes(rows[0], rows[1:])


def to_xlsx(rows: list[list], title: str) -> bytes:
    """The rows (the header first) as one XLSX sheet, through ``core.exports``."""
    return exports.xlsx_bytes(rows[0], rows[1:], title)
