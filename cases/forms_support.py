"""Forms for the support work of issue 6: the night call, completing an intake, the
police report and damage, what an advisor did, the formal report, the partner list.
They validate input shape; ``cases.services_support`` owns the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from cases.forms import (
    EMERGENCY_ADVICE,
    MAX_TEXT,
    SCOPE_HELP,
    CleanTextMixin,
    DateInput,
    _check_told_instead,
    _no_nul,
    _not_in_future_date,
)
from regions.models import Gemeente, Region

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]

POLICE_HELP = _(
    "Aangifte: the person asks the police to prosecute a criminal offence, such as a "
    "threat, assault or vandalism. Only with an aangifte can the perpetrator be "
    "prosecuted, and damage be recovered from them. A police melding: when what "
    "happened is not a criminal offence, the police still register it. That "
    "registration can help later, in a new case against the same perpetrator."
)


class NightCallForm(CleanTextMixin, forms.Form):
    """A call to the 24/7 line at night: the few fields that matter first."""

    name = forms.CharField(label=_("Who is calling? (name)"), max_length=200)
    office = forms.ChoiceField(
        label=_("Office"), choices=[("", "—"), *c.Office.choices]
    )
    gemeente = forms.ModelChoiceField(
        label=_("Where? (municipality)"),
        queryset=Gemeente.objects.order_by("name"),
        to_field_name="code",
        empty_label="—",
    )
    location = forms.CharField(
        label=_("Where exactly, if it matters now (optional)"),
        max_length=500,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number to call back (optional)"), max_length=30, required=False
    )
    immediate_danger = forms.TypedChoiceField(
        label=_("Immediate danger?"),
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        help_text=EMERGENCY_ADVICE,
    )
    account = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
    )
    immediate_needs = forms.CharField(
        label=_("What do they need now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )


class CompleteIntakeForm(CleanTextMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *c.Category.choices]
    )
    occurred_on = forms.DateField(
        label=_("Date of the incident"),
        widget=DateInput(),
        validators=[_not_in_future_date],
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=c.Urgency.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    account = forms.CharField(
        label=_("Account of what happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
    )
    location = forms.CharField(label=_("Where"), max_length=500, required=False)
    immediate_needs = forms.CharField(
        label=_("What they need now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    scope = forms.ChoiceField(
        label=_("Is this melding for the confidential advisor?"),
        choices=[("", "—"), *c.Scope.choices],
        help_text=SCOPE_HELP,
    )
    told_instead = forms.CharField(
        label=_("Out of scope: what was the person told instead?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, is_party=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_party:
            del self.fields["scope"]
            del self.fields["told_instead"]

    def clean(self):
        cleaned = super().clean()
        _check_told_instead(self, cleaned)
        return cleaned


class PoliceReportForm(CleanTextMixin, forms.Form):
    advice = forms.ChoiceField(
        label=_("Advice given"),
        choices=c.PoliceAdvice.choices,
        widget=forms.RadioSelect,
        help_text=POLICE_HELP,
    )
    action = forms.ChoiceField(label=_("What was done"), choices=c.PoliceAction.choices)
    reported_on = forms.DateField(
        label=_("Date of the aangifte or melding"),
        widget=DateInput(),
        required=False,
        validators=[_not_in_future_date],
    )
    police_reference = forms.CharField(
        label=_("Police reference"),
        max_length=100,
        required=False,
        help_text=_("The number on the police's confirmation (proces-verbaal)."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        made = cleaned.get("action") in (
            c.PoliceAction.AANGIFTE_MADE,
            c.PoliceAction.MELDING_MADE,
        )
        if not made:
            for name in ("reported_on", "police_reference"):
                if cleaned.get(name):
                    self.add_error(
                        name,
                        _(
                            "Only for an aangifte or police melding that was made; "
                            "change “what was done” or leave this empty."
                        ),
                    )
        return cleaned


def _euros(label):
    return forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("In euros, e.g. 1.250,50"),
    )


class DamageForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of damage"), choices=[("", "—"), *c.DamageKind.choices]
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    amount = _euros(_("Amount of the damage"))
    compensation_claimed = _euros(_("Compensation claimed"))
    compensation_received = _euros(_("Compensation received"))

    def clean(self):
        cleaned = super().clean()
        if (
            not self.has_error("amount")
            and cleaned.get("amount") is None
            and not cleaned.get("description")
        ):
            self.add_error(
                "amount", _("Give an amount or describe the damage (or both).")
            )
        return cleaned


class AdvisorActionForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What did you do?"),
        choices=[(kind.value, kind.label) for kind in c.RECORDABLE_ACTION_KINDS],
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        help_text=_(
            "For advice to the board: describe the situation and your advice without "
            "naming or otherwise identifying the person."
        ),
    )
    both_parties_agree = forms.BooleanField(
        label=_("Informal solution: both parties agree to it"), required=False
    )
    not_identifying = forms.BooleanField(
        label=_(
            "Advice to the board: the person consented, and my advice does not "
            "identify them"
        ),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == c.AdvisorActionKind.INFORMAL_SOLUTION and not cleaned.get(
            "both_parties_agree"
        ):
            self.add_error(
                "both_parties_agree",
                _("An informal solution needs the agreement of both parties."),
            )
        if kind == c.AdvisorActionKind.BOARD_ADVICE and not cleaned.get(
            "not_identifying"
        ):
            self.add_error(
                "not_identifying",
                _("Confirm that the advice does not identify the person."),
            )
        return cleaned


class FormalReportForm(CleanTextMixin, forms.Form):
    addressee = forms.CharField(
        label=_("To whom is the formal report made?"),
        max_length=200,
        help_text=_("E.g. the board, or the integrity committee."),
    )
    confirmed = forms.BooleanField(
        label=_(
            "The person asked me to turn this melding into a formal report, and "
            "consented to it"
        ),
    )


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
        return _no_nul(self.cleaned_data["q"]).strip()
