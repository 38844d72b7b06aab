"""What the ambassadors do: their hours, meetings and recruitment. Who they are and
which regions they cover is ``network.models``."""

import uuid
from decimal import Decimal

from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.constants import (
    COMPETENCES,
    SCORE_CHOICES,
    Activity,
    ApplicationStatus,
    MeetingKind,
)
from core.fields import EncryptedFileField, EncryptedTextField, user_reference
from network.models import Ambassador

# --- time and meetings --------------------------------------------------------------


class TimeEntry(models.Model):
    """Hours an ambassador spent, on a case or on an activity. No content: only the
    date, the hours, the kind of work and (for case work) which case."""

    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("ambassador"),
    )
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.25")),
            MaxValueValidator(Decimal("24")),
        ],
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["ambassador", "worked_on"])]

    def __str__(self):
        return f"{self.ambassador} {self.worked_on}: {self.hours}"


class Meeting(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=150)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=150)
    dagdelen = models.PositiveSmallIntegerField(
        _("half-days (dagdelen)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title


class Invitation(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("meeting"),
    )
    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("ambassador"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    # None: not recorded yet.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "ambassador"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "ambassador"], name="ambassadors_one_invitation"
            )
        ]

    def __str__(self):
        return f"{self.meeting}: {self.ambassador}"


# --- recruitment and selection ------------------------------------------------------


def private_storage():
    """Outside the web root (settings.STORAGES["private"]); served only by a view
    that checks the selection-committee role."""
    return storages["private"]


def cv_path(instance, filename):
    # Never the uploaded name: it may carry the applicant's name or a path.
    return f"cv/{uuid.uuid4().hex}.{instance.cv_kind}"


class Vacancy(models.Model):
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="vacancies",
        verbose_name=_("region"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000)
    closes_on = models.DateField(_("closing date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-closes_on", "region__name"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        return (today or timezone.localdate()) <= self.closes_on


class Application(models.Model):
    vacancy = models.ForeignKey(
        Vacancy,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("vacancy"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    motivation = EncryptedTextField(_("motivation"), max_length=5000)
    # The file's bytes are sealed in the private storage (core.fields).
    cv = EncryptedFileField(
        _("CV"), storage=private_storage, upload_to=cv_path, max_length=200
    )
    cv_kind = models.CharField(_("CV file type"), max_length=4)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = user_reference(_("decided by"), blank=True)
    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("ambassador"),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Interview(models.Model):
    """The interview with the selection committee, scored on the five competences."""

    application = models.OneToOneField(
        Application,
        on_delete=models.CASCADE,
        related_name="interview",
        verbose_name=_("application"),
    )
    held_on = models.DateField(_("date of the interview"))
    neutral = models.PositiveSmallIntegerField(_("Neutral"), choices=SCORE_CHOICES)
    integer = models.PositiveSmallIntegerField(_("Integer"), choices=SCORE_CHOICES)
    experience = models.PositiveSmallIntegerField(
        _("Experience in local government"), choices=SCORE_CHOICES
    )
    resilience = models.PositiveSmallIntegerField(
        _("Resistant to pressure from the environment"), choices=SCORE_CHOICES
    )
    empathy = models.PositiveSmallIntegerField(_("Empathetic"), choices=SCORE_CHOICES)
    notes = EncryptedTextField(_("notes"), max_length=5000, blank=True)
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self):
        return f"{self.application} ({self.held_on})"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name, _label in COMPETENCES)


class InterviewScore(models.Model):
    """One selection committee member's own scores of an interview on the five
    competences (``ambassadors.scoring``): each member scores separately, the
    application's page shows every member's scores and their average."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("application"),
    )
    member = user_reference(_("committee member"))
    neutral = models.PositiveSmallIntegerField(_("Neutral"), choices=SCORE_CHOICES)
    integer = models.PositiveSmallIntegerField(_("Integer"), choices=SCORE_CHOICES)
    experience = models.PositiveSmallIntegerField(
        _("Experience in local government"), choices=SCORE_CHOICES
    )
    resilience = models.PositiveSmallIntegerField(
        _("Resistant to pressure from the environment"), choices=SCORE_CHOICES
    )
    empathy = models.PositiveSmallIntegerField(_("Empathetic"), choices=SCORE_CHOICES)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        ordering = ["application", "scored_at", "pk"]
        verbose_name = _("interview score")
        verbose_name_plural = _("interview scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="ambassadors_one_score_each"
            ),
            models.CheckConstraint(
                condition=models.Q(neutral__range=(1, 5))
                & models.Q(integer__range=(1, 5))
                & models.Q(experience__range=(1, 5))
                & models.Q(resilience__range=(1, 5))
                & models.Q(empathy__range=(1, 5)),
                name="ambassadors_score_between_1_and_5",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.member_id}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name, _label in COMPETENCES)
