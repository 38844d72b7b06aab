"""Recording a melding: the intake form, a call to the 24/7-lijn, completing an
intake. The forms validate input shape; the services own the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from cases.models import OfficeHolder
from core.forms import MAX_TEXT, CleanTextMixin, DateInput, not_in_future_date
from regions.models import Gemeente

EMERGENCY_ADVICE = _(
    "In immediate danger: advise the person to call 112 (police, fire brigade, "
    "ambulance) at once, and to stay somewhere safe."
)


SCOPE_HELP = _(
    "In scope: unwanted behaviour or an integrity issue within the party. Out of "
    "scope: discontent about the party's positions, the board, council members or "
    "the alderman."
)


YES_NO = [("ja", _("Yes")), ("nee", _("No"))]


def check_told_instead(form, cleaned) -> None:
    scope = cleaned.get("scope")
    if scope and scope not in c.IN_SCOPE and not cleaned.get("told_instead"):
        form.add_error(
            "told_instead",
            _("Out of scope: write down what the person was told instead."),
        )


class OfficeHolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.get_office_display()}, {obj.gemeente.name}"


class IncidentForm(CleanTextMixin, forms.Form):
    """What happened, when and how urgent, and (for a party's advisor) whether the
    melding is theirs: the fields an intake and its completion share."""

    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *c.Category.choices]
    )
    occurred_on = forms.DateField(
        label=_("Date of the incident"),
        widget=DateInput(),
        validators=[not_in_future_date],
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=c.Urgency.choices,
        coerce=int,
        initial=c.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    account = forms.CharField(
        label=_("Account of what happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
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
            # The scope question is a party advisor's.
            del self.fields["scope"]
            del self.fields["told_instead"]

    def clean(self):
        cleaned = super().clean()
        check_told_instead(self, cleaned)
        return cleaned


class IntakeForm(IncidentForm):
    """Record a melding: who, how it came in, what happened, when, how urgent."""

    field_order = [
        "office_holder",
        "new_name",
        "new_office",
        "new_gemeente",
        "new_email",
        "new_phone",
        "channel",
        "category",
        "occurred_on",
        "urgency",
        "account",
        "immediate_danger",
        "scope",
        "told_instead",
        "assign_to_me",
    ]

    office_holder = OfficeHolderChoiceField(
        label=_("Existing office holder"),
        queryset=OfficeHolder.objects.none(),
        required=False,
        help_text=_("Choose a known person, or fill in a new one below."),
    )
    new_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    new_office = forms.ChoiceField(
        label=_("Office"), choices=[("", "—"), *c.Office.choices], required=False
    )
    new_gemeente = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Gemeente.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )
    new_email = forms.EmailField(label=_("E-mail address"), required=False)
    new_phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)

    channel = forms.ChoiceField(
        label=_("Received via"), choices=c.Channel.choices, widget=forms.RadioSelect
    )
    immediate_danger = forms.BooleanField(
        label=_("The person is in immediate danger"),
        required=False,
        help_text=EMERGENCY_ADVICE,
    )
    assign_to_me = forms.BooleanField(
        label=_("I will handle this melding myself"), required=False, initial=True
    )

    def __init__(self, *args, user, is_party=False, **kwargs):
        super().__init__(*args, is_party=is_party, **kwargs)
        self.fields["office_holder"].queryset = (
            OfficeHolder.objects.visible_to(user)
            .select_related("gemeente")
            .order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("office_holder")
        new_fields = ("new_name", "new_office", "new_gemeente")
        any_new = any(cleaned.get(name) for name in new_fields)
        if existing and any_new:
            raise forms.ValidationError(
                _("Choose an existing office holder or fill in a new one, not both.")
            )
        if not existing:
            if not any_new and not self.has_error("new_gemeente"):
                self.add_error(
                    "office_holder",
                    _("Choose who the melding is about, or fill in someone new."),
                )
            else:
                for name in new_fields:
                    if not cleaned.get(name) and not self.has_error(name):
                        self.add_error(
                            name, _("This field is required for a new office holder.")
                        )
        return cleaned


class HotlineCallForm(CleanTextMixin, forms.Form):
    """A call to the 24/7 line: the few fields that matter first."""

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


class CompleteIntakeForm(IncidentForm):
    """Complete an intake (a call to the 24/7 line) or correct any other."""

    field_order = [
        "category",
        "occurred_on",
        "urgency",
        "account",
        "location",
        "immediate_needs",
        "scope",
        "told_instead",
    ]

    location = forms.CharField(label=_("Where"), max_length=500, required=False)
    immediate_needs = forms.CharField(
        label=_("What they need now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
