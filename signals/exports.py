"""The files of a report, rendered from its stored content only (figures of a
statistics release, already protected): PDF, XLSX and CSV."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Sheet, csv_bytes, figure, xlsx_workbook
from signals.charts import charts_for

PDF_CSS = """
.pdf-legend { list-style: none; padding: 0; margin: 1mm 0; }
.pdf-legend li { display: inline-block; margin-right: 4mm; font-size: 8.5pt; }
.pdf-legend svg { vertical-align: -1pt; }
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


TABLE_SHEETS = {
    "total": gettext_lazy("Quarter"),
    "trend": gettext_lazy("Quarter"),
    "category": gettext_lazy("Category"),
    "office": gettext_lazy("Office"),
    "province": gettext_lazy("Province"),
    "channel": gettext_lazy("Channel"),
    "perpetrator": gettext_lazy("Perpetrator"),
    "police": gettext_lazy("Police"),
    "impact": gettext_lazy("Impact"),
}


def _header() -> list[str]:
    return [_("Table"), _("Period"), _("Group"), _("Persons"), _("Remark")]


def _rows(report):
    threshold = report.release.get("parameters", {}).get("threshold", 10)
    for table in _tables(report):
        for cell in table["cells"]:
            value = cell["value"] if cell["value"] is not None else cell["display"]
            yield [
                table["title"],
                table["period"] or cell["label"],
                cell["label"],
                figure(value),
                _note(cell, threshold),
            ]


def _dimension(key: str) -> str:
    return str(TABLE_SHEETS.get(key.split("-")[0], key.split("-")[0]))


def _quarter_sheets(report):
    """One sheet per breakdown ("Kwartaal", "Categorie", ...): a row per group, a
    column per quarter; counts are numbers, suppressed cells their text mark."""
    content = report.release
    trend = content["trend"]
    yield Sheet(
        title=_dimension(trend.get("table") or "trend"),
        header=[_("Quarter"), _("Persons")],
        rows=[[cell["label"], figure(cell["display"])] for cell in trend["cells"]],
        widths={"A": 16},
    )
    for table in content.get("quarter_tables", []):
        name = _dimension(table["key"])
        yield Sheet(
            title=name,
            header=[name, *table["columns"]],
            rows=[
                [row["label"], *(figure(c) for c in row["cells"])]
                for row in table["rows"]
            ],
            widths={"A": 40},
        )


def render_csv(report, language: str | None = None) -> bytes:
    """Through the one export helper (core.exports): quoted, ``;``, UTF-8 with BOM,
    counts as numbers, and no cell a spreadsheet would run as a formula."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return csv_bytes(_header(), list(_rows(report)))


def render_xlsx(report, language: str | None = None) -> bytes:
    """About the report, all figures, then one sheet per breakdown; sheet names and
    headers in ``language`` (the site's language by default)."""
    content = report.release
    with translation.override(language or settings.LANGUAGE_CODE):
        about = Sheet(
            title=_("About"),
            header=[_("Klankbord signal report")],
            rows=[
                [_("Period"), report.period_label],
                [_("Release"), content["number"]],
                [_("Threshold"), content["parameters"]["threshold"]],
                [_("Largest deviation"), content["parameters"]["max_deviation"]],
            ],
            widths={"A": 24, "B": 30},
        )
        figures = Sheet(
            title=_("Figures"),
            header=_header(),
            rows=list(_rows(report)),
            widths={"A": 40, "C": 40, "E": 30},
        )
        return xlsx_workbook([about, figures, *_quarter_sheets(report)])
