"""What a confidential advisor did, and the formal report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import MAX_TEXT, CleanTextMixin


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
