"""Security records: sessions that know their user; breaches of confidentiality;
changes to accounts that wait for a second person's approval."""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constants import Role
from core.fields import EncryptedTextField
from core.models import Organisation


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


class AccessRequestKind(models.TextChoices):
    """What a functional admin may change about an account only with a second
    person's approval (security.approvals)."""

    ROLE_GRANT = "rol-toekennen", _("Grant a role")
    ROLE_REVOKE = "rol-intrekken", _("Withdraw a role")
    MEMBERSHIP = "organisatie", _("Change the organisation")
    TWO_FACTOR_RESET = "tweestaps-herstel", _("Reset the second factor")


class AccessRequestStatus(models.TextChoices):
    PENDING = "aangevraagd", _("Awaiting approval")
    APPROVED = "goedgekeurd", _("Approved")
    REJECTED = "afgewezen", _("Rejected")


ROLE_KINDS = [AccessRequestKind.ROLE_GRANT, AccessRequestKind.ROLE_REVOKE]


class AccessRequest(models.Model):
    """A change to who may read what (a role, an organisation) or to how someone logs
    in (their second factor), requested by one functional admin. It has no effect
    until a different authorised person approves it: never the requester, never the
    account concerned (four eyes, also database constraints). Both steps are audited;
    the row holds no free text."""

    kind = models.CharField(_("kind"), max_length=20, choices=AccessRequestKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("account"),
    )
    # The role granted or withdrawn (role requests only).
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    # The organisation the account will belong to (membership requests; empty: none).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
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
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="access_request_not_decided_by_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("subject")),
                name="access_request_not_decided_by_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ROLE_KINDS, role__gt="")
                | (~models.Q(kind__in=ROLE_KINDS) & models.Q(role="")),
                name="access_request_role_only_for_role_requests",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="organisatie")
                | models.Q(organisation__isnull=True),
                name="access_request_organisation_only_for_membership",
            ),
            models.CheckConstraint(
                condition=models.Q(status="aangevraagd", decided_by__isnull=True)
                | (
                    ~models.Q(status="aangevraagd") & models.Q(decided_by__isnull=False)
                ),
                name="access_request_decided_when_not_pending",
            ),
            models.UniqueConstraint(
                fields=["subject", "kind", "role"],
                condition=models.Q(status="aangevraagd"),
                name="one_pending_access_request_per_change",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.subject}"
