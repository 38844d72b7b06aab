"""Planning a follow-up, and how a user hears of notifications by e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import DateTimeInput


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class FollowUpForm(forms.Form):
    """``owners``: the people who may own it (the case's advisors and its accepted
    ambassador); the service checks the same on submit."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (value, label)
            for value, label in c.FollowUpKind.choices
            if value in c.PLANNED_FOLLOW_UP_KINDS
        ],
        widget=forms.RadioSelect,
        initial=c.FollowUpKind.NEXT_CONTACT,
    )
    due_at = forms.DateTimeField(
        label=_("Before (date and time)"), widget=DateTimeInput()
    )
    owner = OwnerChoiceField(label=_("Owner"), queryset=None, empty_label=None)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class EmailSettingForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail about new notifications"),
        choices=c.EmailChoice.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "An e-mail never says what a notification is about: it asks you to log in."
        ),
    )
