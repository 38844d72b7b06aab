from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from outreach.constants import ContactRole, Outcome, Stage, YesNoUnknown
from outreach.models import GemeenteCampaign, ProvinceCampaign
from regions.models import Province

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GemeenteFilterForm(forms.Form):
    SORTS = {
        "name": ["name", "pk"],
        "-name": ["-name", "-pk"],
        "province": ["province__name", "name", "pk"],
        "code": ["code"],
        "-letter": ["-campaign__letter_sent_on", "name"],
        "-talk": ["-campaign__talk_held_on", "-campaign__talk_planned_on", "name"],
        "-updated": ["-campaign__updated_at", "name"],
    }
    SORT_CHOICES = [
        ("name", _("Name (A–Z)")),
        ("-name", _("Name (Z–A)")),
        ("province", _("Province")),
        ("code", _("CBS code")),
        ("-letter", _("Letter sent (newest first)")),
        ("-talk", _("Orientation talk (newest first)")),
        ("-updated", _("Recently changed")),
    ]
    OUTCOME_CHOICES = [
        ("", _("Any")),
        ("open", _("Approached, in progress")),
        *Outcome.choices,
    ]

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=_("All provinces"),
    )
    stage = forms.ChoiceField(
        label=_("Furthest step"),
        choices=[("", _("Any")), *Stage.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=OUTCOME_CHOICES, required=False
    )
    protocol = forms.ChoiceField(
        label=_("Aggression protocol"),
        choices=[("", _("Any")), *YesNoUnknown.choices],
        required=False,
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)


class CampaignForm(forms.ModelForm):
    class Meta:
        model = GemeenteCampaign
        fields = [
            "letter_sent_on",
            "phone_round_on",
            "talk_planned_on",
            "talk_held_on",
            "session_planned_on",
            "session_held_on",
            "trainings",
            "outcome",
            "aggression_protocol",
            "code_of_conduct",
        ]
        widgets = {name: DATE_WIDGET for name in fields if name.endswith("_on")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("No outcome yet")), *Outcome.choices]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, prefix=role, **kwargs)
        self.role = role
        self.role_label = ContactRole(role).label

    def clean(self):
        data = super().clean()
        if not data.get("name") and (data.get("email") or data.get("phone")):
            self.add_error("name", _("Give the name of the contact."))
        return data


class ProvinceCampaignForm(forms.ModelForm):
    class Meta:
        model = ProvinceCampaign
        fields = [
            "talk_status",
            "talk_on",
            "staten_sessions_held",
            "staten_session_planned_on",
        ]
        widgets = {"talk_on": DATE_WIDGET, "staten_session_planned_on": DATE_WIDGET}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Use the columns listed above, as in the export; rows are matched on "
            "gemeentecode."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only show what would change"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KLANKBORD_OUTREACH_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s kB.") % {"size": limit // 1024}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
