"""Server-rendered SVG charts from published tables (display values only).

The geometry is computed here and written as SVG presentation attributes by the
templates: no chart library, no script, no style attributes. Each chart is followed by
its table in the templates ("show as table")."""

from dataclasses import dataclass

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
