"""Recording a melding: the intake form, a call to the 24/7-lijn, completing an
intake. The forms validate input shape; the services own the rules."""

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from cases.models import OfficeHolder
from core.forms import (
    MAX_TEXT,
    CleanTextMixin,
    DateInput,
    not_in_future_date,
)
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


# At most this many suggestions in a narrowed list.
SUGGESTIONS = 50

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]


def check_told_instead(form, cleaned) -> None:
    scope = cleaned.get("scope")
    if scope and scope not in c.IN_SCOPE and not cleaned.get("told_instead"):
        form.add_error(
            "told_instead",
            _("Out of scope: write down what the person was told instead."),
        )


def _suggest_attrs(which: str, name: str) -> dict:
    """A search box that narrows the select of ``which`` as one types (htmx posts
    only the search itself, never the rest of the form)."""
    return {
        "type": "search",
        "autocomplete": "off",
        "hx-post": reverse_lazy("cases:intake_suggest"),
        "hx-trigger": "input changed delay:300ms, search",
        "hx-target": f"#{which}-select",
        "hx-swap": "innerHTML",
        "hx-params": name,
        "hx-vals": f'{{"which": "{which}"}}',
    }


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
        "holder_q",
        "office_holder",
        "new_name",
        "new_office",
        "gemeente_q",
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

    # Type-ahead: the search narrows the select below it, through htmx as one types
    # (``views.intake.intake_suggest``) or, without JavaScript, with the search
    # button (the form comes back, nothing saved). The select alone works too.
    holder_q = forms.CharField(
        label=_("Search a known office holder"),
        max_length=100,
        required=False,
        help_text=_("A name or a municipality."),
        widget=forms.TextInput(attrs=_suggest_attrs("holder", "holder_q")),
    )
    gemeente_q = forms.CharField(
        label=_("Search a municipality"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=_suggest_attrs("gemeente", "gemeente_q")),
    )
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
    # Shown (and required) only when the new office holder looks like a known one.
    confirm_new_holder = forms.BooleanField(
        label=_("Yes, this is someone else: register a new office holder"),
        required=False,
    )

    def __init__(self, *args, user, is_party=False, **kwargs):
        super().__init__(*args, is_party=is_party, **kwargs)
        self.user = user
        self.fields["office_holder"].queryset = (
            OfficeHolder.objects.visible_to(user)
            .select_related("gemeente")
            .order_by("name")
        )
        self.possible_duplicates = []

    def narrow(self, *, holder: str = "", gemeente: str = "") -> None:
        """Show only the office holders and municipalities that match the searches
        (for display: a submitted form is validated against the full lists)."""
        # A search is free text from the request: at most 100 characters, and no
        # NUL (PostgreSQL refuses it in a query).
        holder, gemeente = (
            term.replace("\x00", "")[:100].strip() for term in (holder, gemeente)
        )
        if holder:
            self.fields["office_holder"].queryset = self.fields[
                "office_holder"
            ].queryset.filter(
                Q(name__icontains=holder) | Q(gemeente__name__icontains=holder)
            )[:SUGGESTIONS]
        if gemeente:
            self.fields["new_gemeente"].queryset = self.fields[
                "new_gemeente"
            ].queryset.filter(name__icontains=gemeente)[:SUGGESTIONS]

    @property
    def shows_confirm(self) -> bool:
        return bool(self.possible_duplicates)

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
                self._flag_duplicate(cleaned)
        return cleaned

    def _flag_duplicate(self, cleaned) -> None:
        """A new office holder with the name and municipality of a known one is
        probably that person: say so before anything is saved, and save only when
        the advisor confirms it is someone else."""
        name, gemeente = (
            (cleaned.get("new_name") or "").strip(),
            cleaned.get("new_gemeente"),
        )
        if not name or gemeente is None:
            return
        self.possible_duplicates = list(
            OfficeHolder.objects.visible_to(self.user)
            .filter(name__iexact=name, gemeente=gemeente)
            .select_related("gemeente")
        )
        if self.possible_duplicates and not cleaned.get("confirm_new_holder"):
            self.add_error(
                "new_name",
                _(
                    "An office holder with this name in this municipality is known "
                    "already. Choose them as the existing office holder, or confirm "
                    "that this is someone else."
                ),
            )


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
