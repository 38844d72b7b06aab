"""Widgets for the triage queue's filter form (also used by the signals dashboard).

Django renders a ``<select>`` through one template per option (``select_option.html``,
which includes ``attrs.html``): the queue's six filter selects cost about 60 template
renders on every request of the busiest page. ``QuickSelect`` writes the same HTML in
Python. It starts from Django's own ``get_context()`` (so ids, ``selected``, values and
labels are Django's), and ``tests/cases/test_queue_widgets.py`` compares its output
with Django's template rendering byte for byte.
"""

from html import escape

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def _escape(value) -> str:
    """``conditional_escape()`` without its lazy-string wrapper, which took a third of
    a select's time: HTML-safe values stay as they are, all else is escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def flat_attrs(attrs: dict) -> SafeString:
    """Django's ``django/forms/widgets/attrs.html``, in its order: ``False`` leaves an
    attribute out, ``True`` writes its bare name, every other value is escaped."""
    return mark_safe(  # noqa: S308 - every name and value is escaped here
        "".join(
            f" {_escape(name)}"
            if value is True
            else f' {_escape(name)}="{_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A ``forms.Select`` whose HTML is written in Python instead of by per-option
    templates; the markup is exactly that of Django's ``select.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = "".join(
            _optgroup(group_name, options)
            for group_name, options, _index in widget["optgroups"]
        )
        return mark_safe(  # noqa: S308 - the parts are escaped by _escape and flat_attrs
            f'<select name="{_escape(widget["name"])}"{flat_attrs(widget["attrs"])}>'
            f"{groups}\n</select>"
        )


def _optgroup(group_name, options) -> str:
    html = "".join(
        f'\n  <option value="{_escape(str(option["value"]))}"'
        f"{flat_attrs(option['attrs'])}>{_escape(option['label'])}</option>\n"
        for option in options
    )
    if group_name:
        return f'\n  <optgroup label="{_escape(group_name)}">{html}\n  </optgroup>'
    return html
