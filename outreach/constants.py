"""Choices of the OT on Tour campaign. Stored values are short Dutch slugs (they are
also the values of the import/export file); labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """Where a gemeente stands after being approached, unless simply going on."""

    WAITING = "wacht-op-antwoord", _("Waiting for an answer")
    NOT_INTERESTED = "geen-interesse", _("Not interested")


class YesNoUnknown(models.TextChoices):
    YES = "ja", _("Yes")
    NO = "nee", _("No")
    UNKNOWN = "onbekend", _("Unknown")


class ContactRole(models.TextChoices):
    MAYOR = "burgemeester", _("Mayor (burgemeester)")
    CLERK = "griffier", _("Council clerk (griffier)")


class TalkStatus(models.TextChoices):
    """The talk with the Commissaris van de Koning and the Statengriffier."""

    TO_SCHEDULE = "in-te-plannen", _("To schedule")
    PLANNED = "gepland", _("Planned")
    HELD = "gehouden", _("Held")


class Stage(models.TextChoices):
    """The furthest pipeline step a gemeente reached (derived, for filters)."""

    NOT_APPROACHED = "niet-benaderd", _("Not approached")
    LETTER = "brief", _("Letter sent")
    PHONE_ROUND = "belactie", _("Phone round")
    TALK_PLANNED = "gesprek-gepland", _("Orientation talk planned")
    TALK_HELD = "gesprek-gehouden", _("Orientation talk held")
    SESSION_PLANNED = "bijeenkomst-gepland", _("Evening session planned")
    SESSION_HELD = "bijeenkomst-gehouden", _("Evening session held")
