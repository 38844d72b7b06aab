"""What a statistics release looks like to its readers: the tables of one period, the
trend over its quarters, the map. Built from the stored figures only (nothing is
counted here); the dashboard, the HTML report, the PDF, the XLSX and the CSV all read
these dictionaries, so every reader sees the same figures."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from regions.models import Province
from signals import catalogue
from signals.catalogue import Period
from signals.perturbation import Params

WITHHELD_MARK = "×"
PUBLISHED, SMALL, WITHHELD = "", "primary", "withheld"


def _display(value, small_label: str) -> str:
    return small_label if value is None else number_format(value, force_grouping=True)


def _small_label(release) -> str:
    """ "<10": the release's own threshold, as its parameters were."""
    return Params(**release.parameters).small_label


def _province_names(codes) -> dict[str, str]:
    return dict(Province.objects.filter(code__in=codes).values_list("code", "name"))


def table_view(release, table: catalogue.Table, period: Period, names=None) -> dict:
    """One table of one period: ``cells`` (key, label, display, value, status) and
    ``persons`` (the period's total, as published)."""
    small = _small_label(release)
    figures = release.figures["figures"]
    withheld = table.key in release.figures.get("withheld", {}).get(period.key, [])
    values = figures.get(table.key, {}).get(period.key, {})
    total = figures.get("total", {}).get(period.key, {}).get("t")
    cells = []
    for cell, value in table.cells:
        if table.key == "province":
            key, label = value, (names or {}).get(value, value)
        elif table.key == "total":
            key, label = "t", _("Persons")
        else:
            key, label = cell, catalogue.label(table.key, value)
        figure = values.get(cell)
        if withheld:
            display, status = WITHHELD_MARK, WITHHELD
        else:
            display = _display(figure, small)
            status = SMALL if figure is None else PUBLISHED
        cells.append(
            {
                "key": key,
                "label": str(label),
                "display": display,
                "value": None if withheld else figure,
                "status": status,
            }
        )
    return {
        "key": f"{table.key}-{period.key}",
        "table": table.key,
        "title": str(table.title),
        "period": period.label,
        "cells": cells,
        "persons": _display(total, small),
        "withheld": withheld,
    }


def period_view(release, period_key: str) -> dict:
    """Every table of one period of ``release``."""
    period = Period(period_key)
    codes = release.figures["provinces"]
    names = _province_names(codes)
    tables = [
        table_view(release, table, period, names)
        for table in catalogue.tables_for(period, codes)
        if table.key != "total"
    ]
    total = release.figures["figures"].get("total", {}).get(period.key, {}).get("t")
    small = _small_label(release)
    return {
        "period": period.key,
        "label": period.label,
        "persons": _display(total, small),
        "tables": tables,
        "map_values": map_values(tables),
    }


def trend_view(release, first_quarter=None, last_quarter=None) -> dict:
    """Persons per quarter over the release (or the given quarters), oldest first."""
    small = _small_label(release)
    totals = release.figures["figures"].get("total", {})
    cells = []
    first = first_quarter or release.first_quarter
    last = last_quarter or release.last_quarter
    for number in range(first, last + 1):
        period = Period.quarter(number)
        value = totals.get(period.key, {}).get("t")
        cells.append(
            {
                "key": period.key,
                "label": period.label,
                "display": _display(value, small),
                "value": value,
                "status": SMALL if value is None else PUBLISHED,
            }
        )
    return {
        "key": "trend",
        "table": "total",
        "title": _("Persons per quarter"),
        "period": "",
        "cells": cells,
        "persons": "",
        "withheld": False,
    }


def map_values(tables) -> dict:
    """CBS code -> published number or display string, for the province map."""
    for table in tables:
        if table["table"] == "province":
            return {
                c["key"]: (c["value"] if c["value"] is not None else c["display"])
                for c in table["cells"]
            }
    return {}


def quarter_tables(release, quarters: list[Period]) -> list[dict]:
    """Each one-dimension table over ``quarters`` side by side: rows are the values,
    columns the quarters (how a report shows its quarters)."""
    codes = release.figures["provinces"]
    names = _province_names(codes)
    result = []
    for table in catalogue.tables_for(quarters[0], codes):
        if table.key == "total":
            continue
        views = [table_view(release, table, q, names) for q in quarters]
        rows = [
            {
                "label": views[0]["cells"][i]["label"],
                "cells": [view["cells"][i]["display"] for view in views],
            }
            for i in range(len(views[0]["cells"]))
        ]
        result.append(
            {
                "key": f"{table.key}-quarters",
                "title": views[0]["title"],
                "columns": [q.label for q in quarters],
                "rows": rows,
            }
        )
    return result


def report_content(release, first_quarter: int, last_quarter: int) -> dict:
    """What a report over these quarters shows (stored with the report): the trend,
    each calendar year that lies wholly inside with its charts, and every table per
    quarter side by side. ``periods`` holds every period's tables for the exports."""
    inside = set(range(first_quarter, last_quarter + 1))
    keys = [
        key for key in release.figures["periods"] if set(Period(key).quarters) <= inside
    ]
    quarters = [Period(key) for key in keys if not Period(key).is_year]
    return {
        "number": release.number,
        "parameters": release.parameters,
        "trend": trend_view(release, first_quarter, last_quarter),
        "periods": [period_view(release, key) for key in keys],
        "quarter_tables": quarter_tables(release, sorted(quarters, key=str))
        if quarters
        else [],
    }


def cells_of(release) -> list[tuple[str, str, str, int | None, bool]]:
    """Every published figure of a release as (table, period, cell, figure, withheld):
    exactly what its readers can see, in machine form (the attack suite reads it)."""
    result = []
    withheld = release.figures.get("withheld", {})
    for table, by_period in release.figures["figures"].items():
        for period, cells in by_period.items():
            hidden = table in withheld.get(period, [])
            for cell, value in cells.items():
                result.append((table, period, cell, value, hidden))
    return result
