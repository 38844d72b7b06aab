"""Choices of a signal. Stored as small integers: the dashboard aggregates them as bit
masks in SQL (one bit per value, so every value stays below 63)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.constants import Category, Office


class SignalCategory(models.IntegerChoices):
    INTIMIDATION = 1, _("Intimidation")
    THREAT = 2, _("Threat")
    AGGRESSION = 3, _("Aggression")
    VIOLENCE = 4, _("Violence")
    INTEGRITY = 5, _("Integrity violation")
    ABUSE = 6, _("Abuse of powers, means or position")
    OTHER = 7, _("Other boundary-crossing behaviour")


class SignalOffice(models.IntegerChoices):
    COUNCILLOR = 1, _("Council member")
    ALDERMAN = 2, _("Alderman")
    MAYOR = 3, _("Mayor")
    STATES_MEMBER = 4, _("Member of the Provincial Council")
    DEPUTY = 5, _("Provincial executive")
    CLERK = 6, _("Council clerk")


class SignalChannel(models.IntegerChoices):
    """How the behaviour reached the office holder (not how the melding came in)."""

    ONLINE = 1, _("Online or social media")
    IN_PERSON = 2, pgettext_lazy("signal channel", "In person")
    MAIL = 3, _("By letter or e-mail")
    PHONE = 4, pgettext_lazy("signal channel", "By phone")
    AT_HOME = 5, _("At or near the home")
    MEETING = 6, _("In a meeting")
    OTHER = 7, pgettext_lazy("signal channel", "Other")


class PerpetratorKind(models.IntegerChoices):
    CITIZEN = 1, _("Citizen")
    POLITICIAN = 2, _("Fellow politician")
    OFFICIAL = 3, _("Civil servant")
    GROUP = 4, _("Organised group")
    UNKNOWN = 5, _("Unknown")
    OTHER = 6, pgettext_lazy("perpetrator", "Other")


class PoliceReport(models.IntegerChoices):
    NONE = 1, _("No police report")
    MELDING = 2, _("Reported to the police (melding)")
    AANGIFTE = 3, _("Formal police report (aangifte)")
    UNKNOWN = 4, pgettext_lazy("police report", "Unknown")


class ImpactLevel(models.IntegerChoices):
    LOW = 1, pgettext_lazy("impact", "Low")
    MODERATE = 2, pgettext_lazy("impact", "Moderate")
    HIGH = 3, pgettext_lazy("impact", "High")
    SEVERE = 4, pgettext_lazy("impact", "Severe")


class ReportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("Queued")
    RUNNING = "bezig", _("Being compiled")
    DONE = "klaar", _("Ready")
    FAILED = "mislukt", _("Failed")


class ReleaseReason(models.TextChoices):
    QUARTER = "kwartaal", _("Quarter closed")
    RETURN_DAY = "terugkomdag", _("Return day")
    MANUAL = "handmatig", _("Started by staff")


class FeedbackStatus(models.TextChoices):
    PENDING = "wacht", _("Awaiting a second reader")
    APPROVED = "goedgekeurd", _("Approved")
    REJECTED = "afgewezen", pgettext_lazy("feedback", "Rejected")


# From the case vocabulary to the signal vocabulary.
CATEGORY_FROM_CASE = {
    Category.INTIMIDATION: SignalCategory.INTIMIDATION,
    Category.THREAT: SignalCategory.THREAT,
    Category.AGGRESSION: SignalCategory.AGGRESSION,
    Category.VIOLENCE: SignalCategory.VIOLENCE,
    Category.INTEGRITY: SignalCategory.INTEGRITY,
    Category.ABUSE: SignalCategory.ABUSE,
    Category.OTHER: SignalCategory.OTHER,
}
OFFICE_FROM_CASE = {
    Office.COUNCILLOR: SignalOffice.COUNCILLOR,
    Office.ALDERMAN: SignalOffice.ALDERMAN,
    Office.MAYOR: SignalOffice.MAYOR,
    Office.STATES_MEMBER: SignalOffice.STATES_MEMBER,
    Office.DEPUTY: SignalOffice.DEPUTY,
    Office.CLERK: SignalOffice.CLERK,
}


# --- quarters ------------------------------------------------------------------------
# A period is stored as one integer: year * 4 + (quarter - 1). 2026 Q3 -> 8106.


def quarter_number(year: int, quarter: int) -> int:
    return year * 4 + (quarter - 1)


def quarter_of_date(day) -> int:
    return quarter_number(day.year, (day.month - 1) // 3 + 1)


def quarter_parts(number: int) -> tuple[int, int]:
    return number // 4, number % 4 + 1


def quarter_label(number: int) -> str:
    year, quarter = quarter_parts(number)
    return f"{year}-K{quarter}"


def quarter_start(number: int):
    import datetime

    year, quarter = quarter_parts(number)
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(number: int):
    import datetime

    return quarter_start(number + 1) - datetime.timedelta(days=1)
