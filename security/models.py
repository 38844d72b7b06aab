"""Security records: sessions that know their user; breaches of confidentiality."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField


class UserSession(AbstractBaseSession):
    """A server-side session with the id of the user it belongs to (if signed in)."""

    user_id = models.BigIntegerField(_("user id"), null=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The configured engine (security.sessions), named by the setting rather than
        # imported: the engine imports this model.
        return import_module(settings.SESSION_ENGINE).SessionStore


def end_sessions_of(user_id: int) -> int:
    """End every session of one user on the server. Returns how many there were."""
    deleted, _rows = UserSession.objects.filter(user_id=user_id).delete()
    return deleted


class BreakGround(models.TextChoices):
    """The two exceptions to confidentiality in the party advisor's guidelines."""

    LIFE_THREAT = "levensgevaar", _("A life-threatening situation")
    CRIME = "strafbaar-feit", _("Acts against the law")


class LegalBasis(models.TextChoices):
    VITAL_INTEREST = (
        "vitaal-belang",
        _("Vital interest of the person or another (GDPR art. 6(1)(d), 9(2)(c))"),
    )
    LEGAL_OBLIGATION = (
        "wettelijke-plicht",
        _("Legal obligation (GDPR art. 6(1)(c), art. 10 and the UAVG)"),
    )
    CONFLICT_OF_DUTIES = (
        "conflict-van-plichten",
        _("Conflict of duties: preventing serious harm outweighs confidentiality"),
    )


class BreakStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Awaiting confirmation")
    CONFIRMED = "bevestigd", _("Confirmed")
    REJECTED = "afgewezen", _("Rejected")


class ConfidentialityBreak(models.Model):
    """A confidential advisor's explicit decision to break confidentiality on a case,
    which takes effect only when a second authorised person confirms it (four eyes).
    Both steps are audited; the reason and the recipient are encrypted at rest."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="confidentiality_breaks",
        verbose_name=_("case"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=BreakGround.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=30, choices=LegalBasis.choices
    )
    disclosed_to = EncryptedTextField(_("to be disclosed to"), max_length=200)
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BreakStatus.choices,
        default=BreakStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or rejected by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("breach of confidentiality")
        verbose_name_plural = _("breaches of confidentiality")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="confidentiality_break_four_eyes",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="aangevraagd"),
                name="one_open_confidentiality_break_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.case} – {self.get_ground_display()}"


class RetentionRun(models.Model):
    """One run of the retention purge and what it removed (counts only)."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    counts = models.JSONField(_("removed"), default=dict)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.counts}"
