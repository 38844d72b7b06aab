from django import template
from django.utils.formats import number_format

from regions.maps import ATTRIBUTION, BUCKETS, outlines, province_areas

register = template.Library()


@register.inclusion_tag("regions/_province_map.html")
def province_map(values, title, description="", link_to=None):
    """`{% province_map values title description %}`: `values` maps CBS province codes
    to a count, a display string ("<10") or None. `link_to` optionally maps codes to
    URLs (each province becomes a link)."""

    def fmt(number):
        return number_format(number, force_grouping=True)

    areas = province_areas(values, fmt=fmt)
    top = max((a.value for a in areas if isinstance(a.value, int | float)), default=0)
    legend = [(str(i), fmt(round(top * i / BUCKETS))) for i in range(BUCKETS)]
    return {
        "areas": [(a, (link_to or {}).get(a.code)) for a in areas],
        "view_box": outlines()["viewBox"],
        "title": title,
        "description": description,
        "legend": legend,
        "has_suppressed": any(a.shade == "suppressed" for a in areas),
        "attribution": ATTRIBUTION,
    }
