"""The police advice and what was done, and damage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import MAX_TEXT, CleanTextMixin, DateInput, not_in_future_date

POLICE_HELP = _(
    "Aangifte: the person asks the police to prosecute a criminal offence, such as a "
    "threat, assault or vandalism. Only with an aangifte can the perpetrator be "
    "prosecuted, and damage be recovered from them. A police melding: when what "
    "happened is not a criminal offence, the police still register it. That "
    "registration can help later, in a new case against the same perpetrator."
)


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
        validators=[not_in_future_date],
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


def euros_field(label):
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
    amount = euros_field(_("Amount of the damage"))
    compensation_claimed = euros_field(_("Compensation claimed"))
    compensation_received = euros_field(_("Compensation received"))

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
