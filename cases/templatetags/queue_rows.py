"""Cells of the triage queue's rows, written in Python.

Each queue page has 25 rows; in the template, the "reported" cell's three filters
(``|date:'c'``, ``|list_date`` with ``|time:"H:i"``, and ``|timesince`` in a
``blocktranslate``) were about a sixth of the page's rendering. The tag gives the same
HTML with the same formatting functions (``tests/cases/test_queue_rows.py`` compares
the two).
"""

from django import template
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core.voice import list_date

register = template.Library()


@register.simple_tag
def reported_cell(moment):
    """``<time>`` with the moment in ISO 8601 and as "23 nov. 2026 17:26" (the
    ``list_date`` voice and the time), then how long ago it was, in the active
    language and time zone."""
    local = template_localtime(moment)
    return format_html(
        '<time datetime="{}">{}</time><br><span class="kb-muted">{}</span>',
        local.isoformat(),  # what |date:"c" writes, without parsing a format
        f"{list_date(local)} {local:%H:%M}",
        gettext("%(age)s ago") % {"age": timesince(moment)},
    )
