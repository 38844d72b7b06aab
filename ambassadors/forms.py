from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.constants import (
    COMPETENCES,
    SCORE_CHOICES,
    Activity,
    ApplicationStatus,
)
from ambassadors.models import Application, Interview, Meeting, Vacancy
from network.models import Ambassador
from regions.models import Region

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NetworkFilterForm(forms.Form):
    SORTS = {
        "name": ["user__first_name", "user__last_name", "pk"],
        "-hours": ["-hours_month", "user__first_name", "pk"],
        "hours": ["hours_month", "user__first_name", "pk"],
        "-open": ["-open_cases", "user__first_name", "pk"],
        "dagdelen": ["dagdelen_year", "user__first_name", "pk"],
    }
    SORT_CHOICES = [
        ("name", _("Name")),
        ("-hours", _("Most hours this month")),
        ("hours", _("Fewest hours this month")),
        ("-open", _("Most open cases")),
        ("dagdelen", _("Fewest half-days this year")),
    ]
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(is_active=True),
        required=False,
        empty_label=_("All regions"),
    )
    availability = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[
            ("", _("Any")),
            ("available", _("Available")),
            ("unavailable", _("Unavailable")),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)


class TimeEntryForm(forms.Form):
    worked_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, decimal_places=2
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    case = forms.ModelChoiceField(
        label=_("Case (for case support)"),
        queryset=None,
        required=False,
        empty_label=_("No case"),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: case.reference
        self.initial.setdefault("worked_on", timezone.localdate())


class UnavailabilityForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until and including"), widget=DATE_WIDGET)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_on", "place", "dagdelen"]
        widgets = {"held_on": DATE_WIDGET}


class InviteForm(forms.Form):
    ambassadors = forms.ModelMultipleChoiceField(
        label=_("Invite"),
        queryset=Ambassador.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ambassadors"].queryset = (
            Ambassador.objects.active()
            .for_organisation(organisation_id)
            .select_related("user")
        )


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = ["region", "title", "description", "closes_on"]
        widgets = {"closes_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(is_active=True)


class ApplicationForm(forms.ModelForm):
    cv = forms.FileField(
        label=_("CV (PDF or Word .docx)"),
        help_text=_("At most 5 MB."),
    )

    class Meta:
        model = Application
        fields = ["first_name", "last_name", "email", "phone", "motivation"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 8})}


class ApplicationFilterForm(forms.Form):
    SORTS = {
        "-submitted": ["-submitted_at", "-pk"],
        "submitted": ["submitted_at", "pk"],
        "name": ["last_name", "first_name", "pk"],
    }
    vacancy = forms.ModelChoiceField(
        label=_("Vacancy"),
        queryset=Vacancy.objects.select_related("region"),
        required=False,
        empty_label=_("All vacancies"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *ApplicationStatus.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-submitted", _("Newest first")),
            ("submitted", _("Oldest first")),
            ("name", _("Name")),
        ],
    )


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = [
            "held_on",
            "neutral",
            "integer",
            "experience",
            "resilience",
            "empathy",
            "notes",
        ]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 6})}


class AppointForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=_("Also for these regions"),
        queryset=Region.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ScoreForm(forms.Form):
    """A committee member's own scores of the interview."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in COMPETENCES:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), *SCORE_CHOICES],
                coerce=int,
            )
