"""A file on a case (evidence)."""

import functools

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, DateInput, not_in_future_date


class CaseFileForm(CleanTextMixin, forms.Form):
    upload = forms.FileField(
        label=_("File"),
        help_text=_(
            "A photo or screenshot (PNG, JPEG, GIF, WebP, HEIC), a PDF, an e-mail "
            "(.eml) or a text file."
        ),
        # The browser's picker only; what a file is, is decided by its content.
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".png,.jpg,.jpeg,.gif,.webp,.heic,.pdf,.eml,.txt,"
                "image/*,application/pdf,message/rfc822,text/plain"
            }
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the file shows, for example: the threatening message."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    shown_on = forms.DateField(
        label=_("Date of what it shows"),
        widget=DateInput(),
        required=False,
        validators=[not_in_future_date],
    )


def blank_form_html() -> str:
    """The empty ``CaseFileForm`` in the page's markup, rendered once per language:
    without data, errors or choices from the database it is the same on every case
    page, and rendering its three fields took about a tenth of the page (issue 17)."""
    return _blank_form_html(get_language())


@functools.cache
def _blank_form_html(language: str | None) -> str:
    return render_to_string(
        "cases/_partials/file_form_fields.html", {"file_form": CaseFileForm()}
    )
