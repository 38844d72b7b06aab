"""The province map for the PDF: WeasyPrint does not apply CSS fills to SVG, so the
shades are written as presentation attributes (same outlines, classes, legend and
attribution as the map on the page)."""

from django import template

from regions.maps import ATTRIBUTION, grouped, outlines, province_areas
from signals.charts import map_legend

register = template.Library()

SHADES = {
    "0": "#dbe5f0",
    "1": "#a9c1dc",
    "2": "#6f95c0",
    "3": "#3b6aa0",
    "4": "#154273",
    "suppressed": "#cccccc",
    "none": "#f2f2f2",
}


@register.inclusion_tag("signals/_pdf_map.html")
def pdf_province_map(values, title, params=None):
    legend = map_legend(values, params or {})
    areas = province_areas(
        values,
        classes=legend["classes"],
        fmt=grouped,
    )
    return {
        "areas": [(a, SHADES[a.shade]) for a in areas],
        "legend": [(SHADES[c.shade], c.label) for c in legend["classes"]],
        "hidden": (SHADES["suppressed"], legend["hidden_label"])
        if legend["hidden_label"]
        else None,
        "view_box": outlines()["viewBox"],
        "title": title,
        "attribution": ATTRIBUTION,
    }
