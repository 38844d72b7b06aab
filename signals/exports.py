"""The files of a report, rendered from the published release only (display strings
that already went through ``signals.disclosure``): PDF, XLSX and CSV."""

import csv
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from signals.charts import charts_for, map_values

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-right { content: counter(page); } }
body { font-family: sans-serif; font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 22pt; margin-top: 60mm; }
h2 { font-size: 14pt; margin-top: 10mm; break-after: avoid; }
.cover { break-after: page; }
.chart { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; }
th, td { border-bottom: 1px solid #999; padding: 1.5mm 2mm; text-align: left; }
td.num, th.num { text-align: right; }
.note { font-size: 8.5pt; color: #444; }
svg { max-width: 100%; }
summary { display: none; }
"""


def _context(report) -> dict:
    release = report.release
    return {
        "report": report,
        "release": release,
        "charts": charts_for(release),
        "map_values": map_values(release),
        "params": release.get("parameters", {}),
    }


def render_pdf(report) -> bytes:
    from weasyprint import CSS, HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("signals/report_pdf.html", _context(report))
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PDF_CSS)])


def _rows(report):
    release = report.release
    yield [_("Table"), _("Row"), _("Persons"), _("Note")]
    for table in release["tables"]:
        for cell in table["cells"]:
            note = ""
            if cell["status"] == "primary":
                note = _("fewer than %(t)s persons") % {
                    "t": release["parameters"]["threshold"]
                }
            elif cell["status"]:
                note = _("hidden to protect other figures")
            yield [table["title"], cell["label"], cell["display"], note]
        yield [table["title"], _("Persons in total"), table["persons"], ""]


def render_csv(report) -> bytes:
    """Semicolon-separated, UTF-8 with BOM: opens correctly in Dutch Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    with translation.override(settings.LANGUAGE_CODE):
        for row in _rows(report):
            writer.writerow(row)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def render_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    release = report.release
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(settings.LANGUAGE_CODE):
        sheet.title = _("About")[:31]
        sheet.append([_("Klankbord signal report")])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([_("Period"), report.period_label])
        sheet.append([_("Persons"), release["persons"]])
        sheet.append([_("Threshold"), release["parameters"]["threshold"]])
        sheet.append([_("Rounded to a multiple of"), release["parameters"]["rounding"]])
        sheet.append([_("Input digest"), release["input_digest"]])
        for table in release["tables"]:
            ws = workbook.create_sheet(title=str(table["key"])[:31])
            ws.append([table["title"]])
            ws["A1"].font = Font(bold=True)
            ws.append([_("Row"), _("Persons")])
            for cell in table["cells"]:
                # Published numbers as numbers, suppressed cells as their marks.
                value = cell["value"] if cell["value"] is not None else cell["display"]
                ws.append([cell["label"], value])
            ws.append([_("Persons in total"), table["persons"]])
            ws.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
