"""Forms of the security pages. They check shape only; the views decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import no_nul


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        validators=[no_nul],
        help_text=_(
            "The six digits your authenticator app shows now, or one of your "
            "recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}
        ),
    )

    def clean_otp_token(self):
        return "".join(self.cleaned_data["otp_token"].split()).lower()


class SetupForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your app"),
        max_length=6,
        min_length=6,
        strip=True,
        validators=[no_nul],
        help_text=_("The six digits your authenticator app shows for Klankbord."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits from your app."))
        return token
