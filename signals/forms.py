from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ListedModelChoiceField
from core.widgets import QuickSelect
from regions.models import Gemeente, Province, Region
from signals import constants as sc
from signals.models import ReturnDay
from signals.stats import MAX_QUARTERS

ALL = [("", _("All"))]


def _optional_filter(label, choices) -> forms.TypedChoiceField:
    """A dashboard filter on one coded field: "All" (None) or one of ``choices``."""
    return forms.TypedChoiceField(
        label=label,
        choices=ALL + choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=QuickSelect,
    )


def quarter_choices(count=40):
    current = sc.quarter_of_date(timezone.localdate())
    return [(q, sc.quarter_label(q)) for q in range(current, current - count, -1)]


class _SignalFields(forms.Form):
    channel = forms.TypedChoiceField(
        label=_("Channel"), choices=sc.SignalChannel.choices, coerce=int
    )
    perpetrator = forms.TypedChoiceField(
        label=_("Kind of perpetrator"), choices=sc.PerpetratorKind.choices, coerce=int
    )
    police = forms.TypedChoiceField(
        label=_("Police report"), choices=sc.PoliceReport.choices, coerce=int
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"), choices=sc.ImpactLevel.choices, coerce=int
    )


class SignalForm(_SignalFields):
    """A standalone signal. Name and gemeente only make the pseudonym that counts a
    person once; neither is stored."""

    name = forms.CharField(
        label=_("Name of the office holder"),
        max_length=200,
        help_text=_("Not stored: only used to count a person once across signals."),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Gemeente.objects.order_by("name"),
        help_text=_("Not stored: only its province and region are kept."),
    )
    office = forms.TypedChoiceField(
        label=_("Kind of office holder"), choices=sc.SignalOffice.choices, coerce=int
    )
    category = forms.TypedChoiceField(
        label=_("Category"), choices=sc.SignalCategory.choices, coerce=int
    )
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=(), coerce=int)
    consent_given_on = forms.DateField(
        label=_("Consent for statistics given on"),
        widget=DateInput(),
        help_text=_("A signal counts only with the person's consent for statistics."),
    )
    field_order = [
        "name",
        "gemeente",
        "office",
        "category",
        "quarter",
        "channel",
        "perpetrator",
        "police",
        "impact",
        "consent_given_on",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices(12)


class SignalFromCaseForm(_SignalFields):
    pass


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Feedback on the support process"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "No names, places or details that point to a person. A second person "
            "reads it before the association's staff see it."
        ),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )


class ReturnDayForm(forms.ModelForm):
    class Meta:
        model = ReturnDay
        fields = ["name", "date"]
        widgets = {"date": DateInput()}


class ReportForm(forms.Form):
    first_quarter = forms.TypedChoiceField(
        label=_("From quarter"), choices=(), coerce=int
    )
    last_quarter = forms.TypedChoiceField(
        label=_("To quarter (including)"), choices=(), coerce=int
    )
    return_day = forms.ModelChoiceField(
        label=_("For return day"),
        queryset=ReturnDay.objects.filter(report__isnull=True),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices()
        self.fields["first_quarter"].choices = choices
        self.fields["last_quarter"].choices = choices
        if not self.is_bound:
            current = choices[0][0]
            self.initial.setdefault("first_quarter", current - 4)
            self.initial.setdefault("last_quarter", current - 1)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_quarter"), data.get("last_quarter")
        if first is not None and last is not None:
            if first > last:
                self.add_error(
                    "last_quarter", _("The last quarter comes before the first.")
                )
            elif last - first >= MAX_QUARTERS:
                self.add_error("first_quarter", _("Choose a shorter period."))
        return data


class DashboardForm(forms.Form):
    # The dashboard's selects are written in Python (QuickSelect): some 150 options
    # rendered through one template each cost more than the counting. Province and
    # region read their rows in one plain query (no server-side cursor).
    first_quarter = forms.TypedChoiceField(
        label=_("From quarter"),
        choices=(),
        coerce=int,
        required=False,
        widget=QuickSelect,
    )
    last_quarter = forms.TypedChoiceField(
        label=_("To quarter (including)"),
        choices=(),
        coerce=int,
        required=False,
        widget=QuickSelect,
    )
    category = _optional_filter(_("Category"), sc.SignalCategory.choices)
    office = _optional_filter(_("Kind of office holder"), sc.SignalOffice.choices)
    province = ListedModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    region = ListedModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    channel = _optional_filter(_("Channel"), sc.SignalChannel.choices)
    perpetrator = _optional_filter(_("Kind of perpetrator"), sc.PerpetratorKind.choices)
    police = _optional_filter(_("Police report"), sc.PoliceReport.choices)
    impact = _optional_filter(_("Impact"), sc.ImpactLevel.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices()
        self.fields["first_quarter"].choices = choices
        self.fields["last_quarter"].choices = choices
        self.current = choices[0][0]

    def clean(self):
        data = super().clean()
        last = data.get("last_quarter") or self.current
        first = data.get("first_quarter") or last - 7
        if first > last:
            self.add_error(
                "last_quarter", _("The last quarter comes before the first.")
            )
        data["first_quarter"], data["last_quarter"] = first, last
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        result = {}
        for name in (
            "category",
            "office",
            "channel",
            "perpetrator",
            "police",
            "impact",
        ):
            if data.get(name) is not None:
                result[name] = data[name]
        if data.get("province"):
            result["province_id"] = data["province"].pk
        if data.get("region"):
            result["region_id"] = data["region"].pk
        return result
