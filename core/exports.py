"""Spreadsheet exports that a spreadsheet program cannot turn against its user.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(...)`` sends data away, ``=cmd|...`` once started programs), and
a leading tab or carriage return hides the same trick from a first glance. Every CSV
and XLSX file Klankbord writes goes through this module:

- ``safe_cell(value)``: a text that starts with one of those characters gets a
  leading ``'`` (the spreadsheet shows it as text); numbers and dates stay values.
- ``csv_bytes(header, rows)``: the whole file: every cell quoted, ``;`` between
  cells (Dutch Excel's list separator), CRLF line ends, UTF-8 with a BOM.
- ``csv_stream(header, rows)``: the same, line by line, for a streaming response.
- ``xlsx_append(sheet, row)`` / ``xlsx_bytes(header, rows, title)``: the same cells
  into an openpyxl sheet; text cells are written as text, never as formulas.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    zone becomes ISO text (a spreadsheet cell has no time zone)."""
    if isinstance(value, bool):
        return safe_text(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return value.isoformat() if value.tzinfo is not None else value
    if isinstance(value, date):
        return value
    return safe_text(value)


def _csv_text(value) -> str:
    cell = safe_cell(value)
    if isinstance(cell, date):  # also a datetime
        return cell.isoformat()
    return cell if isinstance(cell, str) else str(cell)


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


def xlsx_append(sheet, row: Sequence) -> None:
    """Append ``row`` to an openpyxl worksheet (also a write-only one) safely.

    A string cell is written with data type ``s`` (a string), so even a value that
    slipped past ``safe_text`` is never stored as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        cell_value = safe_cell(value)
        cell = WriteOnlyCell(sheet, value=cell_value)
        if isinstance(cell_value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)


def xlsx_bytes(header: Sequence, rows: Iterable[Sequence], title: str) -> bytes:
    """A workbook with one sheet called ``title``: ``header``, then ``rows``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
