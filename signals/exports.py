"""The files of a report, rendered from its stored content only (figures of a
statistics release, already protected): PDF, XLSX and CSV."""

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.exports import csv_bytes, xlsx_append
from signals.charts import charts_for

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


def context(report) -> dict:
    """What the report page and the PDF show: the trend and each period's tables."""
    content = report.release
    # Charts for each whole year inside the report and for its newest quarter; every
    # quarter's figures are in the tables per quarter.
    views = content["periods"]
    newest = next((v for v in views if v["period"].startswith("q")), None)
    charted = [v for v in views if v["period"].startswith("y")]
    charted += [newest] if newest else []
    years = [{**view, "charts": charts_for(view["tables"])} for view in charted]
    return {
        "report": report,
        "content": content,
        "trend": charts_for([content["trend"]])[0],
        "years": years,
        "quarter_tables": content.get("quarter_tables", []),
        "params": content.get("parameters", {}),
    }


def render_pdf(report) -> bytes:
    from weasyprint import CSS, HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("signals/report_pdf.html", context(report))
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PDF_CSS)])


def _note(cell, threshold) -> str:
    if cell["status"] == "primary":
        return _("0 to %(m)s persons") % {"m": threshold - 1}
    if cell["status"]:
        return _("withheld to protect other figures")
    return ""


def _tables(report):
    content = report.release
    yield content["trend"]
    for view in content["periods"]:
        yield from view["tables"]


def _header() -> list[str]:
    return [_("Table"), _("Period"), _("Row"), _("Persons"), _("Remark")]


def _rows(report):
    threshold = report.release.get("parameters", {}).get("threshold", 10)
    for table in _tables(report):
        for cell in table["cells"]:
            value = cell["value"] if cell["value"] is not None else cell["display"]
            yield [
                table["title"],
                table["period"] or cell["label"],
                cell["label"],
                value,
                _note(cell, threshold),
            ]


def render_csv(report) -> bytes:
    """Through the one export helper (core.exports): quoted, ``;``, UTF-8 with BOM,
    and no cell a spreadsheet would run as a formula."""
    with translation.override(settings.LANGUAGE_CODE):
        return csv_bytes(_header(), list(_rows(report)))


def render_xlsx(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    content = report.release
    workbook = Workbook()
    sheet = workbook.active
    with translation.override(settings.LANGUAGE_CODE):
        sheet.title = _("About")[:31]
        sheet.append([_("Klankbord signal report")])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([_("Period"), report.period_label])
        sheet.append([_("Release"), content["number"]])
        sheet.append([_("Threshold"), content["parameters"]["threshold"]])
        sheet.append([_("Largest deviation"), content["parameters"]["max_deviation"]])
        data = workbook.create_sheet(title=_("Figures")[:31])
        xlsx_append(data, _header())
        for row in _rows(report):
            xlsx_append(data, row)
        data["A1"].font = Font(bold=True)
        data.column_dimensions["A"].width = 40
        data.column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
