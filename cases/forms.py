"""Forms for the case flow. They validate input shape; the services own the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.models import Ambassador
from ambassadors.selectors import network
from cases import constants as c
from cases.models import OfficeHolder, Partner
from core.constants import Role
from core.widgets import QuickSelect
from regions.models import Gemeente, Region

MAX_TEXT = 20_000


def _no_nul(value: str) -> str:
    if value and "\x00" in value:
        raise forms.ValidationError(
            _("The text contains a character that is not allowed.")
        )
    return value


class CleanTextMixin:
    """Refuse NUL bytes in every text field: PostgreSQL cannot store them."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and "\x00" in value:
                self.add_error(
                    name, _("The text contains a character that is not allowed.")
                )
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _not_in_future_date(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))
    return value


def _not_in_future(value):
    if value and value > timezone.now():
        raise forms.ValidationError(_("This moment lies in the future."))
    return value


EMERGENCY_ADVICE = _(
    "In immediate danger: advise the person to call 112 (police, fire brigade, "
    "ambulance) at once, and to stay somewhere safe."
)
SCOPE_HELP = _(
    "In scope: unwanted behaviour or an integrity issue within the party. Out of "
    "scope: discontent about the party's positions, the board, council members or "
    "the alderman."
)


def _check_told_instead(form, cleaned) -> None:
    scope = cleaned.get("scope")
    if scope and scope not in c.IN_SCOPE and not cleaned.get("told_instead"):
        form.add_error(
            "told_instead",
            _("Out of scope: write down what the person was told instead."),
        )


class OfficeHolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.get_office_display()}, {obj.gemeente.name}"


class IntakeForm(CleanTextMixin, forms.Form):
    """Record a melding: who, how it came in, what happened, when, how urgent."""

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
        initial=c.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    account = forms.CharField(
        label=_("Account of what happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
    )
    immediate_danger = forms.BooleanField(
        label=_("The person is in immediate danger"),
        required=False,
        help_text=EMERGENCY_ADVICE,
    )
    scope = forms.ChoiceField(
        label=_("Is this melding for the confidential advisor?"),
        choices=[("", "—"), *c.Scope.choices],
        required=False,
        help_text=SCOPE_HELP,
    )
    told_instead = forms.CharField(
        label=_("Out of scope: what was the person told instead?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    assign_to_me = forms.BooleanField(
        label=_("I will handle this melding myself"), required=False, initial=True
    )

    def __init__(self, *args, user, is_party=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office_holder"].queryset = (
            OfficeHolder.objects.visible_to(user)
            .select_related("gemeente")
            .order_by("name")
        )
        if is_party:
            self.fields["scope"].required = True
        else:
            # The scope question is a party advisor's (source 002).
            del self.fields["scope"]
            del self.fields["told_instead"]

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("office_holder")
        new_fields = ("new_name", "new_office", "new_gemeente")
        any_new = any(cleaned.get(name) for name in new_fields)
        if existing and any_new:
            raise forms.ValidationError(
                _("Choose an existing office holder or fill in a new one, not both.")
            )
        _check_told_instead(self, cleaned)
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


class _ListedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose choices are its queryset itself: one plain query,
    kept in the queryset's result cache, instead of ``queryset.iterator()``, which on
    PostgreSQL opens a server-side cursor (three round trips for a short list)."""

    iterator = _ListedChoiceIterator


class RegionFilterField(ListedModelChoiceField):
    """A region filter that reads the regions once per form: the same rows fill the
    select and validate the choice (instead of a query for each)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        try:
            pk = self.queryset.model._meta.pk.to_python(value)
        except forms.ValidationError:
            pk = None
        for region in self.queryset:
            if region.pk == pk:
                return region
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class QueueFilterForm(forms.Form):
    """The triage queue's filters. Invalid values are dropped, never an error page."""

    SORTS = {
        "-reported": ("-reported_at", "-pk"),
        "reported": ("reported_at", "pk"),
        "-urgency": ("-urgency", "-reported_at", "-pk"),
        "urgency": ("urgency", "-reported_at", "-pk"),
        "status": ("status", "-reported_at", "-pk"),
        "-occurred": ("-occurred_on", "-pk"),
        "occurred": ("occurred_on", "pk"),
    }
    SORT_CHOICES = [
        ("-reported", _("Newest first")),
        ("reported", _("Oldest first")),
        ("-urgency", _("Most urgent first")),
        ("urgency", _("Least urgent first")),
        ("status", _("Status")),
        ("-occurred", _("Incident date, newest first")),
        ("occurred", _("Incident date, oldest first")),
    ]
    VIEW_CHOICES = [
        ("all", _("All open")),
        ("mine", _("Mine")),
        ("unassigned", _("Unassigned")),
        ("closed", _("Closed")),
    ]

    view = forms.ChoiceField(
        label=_("Show"), choices=VIEW_CHOICES, required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *c.Status.choices],
        required=False,
        widget=QuickSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All")), *c.Category.choices],
        required=False,
        widget=QuickSelect,
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=[("", _("All")), *c.Urgency.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=QuickSelect,
    )
    office = forms.ChoiceField(
        label=_("Office"),
        choices=[("", _("All")), *c.Office.choices],
        required=False,
        widget=QuickSelect,
    )
    region = RegionFilterField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    date_from = forms.DateField(
        label=_("Reported from"), required=False, widget=DateInput()
    )
    date_to = forms.DateField(
        label=_("Reported up to and including"), required=False, widget=DateInput()
    )
    sort = forms.ChoiceField(
        label=_("Sort"), choices=SORT_CHOICES, required=False, widget=QuickSelect
    )

    def clean_q(self):
        return _no_nul(self.cleaned_data["q"]).strip()


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
    given_at = forms.DateTimeField(
        label=_("Given at"), widget=DateTimeInput(), validators=[_not_in_future]
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


class ReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OptionalReasonForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )


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


class AssignForm(forms.Form):
    owner = ListedModelChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody (unassigned)"),
        widget=QuickSelect,
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__name=Role.ADVISOR,
                membership__organisation_id=organisation_id,
            )
            .order_by("first_name", "last_name")
        )
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class NoteForm(CleanTextMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=c.NoteKind.choices,
        widget=forms.RadioSelect,
        initial=c.NoteKind.NOTE,
    )
    contact_mode = forms.ChoiceField(
        label=_("Contact by (contact log only)"),
        choices=[("", "—"), *c.ContactMode.choices],
        required=False,
    )
    contact_at = forms.DateTimeField(
        label=_("Contact at (contact log only)"),
        widget=DateTimeInput(),
        required=False,
        validators=[_not_in_future],
    )
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_TEXT
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == c.NoteKind.CONTACT and not cleaned.get(
            "contact_mode"
        ):
            self.add_error("contact_mode", _("How was the contact?"))
        return cleaned


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
            return cleaned
        for name in ("kind", "partner"):
            if not cleaned.get(name) and not self.has_error(name):
                self.add_error(name, _("This field is required."))
        return cleaned


class ReferralOutcomeForm(CleanTextMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        help_text=_("What the partner did, and whether it helped."),
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=c.ReferralStatus.choices)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase of support"), choices=c.Phase.choices)


class CloseForm(CleanTextMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "A short outcome, e.g. “supported; police report made; aftercare done”."
        ),
    )
