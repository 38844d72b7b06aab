"""Server-rendered SVG charts from published tables (display values only).

The geometry is computed here and written as SVG presentation attributes by the
templates: no chart library, no script, no style attributes. Each chart is followed by
its table in the templates ("show as table").

The map's legend and the dashboard's key figures are made here too, from published
figures only: no class of the legend starts below the disclosure threshold and no key
figure under the threshold is ever shown."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from regions.maps import grouped, map_classes

BAR_AREA = 420  # width of the longest bar in SVG units
ROW = 34  # height of one row of a bar chart
COLUMN_HEIGHT = 160  # height of the tallest column of the trend chart
COLUMN_WIDTH = 58


@dataclass
class Bar:
    label: str
    display: str
    suppressed: bool
    y: int
    width: int
    text_y: int
    value_x: int


def bar_chart(table: dict) -> dict:
    cells = table["cells"]
    top = max((c["value"] or 0 for c in cells), default=0)
    bars = []
    for i, cell in enumerate(cells):
        value = cell["value"] or 0
        width = 0 if not top else round(value / top * BAR_AREA)
        suppressed = cell["value"] is None
        if suppressed:
            width = 6
        bars.append(
            Bar(
                label=cell["label"],
                display=cell["display"],
                suppressed=suppressed,
                y=i * ROW + 14,
                width=max(width, 1 if value else 0),
                text_y=i * ROW + 11,
                value_x=width + 6,
            )
        )
    return {"bars": bars, "height": len(cells) * ROW + 4, "width": BAR_AREA + 60}


@dataclass
class Column:
    label: str
    display: str
    suppressed: bool
    x: int
    y: int
    height: int
    label_x: int


def column_chart(table: dict) -> dict:
    cells = table["cells"]
    top = max((c["value"] or 0 for c in cells), default=0)
    columns = []
    for i, cell in enumerate(cells):
        value = cell["value"] or 0
        suppressed = cell["value"] is None
        height = 4 if suppressed else (round(value / top * COLUMN_HEIGHT) if top else 0)
        x = i * (COLUMN_WIDTH + 8) + 4
        columns.append(
            Column(
                label=cell["label"],
                display=cell["display"],
                suppressed=suppressed,
                x=x,
                y=COLUMN_HEIGHT + 20 - height,
                height=height,
                label_x=x + COLUMN_WIDTH // 2,
            )
        )
    return {
        "columns": columns,
        "width": len(cells) * (COLUMN_WIDTH + 8) + 8,
        "height": COLUMN_HEIGHT + 60,
        "baseline": COLUMN_HEIGHT + 20,
        "column_width": COLUMN_WIDTH,
        "value_y": COLUMN_HEIGHT + 36,
        "label_y": COLUMN_HEIGHT + 52,
    }


def charts_for(tables: list[dict]) -> list[dict]:
    """One entry per table (``signals.published``): the table, its chart kind and
    geometry. The trend over quarters is a column chart; the rest are bars."""
    result = []
    for table in tables:
        if table["key"] == "trend":
            result.append({"table": table, "kind": "columns", **column_chart(table)})
        else:
            result.append({"table": table, "kind": "bars", **bar_chart(table)})
    return result


def _threshold(params) -> int:
    return int((params or {}).get("threshold") or 10)


def map_legend(values: dict, params: dict) -> dict:
    """The legend of the province map from its published values (``values`` maps a
    CBS code to a published number or a display string such as "<10" or "×"):
    ``classes`` (``regions.maps.MapClass``, from the smallest published number up,
    never below the release's threshold) and ``hidden_label``, the swatch of the
    cells not shown ("<10 / not shown"), or None when every cell is shown."""
    threshold = _threshold(params)
    numbers = [v for v in values.values() if isinstance(v, int | float)]
    classes = map_classes(numbers, floor=threshold, fmt=grouped)
    hidden = {v for v in values.values() if isinstance(v, str)}
    small = f"<{threshold}"
    marks = sorted(hidden, key=lambda mark: (mark != small, mark))
    hidden_label = None
    if marks:
        hidden_label = _("%(marks)s / not shown") % {"marks": ", ".join(marks)}
    return {"classes": classes, "hidden_label": hidden_label}


def summary(
    *,
    persons,
    period_label: str,
    previous,
    previous_label: str,
    province_table: dict | None,
    params: dict,
) -> list[dict]:
    """The key figures above the dashboard, each ``{key, label, value, note}``:

    - ``persons``: the period's published total ("<10" when it is not published);
    - ``change``: the difference with the previous period, only when both totals are
      published; a difference smaller than the threshold is not shown as a figure
      (it lies within what the deviation and the threshold blur);
    - ``provinces``: how many provinces of the province table have a published
      figure."""
    threshold = _threshold(params)
    tiles = [
        {
            "key": "persons",
            "label": _("Persons with a signal"),
            "value": grouped(persons) if persons is not None else f"<{threshold}",
            "note": period_label,
        }
    ]
    if persons is not None and previous is not None:
        change = persons - previous
        note = _("compared with %(period)s (%(persons)s)") % {
            "period": previous_label,
            "persons": grouped(previous),
        }
        if abs(change) >= threshold:
            value = ("+" if change > 0 else "−") + grouped(abs(change))
        else:
            value = _("No clear change")
            note = _("difference smaller than %(threshold)s, %(note)s") % {
                "threshold": threshold,
                "note": note,
            }
        tiles.append(
            {
                "key": "change",
                "label": _("Change from the period before"),
                "value": value,
                "note": note,
            }
        )
    if province_table is not None:
        cells = province_table["cells"]
        # A withheld table's cells have no value (``published.table_view``).
        shown = sum(1 for c in cells if c["value"] is not None)
        tiles.append(
            {
                "key": "provinces",
                "label": _("Provinces shown"),
                "value": _("%(shown)s of %(total)s")
                % {"shown": shown, "total": len(cells)},
                "note": _(
                    "the others have fewer than %(threshold)s persons or are withheld"
                )
                % {"threshold": threshold},
            }
        )
    return tiles
