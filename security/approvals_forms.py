"""Forms of the approval pages (``security.approvals_views``). They check shape only;
``security.approvals`` decides what may be requested and by whom."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.constants import Role
from core.models import Organisation
from security import approvals


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def _account_field() -> AccountChoiceField:
    return AccountChoiceField(
        label=_("Account"),
        queryset=approvals.requestable_accounts(),
        empty_label="—",
        error_messages={"invalid_choice": _("Choose an account from the list.")},
    )


class RoleRequestForm(forms.Form):
    account = _account_field()
    change = forms.ChoiceField(
        label=_("Grant or withdraw"),
        choices=[
            ("grant", _("Grant the role")),
            ("revoke", _("Withdraw the role")),
        ],
        widget=forms.RadioSelect,
        initial="grant",
        error_messages={"invalid_choice": _("Choose grant or withdraw.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", "—"), *Role.choices],
        error_messages={"invalid_choice": _("Choose a role from the list.")},
    )


class MembershipRequestForm(forms.Form):
    account = _account_field()
    organisation = forms.ModelChoiceField(
        label=_("New organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("No organisation"),
        help_text=_(
            "A confidential advisor reads the cases of their organisation; "
            "without one, none."
        ),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )


class TwoFactorResetRequestForm(forms.Form):
    account = _account_field()
    identity_checked = forms.BooleanField(
        label=_(
            "I have checked outside Klankbord (for example by calling them back on a "
            "known number) that this person really lost their authenticator app "
            "and recovery codes."
        ),
        error_messages={"required": _("Confirm that you checked who is asking.")},
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("approve", _("Approve: the change takes effect now")),
            ("reject", _("Reject: nothing changes")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you approve or reject."),
            "invalid_choice": _("Choose whether you approve or reject."),
        },
    )
