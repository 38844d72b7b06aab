"""Render a form widget the NL Design System way: Utrecht classes and ARIA links to the
field's description and error message (used by the ``nlds`` crispy template pack)."""

from django import forms, template

register = template.Library()

CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "input": "utrecht-textbox utrecht-textbox--html-input",
}


def _kind(widget) -> str:
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.simple_tag
def nlds_widget(field):
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}-description")
    attrs = {"class": CLASSES[_kind(field.field.widget)]}
    if field.errors:
        describedby.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
        attrs["class"] += " kb-invalid"
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{existing} {attrs['class']}"
    return field.as_widget(attrs=attrs)
