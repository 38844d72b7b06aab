"""Referrals, their status and outcome, and the filters of the expert network."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from cases.models import Partner
from core.forms import (
    MAX_TEXT,
    CleanTextMixin,
    DateTimeInput,
    no_nul,
    not_in_future,
)
from regions.models import Region


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        regions = ", ".join(region.name for region in obj.regions.all())
        where = regions or _("nationwide")
        label = f"{obj.name} – {obj.get_kind_display()}, {where}"
        if obj.availability != c.PartnerAvailability.AVAILABLE:
            label = f"{label} ({obj.get_availability_display().lower()})"
        return label


class ReferralForm(CleanTextMixin, forms.Form):
    network_partner = PartnerChoiceField(
        label=_("Partner from the expert network"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("— none: I name the partner below —"),
        help_text=_(
            "Partners in the office holder's region and nationwide partners come first."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Refer to"),
        choices=[("", "—"), *c.ReferralKind.choices],
        required=False,
        help_text=_("Not needed for a partner from the network."),
    )
    partner = forms.CharField(
        label=_("Partner"),
        max_length=200,
        required=False,
        help_text=_("The organisation or kind of professional, e.g. “victim support”."),
    )
    details = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    # The referral consent, recorded with the referral when it is missing: the
    # person often says yes in the same conversation.
    record_consent = forms.BooleanField(
        label=_("The person consents to this referral: record that consent now"),
        required=False,
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=200,
        required=False,
        help_text=_("Normally the office holder; otherwise name who gave it."),
    )
    consent_method = forms.ChoiceField(
        label=_("How was consent given?"),
        choices=c.ConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    consent_given_at = forms.DateTimeField(
        label=_("Consent given at"),
        widget=DateTimeInput(),
        validators=[not_in_future],
        initial=timezone.now,
        required=False,
    )

    CONSENT_FIELDS = ("consent_given_by", "consent_method", "consent_given_at")

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is None:
            del self.fields["network_partner"]
        else:
            self.fields["network_partner"].queryset = partners

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("network_partner"):
            if cleaned.get("partner"):
                self.add_error(
                    "partner",
                    _("Choose a partner from the network or name one, not both."),
                )
            self._check_consent(cleaned)
            return cleaned
        for name in ("kind", "partner"):
            if not cleaned.get(name) and not self.has_error(name):
                self.add_error(name, _("This field is required."))
        self._check_consent(cleaned)
        return cleaned

    def _check_consent(self, cleaned) -> None:
        if not cleaned.get("record_consent"):
            return
        for name in self.CONSENT_FIELDS:
            if not cleaned.get(name) and not self.has_error(name):
                self.add_error(name, _("This field is required to record the consent."))


class ReferralOutcomeForm(CleanTextMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        help_text=_("What the partner did, and whether it helped."),
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=c.ReferralStatus.choices)


class PartnerFilterForm(forms.Form):
    """The expert network's filters. Invalid values are dropped, never an error."""

    SORTS = {
        "name": ("name", "pk"),
        "-name": ("-name", "-pk"),
        "kind": ("kind", "name", "pk"),
        "availability": ("availability", "name", "pk"),
        "-updated": ("-updated_at", "pk"),
    }
    SORT_CHOICES = [
        ("name", _("Name, A–Z")),
        ("-name", _("Name, Z–A")),
        ("kind", _("Kind")),
        ("availability", _("Availability")),
        ("-updated", _("Recently updated")),
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All")), *c.PartnerKind.choices],
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[("", _("All")), *c.PartnerAvailability.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def clean_q(self):
        return no_nul(self.cleaned_data["q"]).strip()
