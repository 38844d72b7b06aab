"""The triage queue's filters."""

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cases import constants as c
from core.forms import DateInput, ListedModelChoiceField, no_nul
from core.widgets import QuickSelect
from regions.models import Region


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
        "due": (F("next_due").asc(nulls_last=True), "-reported_at", "-pk"),
    }
    SORT_CHOICES = [
        ("-reported", _("Newest first")),
        ("reported", _("Oldest first")),
        ("-urgency", _("Most urgent first")),
        ("urgency", _("Least urgent first")),
        ("status", _("Status")),
        ("-occurred", _("Incident date, newest first")),
        ("occurred", _("Incident date, oldest first")),
        ("due", _("Due first")),
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
        return no_nul(self.cleaned_data["q"]).strip()
