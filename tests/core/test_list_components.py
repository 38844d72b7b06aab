"""The list components of the template pack (templates/nlds/list_table.html,
filter_summary.html; core/templatetags/lists.py): what they render, without a browser
(tests/browser/test_browser_lists.py proves the layout)."""

from django import forms
from django.http import QueryDict
from django.template import engines
from django.utils import translation

from core.templatetags.lists import active_filters


class Filters(forms.Form):
    q = forms.CharField(required=False)
    status = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    sort = forms.CharField(required=False)


def _render(source, context):
    with translation.override("nl"):
        return engines["django"].from_string(source).render(context)


def test_active_filters_counts_what_is_set_not_sorting_or_paging():
    assert active_filters(Filters()) == 0
    assert active_filters(Filters(QueryDict("q=&sort=old"))) == 0
    assert active_filters(Filters(QueryDict("q=raad&status=a&status=b&sort=old"))) == 2
    assert active_filters(QueryDict("kind=training&when=&page=2&sort=x")) == 1
    assert active_filters(QueryDict("view=closed&state=open")) == 0
    assert active_filters(None) == 0


def test_the_filter_summary_says_filter_and_how_many_are_set():
    html = _render(
        '{% include "nlds/filter_summary.html" with filters=form %}',
        {"form": Filters(QueryDict("q=raad&status=a"))},
    )
    assert 'class="kb-filter-panel__summary"' in html
    assert "Filteren" in html
    assert "2 actief" in html
    none = _render(
        '{% include "nlds/filter_summary.html" with filters=form %}',
        {"form": Filters(QueryDict("sort=old"))},
    )
    assert "actief" not in none


def test_the_generic_filter_form_is_a_closed_disclosure():
    html = _render(
        '{% include "nlds/filter_form.html" with action="/x/" %}',
        {"form": Filters(QueryDict("q=raad"))},
    )
    assert html.strip().startswith(
        '<details class="kb-filter-panel" data-kb-open-wide>'
    )
    assert '<details class="kb-filter-panel" data-kb-open-wide open' not in html
    assert "1 actief" in html


LIST = """{% extends "nlds/list_table.html" %}{% load i18n voice %}
{% block caption %}Rows{% endblock caption %}
{% block columns %}<th scope="col">Name</th><th scope="col">Date</th>
{% endblock columns %}
{% block rows %}{% for r in rows %}<tr><th scope="row">{{ r.0 }}</th>
<td data-label="{% translate 'Date' %}">{{ r.1|list_date }}</td></tr>{% endfor %}
{% endblock rows %}"""


def test_a_list_becomes_cards_unless_asked_not_to():
    import datetime

    rows = [("Súdwest-Fryslân", datetime.date(2026, 12, 6))]
    template = engines["django"].from_string(LIST)
    with translation.override("nl"):
        html = template.render({"rows": rows, "has_rows": rows, "table_id": "t"})
        plain = template.render(
            {"rows": rows, "has_rows": rows, "table_id": "t", "cards": False}
        )
    assert "kb-table--cards" in html
    assert 'data-label="Datum"' in html
    assert "6 dec. 2026" in html
    assert "kb-table--cards" not in plain


def test_every_list_partial_uses_the_component_with_labels_and_list_dates():
    """Every partial that extends the list component labels its data cells and
    writes dates with list_date (no |date:"j F Y" left in a list)."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    partials = [
        p
        for p in root.rglob("*.html")
        if '{% extends "nlds/list_table.html" %}' in p.read_text(encoding="utf-8")
    ]
    assert len(partials) >= 20
    for path in partials:
        text = path.read_text(encoding="utf-8")
        rows = text[text.index("{% block rows %}") : text.index("{% endblock rows %}")]
        for opening, content in re.findall(r"(<td [^>]*>)(.*?)</td>", rows, re.S):
            buttons = "<form" in content or "<button" in content
            assert "data-label" in opening or buttons, f"{path.name}: {opening}"
        assert not re.search(r'\|date:"j [FM] Y', text), f"{path.name}: |date in a list"
