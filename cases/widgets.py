"""Widgets for the triage queue's filter form.

Django renders a ``<select>`` through one template per option (``select_option.html``,
which includes ``attrs.html``): the queue's six filter selects cost about 60 template
renders on every request of the busiest page. ``QuickSelect`` writes the same HTML in
Python. It starts from Django's own ``get_context()`` (so ids, ``selected``, values and
labels are Django's), and ``tests/views/test_queue_widgets.py`` compares its output
with Django's template rendering byte for byte.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def flat_attrs(attrs: dict) -> SafeString:
    """Django's ``django/forms/widgets/attrs.html``, in its order: ``False`` leaves an
    attribute out, ``True`` writes its bare name, every other value is escaped."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", name)
                if value is True
                else format_html(' {}="{}"', name, value),
            )
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A ``forms.Select`` whose HTML is written in Python instead of by per-option
    templates; the markup is exactly that of Django's ``select.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = format_html_join(
            "",
            "{}",
            (
                (_optgroup(group_name, options),)
                for group_name, options, _index in widget["optgroups"]
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flat_attrs(widget["attrs"]),
            groups,
        )


def _optgroup(group_name, options) -> SafeString:
    html = format_html_join(
        "",
        '\n  <option value="{}"{}>{}</option>\n',
        (
            (str(option["value"]), flat_attrs(option["attrs"]), option["label"])
            for option in options
        ),
    )
    if group_name:
        return format_html(
            '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, html
        )
    return html
