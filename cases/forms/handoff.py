"""Handing a case to an ambassador."""

from django import forms
from django.utils.translation import gettext_lazy as _

from network.models import Ambassador
from network.selectors import network


class AmbassadorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        regions = ", ".join(region.name for region in obj.regions.all())
        return f"{obj} ({regions})" if regions else str(obj)


class HandoffForm(forms.Form):
    ambassador = AmbassadorChoiceField(
        label=_("Ambassador"), queryset=Ambassador.objects.none()
    )
    outside_region = forms.BooleanField(
        label=_(
            "I know this ambassador does not cover the office holder's region, "
            "and hand the case over anyway"
        ),
        required=False,
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Who is unavailable today is not proposed and cannot be chosen either.
        self.fields["ambassador"].queryset = network(
            organisation_id=organisation_id
        ).filter(is_unavailable=False)
