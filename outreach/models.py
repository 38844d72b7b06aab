"""The OT on Tour outreach campaign: the Ondersteuningsteam's tour along
the 342 gemeenten and the talks with the provinces.

This is campaign administration, not case data: it names gemeenten, dates and
outcomes, and the public office holders to contact (configuration). It has no free-text
notes on purpose, so nothing of a melding can end up here.

A gemeente without a ``GemeenteCampaign`` row has not been approached; rows are made on
the first change (form or import), so the 342 gemeenten always come from
``regions.Gemeente`` (matched on CBS code).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from outreach.constants import ContactRole, Outcome, Stage, TalkStatus, YesNoUnknown

# The pipeline's dated steps, in order: (field, stage reached when the date is set).
PIPELINE = [
    ("letter_sent_on", Stage.LETTER),
    ("phone_round_on", Stage.PHONE_ROUND),
    ("talk_planned_on", Stage.TALK_PLANNED),
    ("talk_held_on", Stage.TALK_HELD),
    ("session_planned_on", Stage.SESSION_PLANNED),
    ("session_held_on", Stage.SESSION_HELD),
]


class GemeenteCampaign(models.Model):
    gemeente = models.OneToOneField(
        "regions.Gemeente",
        on_delete=models.PROTECT,
        related_name="campaign",
        verbose_name=_("municipality"),
    )
    letter_sent_on = models.DateField(_("letter sent"), null=True, blank=True)
    phone_round_on = models.DateField(
        _("phone round (belactie)"), null=True, blank=True
    )
    talk_planned_on = models.DateField(
        _("orientation talk planned for"), null=True, blank=True
    )
    talk_held_on = models.DateField(_("orientation talk held"), null=True, blank=True)
    session_planned_on = models.DateField(
        _("evening session planned for"), null=True, blank=True
    )
    session_held_on = models.DateField(_("evening session held"), null=True, blank=True)
    trainings = models.PositiveSmallIntegerField(
        _("trainings (at the municipality's cost)"),
        default=0,
        validators=[MaxValueValidator(99)],
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True
    )
    aggression_protocol = models.CharField(
        _("aggression protocol"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    code_of_conduct = models.CharField(
        _("code of conduct"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["gemeente__name"]
        verbose_name = _("campaign of a municipality")
        verbose_name_plural = _("campaigns of municipalities")

    def __str__(self):
        return str(self.gemeente)

    @property
    def stage(self) -> str:
        reached = Stage.NOT_APPROACHED
        for field, stage in PIPELINE:
            if getattr(self, field) is not None:
                reached = stage
        return reached

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    def clean(self):
        # A talk without a letter is fine: the tour also visits gemeenten that asked.
        errors = {}
        if self.outcome == Outcome.NOT_INTERESTED and self.session_held_on is not None:
            errors["outcome"] = _(
                "A municipality that had an evening session cannot be 'not interested'."
            )
        if errors:
            raise ValidationError(errors)


class GemeenteContact(models.Model):
    """The burgemeester or griffier to approach: configuration, one per role."""

    gemeente = models.ForeignKey(
        "regions.Gemeente",
        on_delete=models.CASCADE,
        related_name="campaign_contacts",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        ordering = ["gemeente__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "role"], name="outreach_one_contact_per_role"
            )
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.get_role_display()} {self.gemeente}: {self.name}"


class ProvinceCampaign(models.Model):
    """Province level: the talk with the Commissaris van de Koning and the
    Statengriffier (one talk per province, as the OT's progress report counts them:
    7 held, 2 planned, 3 to schedule = 12 provinces) and sessions for Provinciale
    Staten."""

    province = models.OneToOneField(
        "regions.Province",
        on_delete=models.PROTECT,
        related_name="campaign",
        verbose_name=_("province"),
    )
    talk_status = models.CharField(
        _("talk with the King's Commissioner and the Statengriffier"),
        max_length=20,
        choices=TalkStatus.choices,
        default=TalkStatus.TO_SCHEDULE,
    )
    talk_on = models.DateField(_("date of the talk"), null=True, blank=True)
    staten_sessions_held = models.PositiveSmallIntegerField(
        _("sessions held for Provinciale Staten"),
        default=0,
        validators=[MaxValueValidator(99)],
    )
    staten_session_planned_on = models.DateField(
        _("next session for Provinciale Staten planned for"), null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["province__name"]
        verbose_name = _("campaign of a province")
        verbose_name_plural = _("campaigns of provinces")

    def __str__(self):
        return str(self.province)

    def clean(self):
        if (
            self.talk_status in (TalkStatus.PLANNED, TalkStatus.HELD)
            and not self.talk_on
        ):
            raise ValidationError(
                {"talk_on": _("Give the date of a planned or held talk.")}
            )
