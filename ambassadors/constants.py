"""Choices of the ambassador network. Stored values are short Dutch slugs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    CASE = "casus", _("Support in a case")
    TRAINING = "training", _("Training")
    INTERVISION = "intervisie", _("Intervision")
    RETURN_DAY = "terugkomdag", _("National return day")
    SIGNALLING = "signalering", _("Signalling")
    OTHER = "overig", _("Other network work")


class MeetingKind(models.TextChoices):
    TRAINING = "training", _("Training")
    INTERVISION = "intervisie", _("Intervision")
    RETURN_DAY = "terugkomdag", _("National return day (landelijke terugkomdag)")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "ingediend", _("Submitted")
    INTERVIEW = "gesprek", _("Interviewed")
    APPOINTED = "benoemd", _("Appointed")
    REJECTED = "afgewezen", _("Not appointed")


# The five competences of the ambassador's role profile: field name, label.
COMPETENCES = [
    ("neutral", _("Neutral")),
    ("integer", _("Integer")),
    ("experience", _("Experience in local government")),
    ("resilience", _("Resistant to pressure from the environment")),
    ("empathy", _("Empathetic")),
]
SCORE_CHOICES = [
    (1, _("1 – insufficient")),
    (2, _("2 – doubtful")),
    (3, _("3 – sufficient")),
    (4, _("4 – good")),
    (5, _("5 – excellent")),
]

CV_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
