"""The directory's forms: field checks only. The rules that need the database (unique
names, what may be deleted or moved where) are the services' (``directory_services``);
their refusals come back on these forms."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Partner
from core.constants import OrganisationKind
from core.forms import CleanTextMixin, ListedModelChoiceField
from core.models import Organisation
from regions.models import Region


class OrganisationForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=Organisation._meta.get_field("name").max_length,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "A party has its own confidential advisors and its own meldingen. Its "
            "intake also asks whether a melding is in scope for its advisor. Only the "
            "association has the 24/7 line and regional ambassadors."
        ),
    )
    shares_signals = forms.BooleanField(
        label=_("This party's signals also count in the association's figures"),
        required=False,
        help_text=_(
            "Only for a party. When this is on, the anonymous signals that this "
            "party's advisors record also count in the statistics of the "
            "association. The change takes effect from the next statistics release: "
            "figures already published stay as they are until a period is revised. "
            "The party always sees its own figures, whatever you choose here."
        ),
    )

    @classmethod
    def for_organisation(cls, organisation, data=None):
        initial = {
            "name": organisation.name,
            "kind": organisation.kind,
            "shares_signals": organisation.shares_signals,
        }
        return cls(data, initial=initial)


class RegionForm(CleanTextMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=Region._meta.get_field("name").max_length
    )


class GemeenteMoveForm(forms.Form):
    """Which gemeenten of ``region`` move, and to which region. The gemeenten are
    ticked in the page's table; the services check the rest."""

    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Municipalities to move"),
        queryset=None,
        error_messages={
            "required": _("Choose one or more municipalities of this region."),
            "invalid_choice": _("Choose one or more municipalities of this region."),
            "invalid_pk_value": _("Choose one or more municipalities of this region."),
        },
    )
    target = ListedModelChoiceField(
        label=_("Move to region"),
        queryset=None,
        empty_label=_("Choose a region"),
        error_messages={
            "required": _("Choose the region to move them to."),
            "invalid_choice": _("Choose an active region."),
        },
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["gemeenten"].queryset = region.gemeenten.all()
        self.fields["target"].queryset = Region.objects.filter(is_active=True).exclude(
            pk=region.pk
        )


phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{5,}$",
    _("Enter a telephone number in digits, e.g. 030 123 45 67 or +31 30 123 45 67."),
)


class PartnerForm(CleanTextMixin, forms.ModelForm):
    organisation = ListedModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        help_text=_("Whose expert network the partner belongs to."),
    )

    class Meta:
        model = Partner
        fields = [
            "organisation",
            "name",
            "kind",
            "expertise",
            "regions",
            "availability",
            "availability_note",
            "phone",
            "email",
            "is_active",
        ]
        help_texts = {
            "is_active": _(
                "Advisors and ambassadors only see active partners, and only refer "
                "to those. An inactive partner stays on record with its referrals."
            ),
        }
        widgets = {"regions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (
            self.instance.regions.all() if self.instance.pk else Region.objects.none()
        )
        self.fields["regions"].queryset = Region.objects.filter(
            Q(is_active=True) | Q(pk__in=chosen.values("pk"))
        ).order_by("name")
        self.fields["phone"].validators.append(phone_number)
