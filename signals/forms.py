from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import voice
from core.forms import DateInput
from regions.models import Gemeente
from signals import constants as sc
from signals.catalogue import Period
from signals.models import ReturnDay


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


def release_choices(releases) -> list[tuple[int, str]]:
    return [
        (
            r.number,
            _("Release %(number)s of %(date)s")
            % {
                "number": r.number,
                "date": voice.page_date(r.finished_at or r.created_at),
            },
        )
        for r in releases
    ]


def period_choices(release) -> list[tuple[str, str]]:
    return [(key, Period(key).label) for key in release.figures.get("periods", [])]


class DashboardForm(forms.Form):
    """Choose among what a release published: never a new selection."""

    release = forms.TypedChoiceField(label=_("Release"), choices=(), coerce=int)
    period = forms.ChoiceField(label=_("Period"), choices=())

    def __init__(self, data, releases, chosen):
        super().__init__(data)
        self.fields["release"].choices = release_choices(releases)
        self.fields["period"].choices = period_choices(chosen) if chosen else []
        self.fields["period"].error_messages["invalid_choice"] = _(
            "This release publishes no figures for that period. Choose one of the "
            "periods in the list."
        )
        self.fields["release"].error_messages["invalid_choice"] = _(
            "This release does not exist. Choose one of the releases in the list."
        )


class ReportForm(forms.Form):
    release = forms.TypedChoiceField(label=_("Release"), choices=(), coerce=int)
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

    def __init__(self, data, releases):
        super().__init__(data)
        self.releases = {r.number: r for r in releases}
        self.fields["release"].choices = release_choices(releases)
        newest = releases[0] if releases else None
        quarters = []
        for release in releases:
            quarters += range(release.first_quarter, release.last_quarter + 1)
        choices = [
            (q, sc.quarter_label(q)) for q in sorted(set(quarters), reverse=True)
        ]
        self.fields["first_quarter"].choices = choices
        self.fields["last_quarter"].choices = choices
        if not self.is_bound and newest:
            self.initial.update(
                release=newest.number,
                first_quarter=newest.last_quarter - 3,
                last_quarter=newest.last_quarter,
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_quarter"), data.get("last_quarter")
        release = self.releases.get(data.get("release"))
        if first is not None and last is not None and first > last:
            self.add_error(
                "last_quarter", _("The last quarter comes before the first.")
            )
        elif (
            release
            and first is not None
            and last is not None
            and (first < release.first_quarter or last > release.last_quarter)
        ):
            self.add_error(
                "first_quarter",
                _("This release covers %(first)s to %(last)s.")
                % {
                    "first": sc.quarter_label(release.first_quarter),
                    "last": sc.quarter_label(release.last_quarter),
                },
            )
        data["statistics_release"] = release
        return data
