"""The queue filter's selects are written in Python (``core.widgets.QuickSelect``):
their HTML must be exactly what Django's own templates give."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from cases.forms.queue import QueueFilterForm
from core.widgets import QuickSelect

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "Alle"),
    ("a", "Één & <twee>"),
    (3, "Quote \" en ' apostrof"),
    ("groep", [("g1", "In groep"), ("g2", "Ook")]),
    ("veilig", mark_safe("<b>al veilig</b> & zo")),
    ("lui", gettext_lazy("Threat")),
]


@pytest.mark.parametrize("value", [None, "", "a", 3, "3", "g2", "onbekend", ["a"]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_x", "class": "utrecht-select"},
        {"id": "id_x", "aria-describedby": "a b", "required": True, "disabled": False},
        {"data-x": '<"&>', "autofocus": True},
    ],
)
def test_quick_select_writes_djangos_html(value, attrs):
    expected = forms.Select(choices=CHOICES).render("veld", value, attrs=attrs)
    assert QuickSelect(choices=CHOICES).render("veld", value, attrs=attrs) == expected


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "nieuw", "category": "bedreiging", "urgency": "4", "sort": "status"},
        {"urgency": "99", "region": "abc", "office": "x"},
    ],
)
def test_queue_filter_selects_render_as_django_would(data, region, other_region):
    data = {**data, "region": data.get("region", str(other_region.pk))}
    form = QueueFilterForm(data)
    form.is_valid()
    for name, field in form.fields.items():
        if not isinstance(field.widget, QuickSelect):
            continue
        bound = form[name]
        attrs = {"class": "utrecht-select", "aria-describedby": f"{bound.auto_id}-x"}
        quick = bound.as_widget(attrs=attrs)
        field.widget.__class__ = forms.Select
        try:
            assert quick == bound.as_widget(attrs=attrs), name
        finally:
            field.widget.__class__ = QuickSelect
    assert sum(isinstance(f.widget, QuickSelect) for f in form.fields.values()) == 6
