"""The directory's forms: field checks only. The rules that need the database (unique
names, what may be deleted or moved where) are the services' (``directory_services``);
their refusals come back on these forms."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Partner
from core.constants import OrganisationKind
from core.forms import CleanTextMixin, ListedModelChoiceField, no_nul
from core.models import Organisation
from network.models import Ambassador
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


class AmbassadorFilterForm(forms.Form):
    """The ambassador list's filters. A value that is not on offer is dropped (the
    list shows everyone), never a 500."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("First name, last name or username"),
    )
    region = ListedModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("name"),
        empty_label=_("All regions"),
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Inactive"))],
    )

    def clean_q(self):
        return no_nul(self.cleaned_data["q"]).strip()


class AmbassadorForm(CleanTextMixin, forms.Form):
    """What a functional admin changes about an ambassador: the regions covered,
    whether they are active, their phone number. Not the person, the organisation or
    the role: those are the appointment's and the accounts pages' (four eyes)."""

    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "An available ambassador is proposed for a new handoff of a melding from "
            "these regions; for any other region only after the advisor confirms it."
        ),
        error_messages={"required": _("Choose at least one region.")},
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_(
            "An inactive ambassador is never proposed for a handoff and no longer "
            "sees the meldingen handed to them. Only possible when no open melding "
            "is with them."
        ),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=Ambassador._meta.get_field("phone").max_length,
        validators=[phone_number],
        help_text=_("Leave empty if unknown."),
    )

    def __init__(self, *args, ambassador, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "regions": list(ambassador.regions.all()),
                "is_active": ambassador.is_active,
                "phone": ambassador.phone,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.filter(
            Q(is_active=True) | Q(pk__in=ambassador.regions.values("pk"))
        ).order_by("name")
