"""Template tags of the list components (``{% load lists %}``). The components are
``templates/nlds/list_table.html`` and ``templates/nlds/filter_summary.html`` (usage at
the top of each, and in docs/architecture.md, "Lists on a phone and a laptop").
"""

from django import template

register = template.Library()

# Parameters that order, page or pick a tab: not filters, so not counted as active.
NOT_FILTERS = frozenset({"sort", "page", "view", "state", "csrfmiddlewaretoken"})


def _values(data, name) -> list:
    getlist = getattr(data, "getlist", None)
    values = getlist(name) if getlist else [data.get(name)]
    return [v for v in values if v not in (None, "")]


@register.simple_tag
def active_filters(source) -> int:
    """How many filters are set: ``source`` is a bound form (its fields, by the data it
    was bound to) or the request's ``GET``. Sorting, paging and tabs do not count."""
    if source is None:
        return 0
    fields = getattr(source, "fields", None)
    if fields is not None:
        data = source.data if getattr(source, "is_bound", False) else {}
        names = [name for name in fields if name not in NOT_FILTERS]
        return sum(1 for name in names if _values(data, source.add_prefix(name)))
    return sum(
        1 for name in source if name not in NOT_FILTERS and _values(source, name)
    )
