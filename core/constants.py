"""Choices every app shares: roles, kinds of organisation, audit actions.

Stored values are short slugs; labels are translated (Dutch first).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are auth groups, created by a data migration."""

    ADVISOR = "vertrouwenspersoon", _("Confidential advisor")
    AMBASSADOR = "regioambassadeur", _("Regional ambassador")
    STAFF = "verenigingsmedewerker", _("Association staff")
    ADMIN = "functioneel-beheerder", _("Functional administrator")
    PRIVACY_OFFICER = "functionaris-gegevensbescherming", _("Privacy officer")
    SELECTION = "selectiecommissie", _("Selection committee")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "vereniging", _("Association (with the 24/7 support team)")
    PARTY = "partij", _("Political party with its own confidential advisor")


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    TRANSITION = "transition", _("Status changed")
    HANDOFF = "handoff", _("Handed off")
    ACCEPT = "accept", _("Accepted")
    DECLINE = "decline", _("Declined")
    REVOKE = "revoke", _("Revoked")
    EXPORT = "export", _("Exported")
    BREAK = "break", _("Confidentiality broken")
    CONFIRM = "confirm", _("Confirmed")
    PURGE = "purge", _("Removed (retention)")
    FORMAL_REPORT = "formal-report", _("Turned into a formal report")
    DELETE = "delete", _("Deleted")
