"""Forms of the security pages. They check shape only; the views decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import no_nul


def _code_input(**attrs) -> forms.TextInput:
    return forms.TextInput(
        attrs={"autocomplete": "one-time-code", "autocapitalize": "off", **attrs}
    )


def _compact(token: str) -> str:
    """Recovery codes are read aloud or typed with spaces and capitals: ignore both."""
    return "".join(token.split()).lower()


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
        widget=_code_input(),
    )

    def clean_otp_token(self):
        return _compact(self.cleaned_data["otp_token"])


class SetupForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your app"),
        max_length=6,
        min_length=6,
        strip=True,
        validators=[no_nul],
        help_text=_("The six digits your authenticator app shows for Klankbord."),
        widget=_code_input(inputmode="numeric"),
    )

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"]
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits from your app."))
        return token


class ReplaceForm(SetupForm):
    """Replacing the authenticator app: proof that it is the user (the password and a
    code of the current app, or a recovery code), and the first code of the new app."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        validators=[no_nul],
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    current_token = forms.CharField(
        label=_("Code from your current app"),
        max_length=40,
        strip=True,
        validators=[no_nul],
        error_messages={
            "required": _(
                "Enter the code your current app shows, or one of your recovery codes."
            )
        },
        help_text=_(
            "The six digits your current authenticator app shows now. Lost that "
            "phone? Use one of your recovery codes."
        ),
        widget=_code_input(),
    )

    field_order = ["password", "current_token", "otp_token"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].label = _("Code from your new app")
        self.fields["otp_token"].help_text = _(
            "The six digits your new app shows for Klankbord after scanning."
        )

    def clean_current_token(self):
        return _compact(self.cleaned_data["current_token"])
