"""Recording consent."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import CleanTextMixin, DateTimeInput, not_in_future


class ConsentForm(CleanTextMixin, forms.Form):
    purpose = forms.ChoiceField(
        label=_("Consent for"), choices=c.ConsentPurpose.choices
    )
    referral_kind = forms.ChoiceField(
        label=_("Kind of partner (referral only)"),
        choices=[("", "—"), *c.ReferralKind.choices],
        required=False,
    )
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        help_text=_("Normally the office holder; otherwise name who gave it."),
    )
    method = forms.ChoiceField(
        label=_("How"), choices=c.ConsentMethod.choices, widget=forms.RadioSelect
    )
    # Mostly recorded while (or right after) the person says yes: now, to the minute.
    given_at = forms.DateTimeField(
        label=_("Given at"),
        widget=DateTimeInput(),
        validators=[not_in_future],
        initial=timezone.now,
    )

    def __init__(self, *args, purposes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if purposes is not None:
            self.fields["purpose"].choices = [
                choice for choice in c.ConsentPurpose.choices if choice[0] in purposes
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == c.ConsentPurpose.REFERRAL and not cleaned.get(
            "referral_kind"
        ):
            self.add_error("referral_kind", _("Choose the kind of partner."))
        return cleaned
