"""Spreadsheet exports that a spreadsheet program cannot turn against its user, in
the user's language.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)`` sends data away, ``=cmd|...`` once started programs), and
a leading tab or carriage return hides the same trick from a first glance. Every CSV
and XLSX file Klankbord writes goes through this module:

- ``safe_cell(value)``: a text that starts with one of those characters gets a
  leading ``'`` (the spreadsheet shows it as text); numbers and dates stay values
  (a datetime with a time zone becomes local time: a spreadsheet cell has none).
- ``csv_bytes(header, rows)``: the whole file: every cell quoted, ``;`` between
  cells (Dutch Excel's list separator), CRLF line ends, UTF-8 with a BOM; a number
  with a fraction has a decimal comma when the active language is Dutch ("12,5"),
  a date is ISO ("2026-12-06"), a moment "2026-12-06 14:05:00".
- ``csv_stream(header, rows)``: the same, line by line, for a streaming response.
- ``xlsx_append(sheet, row)`` / ``xlsx_bytes(header, rows, title)`` /
  ``xlsx_workbook(sheets)``: the same cells into openpyxl sheets; text cells are
  written as text (never as formulas), numbers as numbers and dates as dates, each
  with a number format; sheet names are made valid (31 characters, no ``[]:*?/\\``).
- ``figure(value)``: a published figure: a count becomes a number, a suppressed
  mark ("<10") stays text.

Headers and sheet names are given translated by the caller (the active language).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER_FORMAT = "0"
DECIMAL_FORMAT = "0.0##"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_COUNT = re.compile(r"^\d+$")


def safe_text(value) -> str:
    """Any value as text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_cell(value):
    """One cell: numbers (not booleans) and dates stay values, the rest is safe text.

    Numbers and dates come from Klankbord's own fields, never from what someone
    typed, so a negative number is a number, not a formula. A datetime with a time
    zone becomes the local time without a zone (a spreadsheet cell has none)."""
    if isinstance(value, bool):
        return safe_text(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return value
    return safe_text(value)


def figure(value):
    """A published figure: a count ("39", 39) is a number; a suppressed mark ("<10")
    or an empty cell stays (safe) text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip()
    if _COUNT.match(text):
        return int(text)
    return safe_text(text)


def decimal_comma() -> bool:
    """Dutch spreadsheets read ``12,5`` as a number and ``12.5`` as a date or text."""
    language = get_language() or settings.LANGUAGE_CODE
    return not language.startswith("en")


def _number_text(value) -> str:
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal_comma() else text


def _csv_text(value) -> str:
    cell = safe_cell(value)
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, int | float | Decimal):
        return _number_text(cell)
    return cell


class _Line:
    """A file object that hands back what the csv writer writes."""

    def write(self, value):
        return value


def _writer(target):
    return csv.writer(
        target, delimiter=DELIMITER, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
    )


def csv_stream(header: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file as UTF-8 chunks (the first starts with the BOM), one per line."""
    writer = _writer(_Line())
    yield (BOM + writer.writerow([_csv_text(v) for v in header])).encode("utf-8")
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row]).encode("utf-8")


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The whole CSV file: ``header``, then ``rows``; quoted, ``;``, UTF-8 with BOM."""
    return b"".join(csv_stream(header, rows))


def _xlsx_cell(sheet, value, bold=False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell_value = safe_cell(value)
    if isinstance(cell_value, Decimal):
        cell_value = float(cell_value)
    cell = WriteOnlyCell(sheet, value=cell_value)
    if isinstance(cell_value, str):
        cell.data_type = "s"
    elif isinstance(cell_value, int):
        cell.number_format = INTEGER_FORMAT
    elif isinstance(cell_value, float):
        cell.number_format = DECIMAL_FORMAT
    elif isinstance(cell_value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(cell_value, date):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_append(sheet, row: Sequence, bold: bool = False) -> None:
    """Append ``row`` to an openpyxl worksheet (also a write-only one) safely.

    A string cell is written with data type ``s`` (a string), so even a value that
    slipped past ``safe_text`` is never stored as a formula; a number or a date
    keeps its type and gets a number format."""
    sheet.append([_xlsx_cell(sheet, value, bold) for value in row])


def sheet_title(title, taken: Sequence[str] = ()) -> str:
    """A valid, unique sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _SHEET_FORBIDDEN.sub(" ", str(title)).strip().strip("'")[:31] or "-"
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return name


@dataclass
class Sheet:
    """One sheet of a workbook: its (translated) name, a header row and the rows.
    ``widths`` sets column widths (in characters) by column letter."""

    title: str
    header: Sequence
    rows: Iterable[Sequence]
    widths: dict = field(default_factory=dict)
    header_bold: bool = True


def xlsx_workbook(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with ``sheets`` in order, each header in bold."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    taken: list[str] = []
    for spec in sheets:
        title = sheet_title(spec.title, taken)
        taken.append(title)
        sheet = workbook.create_sheet(title=title)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if spec.header:
            xlsx_append(sheet, spec.header, bold=spec.header_bold)
        for row in spec.rows:
            xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], title: str) -> bytes:
    """A workbook with one sheet called ``title``: ``header``, then ``rows``."""
    return xlsx_workbook([Sheet(title=title, header=header, rows=rows)])
