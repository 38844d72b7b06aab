"""Cases (meldingen) and everything recorded about them.

Invariants kept here and in ``cases.services``:
- every case belongs to one organisation; nobody outside it sees it, except the
  ambassador it was handed to while a valid handoff consent and an active handoff exist;
- a case's status and phase change only through ``cases.services`` along
  ``constants.TRANSITIONS``, each change recorded as a new ``CaseHistory`` row;
- audit events are append-only (the model refuses updates and deletes, and so does a
  PostgreSQL trigger) and refer to cases by id, so they outlive the case.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases import constants as c
from cases.fields import EncryptedTextField
from cases.querysets import (
    AuditEventQuerySet,
    CaseChildQuerySet,
    CaseQuerySet,
    OfficeHolderQuerySet,
)


class Organisation(models.Model):
    """The association, or later a party with its own advisors and caseload."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), unique=True)
    is_default = models.BooleanField(_("default organisation"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_organisation",
            )
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Which organisation a user works for (advisors, ambassadors, staff)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class OfficeHolder(models.Model):
    """A politieke ambtsdrager a case is about (raadslid, wethouder, …)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="office_holders",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=20, choices=c.Office.choices)
    gemeente = models.ForeignKey(
        "regions.Gemeente",
        on_delete=models.PROTECT,
        related_name="office_holders",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OfficeHolderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("office holder")
        verbose_name_plural = _("office holders")
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self):
        return f"{self.name} ({self.get_office_display()}, {self.gemeente.name})"


class Case(models.Model):
    """A melding and the case that grows from it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    office_holder = models.ForeignKey(
        OfficeHolder,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("office holder"),
    )
    channel = models.CharField(
        _("received via"), max_length=20, choices=c.Channel.choices
    )
    category = models.CharField(
        _("category"), max_length=30, choices=c.Category.choices
    )
    occurred_on = models.DateField(_("date of the incident"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=c.Urgency.choices, default=c.Urgency.NORMAL
    )
    account = EncryptedTextField(_("account of what happened"))
    status = models.CharField(
        _("status"), max_length=20, choices=c.Status.choices, default=c.Status.NEW
    )
    phase = models.CharField(
        _("phase of support"), max_length=20, choices=c.Phase.choices, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [("support_case", _("Can support this case as its ambassador"))]
        indexes = [
            models.Index(fields=["organisation", "-reported_at"]),
            models.Index(fields=["organisation", "status", "-reported_at"]),
            models.Index(fields=["organisation", "owner", "-reported_at"]),
            models.Index(fields=["organisation", "-urgency", "-reported_at"]),
            models.Index(fields=["organisation", "category", "-reported_at"]),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"M-{self.pk:06d}" if self.pk else "M-?"

    @property
    def is_open(self) -> bool:
        return self.status in c.OPEN_STATUSES

    def clean(self):
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError(
                {"occurred_on": _("The date of the incident cannot be in the future.")}
            )


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign keys for guardian: fast joins, no text casts on 100k cases."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseHistory(models.Model):
    """One row per status or phase change; never edited."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="history", verbose_name=_("case")
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=c.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=c.Status.choices
    )
    from_phase = models.CharField(
        _("from phase"), max_length=20, choices=c.Phase.choices, blank=True
    )
    to_phase = models.CharField(
        _("to phase"), max_length=20, choices=c.Phase.choices, blank=True
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = EncryptedTextField(_("reason"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.case_id}: {self.from_status} -> {self.to_status}"


class Consent(models.Model):
    """A recorded, scoped, revocable consent of the person a case is about."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=c.ConsentPurpose.choices
    )
    referral_kind = models.CharField(
        _("kind of partner"),
        max_length=20,
        choices=c.ReferralKind.choices,
        blank=True,
        help_text=_("Only for a referral: to which kind of partner."),
    )
    given_by = models.CharField(_("given by"), max_length=200)
    method = models.CharField(_("how"), max_length=20, choices=c.ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = EncryptedTextField(
        _("reason for revoking"), max_length=500, blank=True
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(purpose=c.ConsentPurpose.REFERRAL)
                    & ~models.Q(referral_kind="")
                )
                | (
                    ~models.Q(purpose=c.ConsentPurpose.REFERRAL)
                    & models.Q(referral_kind="")
                ),
                name="consent_referral_kind_only_for_referrals",
            )
        ]

    def __str__(self):
        label = self.get_purpose_display()
        if self.referral_kind:
            label = f"{label}: {self.get_referral_kind_display()}"
        return str(label)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class Handoff(models.Model):
    """A case handed by an advisor to a regional ambassador, under a handoff consent."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("case")
    )
    ambassador = models.ForeignKey(
        "ambassadors.Ambassador",
        on_delete=models.PROTECT,
        related_name="handoffs",
        verbose_name=_("ambassador"),
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.RESTRICT,
        related_name="handoffs",
        verbose_name=_("consent"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.HandoffStatus.choices,
        default=c.HandoffStatus.OFFERED,
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    # Outbox: the notification e-mail is sent by a task; a beat sweeper re-sends any
    # that Redis or the mail server lost.
    notified_at = models.DateTimeField(
        _("ambassador notified at"), null=True, blank=True
    )
    decline_notified_at = models.DateTimeField(
        _("advisor told of the decline at"), null=True, blank=True
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_at", "-pk"]
        verbose_name = _("handoff")
        verbose_name_plural = _("handoffs")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=c.ACTIVE_HANDOFF_STATUSES),
                name="one_active_handoff_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case} → {self.ambassador}"

    @property
    def is_active(self) -> bool:
        return self.status in c.ACTIVE_HANDOFF_STATUSES


class Note(models.Model):
    """A case note or a contact log entry."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=c.NoteKind.choices, default=c.NoteKind.NOTE
    )
    contact_mode = models.CharField(
        _("contact by"), max_length=20, choices=c.ContactMode.choices, blank=True
    )
    contact_at = models.DateTimeField(_("contact at"), null=True, blank=True)
    text = EncryptedTextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Referral(models.Model):
    """A referral to professional help, legal advice, security or the association."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=c.ReferralKind.choices)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.RESTRICT,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    partner = models.CharField(_("partner"), max_length=200)
    details = EncryptedTextField(_("details"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.ReferralStatus.choices,
        default=c.ReferralStatus.PROPOSED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.partner}"


class AuditEvent(models.Model):
    """Who did what to which object, when. Never the content."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # No database constraint and no SET_NULL: the trigger refuses every UPDATE, so a
    # deleted user's id and username simply stay in the row.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("username"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=40, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=c.AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.BigIntegerField(_("object id"))
    # A plain id, not a foreign key: audit rows stay when a case is deleted.
    case_id = models.BigIntegerField(_("case id"), null=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit events cannot be deleted."))
