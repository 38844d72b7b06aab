"""Forms of the accounts pages. They check shape; ``services`` decides."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from core.constants import Role
from core.forms import CleanTextMixin, no_nul
from core.models import Organisation


class AccountFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, username or e-mail address"),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("All organisations"),
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Inactive"))],
    )

    def clean_q(self):
        return no_nul(self.cleaned_data["q"]).strip()


class AccountCreateForm(CleanTextMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . @ + - _ only, e.g. vp.jansen"),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation to choose a password is sent here."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label="—",
        error_messages={
            "required": _("Choose an organisation."),
            "invalid_choice": _("Choose an organisation from the list."),
        },
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()


def role_in_organisation_choices():
    """ "Confidential advisor at Association X" for every role and organisation."""
    organisations = Organisation.objects.order_by("name")
    return [("", "—")] + [
        (
            f"{role.value}|{organisation.pk}",
            _("%(role)s at %(organisation)s")
            % {"role": role.label, "organisation": organisation.name},
        )
        for organisation in organisations
        for role in Role
    ]


class RoleInOrganisationForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Role in organisation"),
        error_messages={
            "required": _("Choose a role in an organisation."),
            "invalid_choice": _("Choose a role in an organisation from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = role_in_organisation_choices()

    def clean_choice(self):
        role, _sep, organisation_id = self.cleaned_data["choice"].partition("|")
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if role not in Role.values or organisation is None:
            raise forms.ValidationError(
                _("Choose a role in an organisation from the list.")
            )
        return role, organisation


class RoleRevokeForm(forms.Form):
    role = forms.ChoiceField(
        choices=Role.choices,
        error_messages={
            "required": _("Choose a role from the list."),
            "invalid_choice": _("Choose a role from the list."),
        },
    )
