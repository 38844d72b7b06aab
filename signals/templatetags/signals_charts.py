"""The statistics map and the dashboard's key figures, from published figures only."""

from django import template

from regions.templatetags.regions_maps import province_map_context
from signals import charts
from signals.catalogue import Period

register = template.Library()


@register.inclusion_tag("regions/_province_map.html")
def statistics_map(values, title, description="", params=None, key=""):
    """`{% statistics_map values title description params key %}`: the province map
    with a legend from the published values (`signals.charts.map_legend`); ``params``
    are the release's parameters (its threshold), ``key`` sets maps of one page
    apart."""
    legend = charts.map_legend(values, params or {})
    return province_map_context(values, title, description, legend=legend, key=key)


def _published_total(figures: dict, period: Period):
    if period.key not in figures.get("periods", []):
        return None
    if "total" in figures.get("withheld", {}).get(period.key, []):
        return None
    return figures.get("figures", {}).get("total", {}).get(period.key, {}).get("t")


@register.simple_tag
def dashboard_summary(release, view):
    """`{% dashboard_summary release view as tiles %}`: `signals.charts.summary` for
    the period of ``view`` (a ``signals.published.period_view``) and the period
    before it (the previous quarter or year), as the release published them."""
    period = Period(view["period"])
    number = period.number - 1
    previous = Period.year(number) if period.is_year else Period.quarter(number)
    province_table = next((t for t in view["tables"] if t["table"] == "province"), None)
    return charts.summary(
        persons=_published_total(release.figures, period),
        period_label=view["label"],
        previous=_published_total(release.figures, previous),
        previous_label=previous.label,
        province_table=province_table,
        params=release.parameters,
    )
