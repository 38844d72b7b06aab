from django import template
from django.utils.text import slugify
from django.utils.translation import gettext as _

from regions.maps import (
    ATTRIBUTION,
    COVERAGE_ATTRIBUTION,
    grouped,
    map_classes,
    outlines,
    province_areas,
)

register = template.Library()


def province_map_context(
    values, title, description="", link_to=None, legend=None, key=""
):
    """What `regions/_province_map.html` needs. ``legend`` is ``{"classes": [...],
    "hidden_label": ...}`` (e.g. ``signals.charts.map_legend``); by default the
    classes are made from the numbers in ``values``, from 1 up. ``key`` tells maps
    with the same title on one page apart (their ids)."""
    if legend is None:
        numbers = [v for v in values.values() if isinstance(v, int | float)]
        hidden = any(isinstance(v, str) for v in values.values())
        legend = {
            "classes": map_classes(numbers, floor=1, fmt=grouped),
            "hidden_label": _("not shown") if hidden else None,
        }
    areas = [
        (a, (link_to or {}).get(a.code))
        for a in province_areas(values, classes=legend["classes"], fmt=grouped)
    ]
    return {
        "areas": areas,
        # A map of links is a group (its links are reachable), not an image: the
        # children of an image are presentational, links in one are nested-interactive.
        "linked": any(url for _area, url in areas),
        "view_box": outlines()["viewBox"],
        "title": title,
        "map_id": slugify(f"{title} {key}".strip()) + "-map",
        "description": description,
        "legend": legend,
        "attribution": ATTRIBUTION,
    }


@register.inclusion_tag("regions/_province_map.html")
def province_map(values, title, description="", link_to=None):
    """`{% province_map values title description %}`: `values` maps CBS province codes
    to a count, a display string ("<10") or None. `link_to` optionally maps codes to
    URLs (each province becomes a link). The statistics use
    `{% statistics_map %}` (signals_charts), whose legend respects the threshold."""
    return province_map_context(values, title, description, link_to)


@register.inclusion_tag("regions/_coverage_map.html")
def coverage_map(coverage, title, description=""):
    """`{% coverage_map coverage title description %}`: the veiligheidsregio map of a
    `regions.maps.CoverageMap`."""
    return {
        "map": coverage,
        "title": title,
        "description": description,
        "attribution": COVERAGE_ATTRIBUTION,
    }
