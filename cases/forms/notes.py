"""Case notes and contact log entries."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import MAX_TEXT, CleanTextMixin, DateTimeInput, not_in_future


class NoteForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=c.NoteKind.choices,
        widget=forms.RadioSelect,
        initial=c.NoteKind.NOTE,
    )
    contact_mode = forms.ChoiceField(
        label=_("Contact by (contact log only)"),
        choices=[("", "—"), *c.ContactMode.choices],
        required=False,
    )
    contact_at = forms.DateTimeField(
        label=_("Contact at (contact log only)"),
        widget=DateTimeInput(),
        required=False,
        validators=[not_in_future],
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_TEXT
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == c.NoteKind.CONTACT and not cleaned.get(
            "contact_mode"
        ):
            self.add_error("contact_mode", _("How was the contact?"))
        return cleaned
