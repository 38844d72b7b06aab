"""Server-rendered SVG bar charts: geometry in Python, drawing in a template with SVG
presentation attributes only (no style attributes, no script: strict CSP). Every chart
stands next to a table with the same figures."""

from dataclasses import dataclass

LABEL_WIDTH = 150
BAR_WIDTH = 360
VALUE_WIDTH = 110
ROW_HEIGHT = 26
BAR_HEIGHT = 9


@dataclass(frozen=True)
class Bar:
    series: int  # 0, 1, …: the CSS class kb-chart__bar--N
    value: int
    width: float
    y: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    bars: list[Bar]
    text: str
    y: float


def bar_chart(rows: list[tuple[str, list[int], int, str]]) -> dict:
    """``rows``: (label, values per series, the scale's whole, value text). Bars are
    drawn against their row's whole (e.g. the province's number of gemeenten)."""
    chart_rows = []
    for index, (label, values, whole, text) in enumerate(rows):
        top = index * ROW_HEIGHT + 4
        bars = [
            Bar(
                series=series,
                value=value,
                width=round(BAR_WIDTH * value / whole, 1) if whole else 0,
                y=top + series * (BAR_HEIGHT + 1),
            )
            for series, value in enumerate(values)
        ]
        chart_rows.append(ChartRow(label=label, bars=bars, text=text, y=top + 9))
    return {
        "rows": chart_rows,
        "width": LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
        "height": len(rows) * ROW_HEIGHT + 4,
        "label_width": LABEL_WIDTH,
        "bar_width": BAR_WIDTH,
        "value_x": LABEL_WIDTH + BAR_WIDTH + 6,
        "bar_height": BAR_HEIGHT,
    }
