"""A case's owner, phase, closing and reopening, and the reason forms several
actions share."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from cases.permissions import advisors_of
from core.forms import CleanTextMixin, ListedModelChoiceField
from core.prepared import prepared
from core.widgets import QuickSelect


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OptionalReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )


class AssignForm(forms.Form):
    owner = ListedModelChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (unassigned)"),
        widget=QuickSelect,
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if self.is_bound:  # a submitted owner is validated against the queryset
            owner.queryset = _advisors(organisation_id)
        else:  # the options, read through SQL compiled once
            owner.listed = _listed_advisors(organisation_id)
        owner.label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


def _advisors(organisation_id: int):
    """Who may own the organisation's cases: its active advisors, by name."""
    return advisors_of(organisation_id).order_by("first_name", "last_name")


_listed_advisors = prepared(_advisors)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase of support"), choices=c.Phase.choices, widget=QuickSelect
    )


class CloseForm(CleanTextMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "A short outcome, e.g. “supported; police report made; aftercare done”."
        ),
    )
