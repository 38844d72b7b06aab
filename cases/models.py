"""Cases (meldingen) and everything recorded about them.

Invariants kept here, in ``cases.services`` and in ``cases.workflow``:
- every case belongs to one organisation; nobody outside it sees it, except the
  ambassador it was handed to while a valid handoff consent and an active handoff exist
  (``querysets.CaseQuerySet.visible_to``);
- a case's status and phase change only through ``cases.workflow`` along its tables,
  each change recorded as one new ``CaseHistory`` row;
- audit events (``core.models.AuditEvent``) refer to cases by id, so they outlive the
  case.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from cases import constants as c
from cases.querysets import (
    CaseChildQuerySet,
    CaseQuerySet,
    OfficeHolderQuerySet,
    PartnerQuerySet,
)
from core.choices import ChoiceLabels
from core.fields import (
    EncryptedCharField,
    EncryptedFileField,
    EncryptedTextField,
    StreamEncryptedFileField,
    user_reference,
)
from core.models import Organisation


class OfficeHolder(ChoiceLabels, models.Model):
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


class Case(ChoiceLabels, models.Model):
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
    # Blank only while the intake of a call to the 24/7 line is incomplete (see the
    # constraint).
    category = models.CharField(
        _("category"), max_length=30, choices=c.Category.choices, blank=True
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
    created_by = user_reference(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)

    # The 24/7 line: a call to it is saved with the few fields that matter first and
    # completed later by the advisor on duty (``intake_complete``). Immediate danger
    # flags the case at the top of every queue until someone records an action.
    intake_complete = models.BooleanField(_("intake complete"), default=True)
    immediate_danger = models.BooleanField(_("immediate danger"), default=False)
    danger_acted_at = models.DateTimeField(
        _("action on the danger recorded at"), null=True, blank=True
    )
    danger_acted_by = user_reference(_("action on the danger recorded by"), blank=True)
    location = EncryptedTextField(_("where"), blank=True)
    immediate_needs = EncryptedTextField(_("what they need now"), blank=True)

    # A party's own confidential advisor: is the melding theirs to handle, and if
    # not, what was the person told instead?
    scope = models.CharField(
        _("scope"), max_length=20, choices=c.Scope.choices, blank=True
    )
    told_instead = EncryptedTextField(_("what the person was told instead"), blank=True)
    # A melding never silently becomes a complaint to the organisation: these are set
    # only by ``services.case_make_formal_report``, under a consent, with an audit row.
    formal_report_at = models.DateTimeField(
        _("turned into a formal report at"), null=True, blank=True
    )
    formal_report_by = user_reference(_("turned into a formal report by"), blank=True)
    formal_report_to = EncryptedCharField(
        _("formal report made to"), max_length=200, blank=True
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            (c.CASE_ACCESS_CODENAME, _("Has access to this case as its ambassador"))
        ]
        indexes = [
            models.Index(fields=["organisation", "-reported_at"]),
            models.Index(fields=["organisation", "status", "-reported_at"]),
            models.Index(fields=["organisation", "owner", "-reported_at"]),
            models.Index(fields=["organisation", "-urgency", "-reported_at"]),
            models.Index(fields=["organisation", "category", "-reported_at"]),
            # The queue's count of open cases (its default view): one small entry per
            # open case, deduplicated, so counting 50,000 takes half the time of the
            # (organisation, status, -reported_at) index.
            models.Index(
                fields=["organisation"],
                condition=models.Q(status__in=c.OPEN_STATUSES),
                name="case_open_org_idx",
            ),
            # The queue's filtered pages (region, category, urgency of open cases):
            # the region filter is a list of office holders (``selectors``), so the
            # count and the page's window of ids are read from this index alone.
            # Without it, a filtered page at 1,000,000 meldingen took 300 ms.
            models.Index(
                fields=[
                    "organisation",
                    "office_holder",
                    "category",
                    "urgency",
                    "-reported_at",
                    "-id",
                ],
                condition=models.Q(status__in=c.OPEN_STATUSES),
                name="case_open_filter_idx",
            ),
            # The few cases pinned above every queue (immediate danger, no action yet).
            models.Index(
                fields=["organisation", "-reported_at"],
                condition=models.Q(immediate_danger=True, danger_acted_at__isnull=True),
                name="case_danger_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category="") | models.Q(intake_complete=False),
                name="case_category_set_when_intake_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(danger_acted_at__isnull=True)
                | models.Q(immediate_danger=True),
                name="case_danger_acted_only_with_danger",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"M-{self.pk:06d}" if self.pk else "M-?"

    @property
    def is_open(self) -> bool:
        return self.status in c.OPEN_STATUSES

    @property
    def danger_needs_action(self) -> bool:
        """Immediate danger, and nobody has recorded an action on it yet."""
        return self.immediate_danger and self.danger_acted_at is None

    @property
    def is_formal_report(self) -> bool:
        return self.formal_report_at is not None

    def clean(self):
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError(
                {"occurred_on": _("The date of the incident cannot be in the future.")}
            )
        if self.intake_complete and not self.category:
            raise ValidationError({"category": _("Choose a category.")})
        if self.scope and self.scope not in c.IN_SCOPE and not self.told_instead:
            raise ValidationError(
                {
                    "told_instead": _(
                        "Out of scope: write down what the person was told instead."
                    )
                }
            )


class CaseUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign keys for guardian: fast joins, no text casts on 100k cases."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseHistory(ChoiceLabels, models.Model):
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
    by = user_reference(_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = EncryptedTextField(_("reason"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.case_id}: {self.from_status} -> {self.to_status}"


class Consent(ChoiceLabels, models.Model):
    """A recorded, scoped, revocable consent of the person a case is about.

    Every change to this table also renews the signals' data stamp and re-folds the
    signals' per-person summary, by PostgreSQL triggers:
    signals/sql/0003_data_stamp.sql and signals/sql/0004_person_summary.sql."""

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
    given_by = EncryptedCharField(_("given by"), max_length=200)
    method = models.CharField(_("how"), max_length=20, choices=c.ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = user_reference(_("revoked by"), blank=True)
    revoke_reason = EncryptedTextField(
        _("reason for revoking"), max_length=500, blank=True
    )
    # Outbox: a revocation recorded by the ambassador is e-mailed (without content) to
    # the case's advisor by a task; the beat sweeper re-sends what was lost. Set at
    # once when the advisor revoked it themselves: there is nobody to tell.
    revoke_notified_at = models.DateTimeField(
        _("advisor told of the revocation at"), null=True, blank=True
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


class Handoff(ChoiceLabels, models.Model):
    """A case handed by an advisor to a regional ambassador, under a handoff consent."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="handoffs", verbose_name=_("case")
    )
    ambassador = models.ForeignKey(
        "network.Ambassador",
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
    offered_by = user_reference(_("offered by"))
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


class Note(ChoiceLabels, models.Model):
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
    author = user_reference(_("author"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class Partner(models.Model):
    """A partner in the expert network of the OTWB: a peer, a person with lived
    experience, or an expert in security, legal aid or aftercare. Directory data, not
    case content: functional admins maintain it in the admin."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=c.PartnerKind.choices)
    expertise = models.CharField(
        _("expertise"),
        max_length=300,
        blank=True,
        help_text=_("In a few words, e.g. “home security, camera surveillance”."),
    )
    regions = models.ManyToManyField(
        "regions.Region",
        related_name="partners",
        blank=True,
        verbose_name=_("regions"),
        help_text=_("Leave empty for a partner who works nationwide."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=20,
        choices=c.PartnerAvailability.choices,
        default=c.PartnerAvailability.AVAILABLE,
    )
    availability_note = models.CharField(
        _("availability note"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “evenings and weekends” or “on leave until 1 March”."),
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        indexes = [models.Index(fields=["organisation", "kind", "name"])]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_nationwide(self) -> bool:
        return not self.regions.exists()


class Referral(ChoiceLabels, models.Model):
    """A referral to professional help, legal advice, security or the association, or
    to a partner of the expert network."""

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
    partner = EncryptedCharField(_("partner"), max_length=200)
    network_partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("network partner"),
    )
    details = EncryptedTextField(_("details"), blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.ReferralStatus.choices,
        default=c.ReferralStatus.PROPOSED,
    )
    created_by = user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.partner}"


class PoliceReport(ChoiceLabels, models.Model):
    """Per case: the advice on aangifte or a police melding, and what was done."""

    case = models.OneToOneField(
        Case,
        on_delete=models.CASCADE,
        related_name="police_report",
        verbose_name=_("case"),
    )
    advice = models.CharField(
        _("advice given"), max_length=20, choices=c.PoliceAdvice.choices
    )
    action = models.CharField(
        _("what was done"),
        max_length=20,
        choices=c.PoliceAction.choices,
        default=c.PoliceAction.NOT_YET,
    )
    reported_on = models.DateField(
        _("date of the aangifte or melding"), null=True, blank=True
    )
    police_reference = EncryptedCharField(
        _("police reference"), max_length=100, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    updated_by = user_reference(_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("police report")
        verbose_name_plural = _("police reports")

    def __str__(self):
        return f"{self.case}: {self.get_advice_display()}"


class Damage(ChoiceLabels, models.Model):
    """Damage suffered, and compensation claimed and received. Amounts in euros."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="damages", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=c.DamageKind.choices)
    description = EncryptedTextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount (euros)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    compensation_claimed = models.DecimalField(
        _("compensation claimed (euros)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    compensation_received = models.DecimalField(
        _("compensation received (euros)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    created_by = user_reference(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("damage")
        verbose_name_plural = _("damages")
        constraints = [
            models.CheckConstraint(
                condition=(
                    (models.Q(amount__isnull=True) | models.Q(amount__gte=0))
                    & (
                        models.Q(compensation_claimed__isnull=True)
                        | models.Q(compensation_claimed__gte=0)
                    )
                    & (
                        models.Q(compensation_received__isnull=True)
                        | models.Q(compensation_received__gte=0)
                    )
                ),
                name="damage_amounts_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class AdvisorAction(ChoiceLabels, models.Model):
    """Something a confidential advisor did for the person, recorded:
    an informal solution, information on the complaints procedure or a mediator,
    help with a formal report, advice to the board, or the formal report itself."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="advisor_actions",
        verbose_name=_("case"),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=c.AdvisorActionKind.choices
    )
    description = EncryptedTextField(_("description"))
    both_parties_agree = models.BooleanField(_("both parties agree"), default=False)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="advisor_actions",
        verbose_name=_("consent"),
    )
    created_by = user_reference(_("recorded by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("advisor action")
        verbose_name_plural = _("advisor actions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=c.AdvisorActionKind.INFORMAL_SOLUTION)
                | models.Q(both_parties_agree=True),
                name="advisor_action_informal_needs_agreement",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    kind__in=[
                        c.AdvisorActionKind.BOARD_ADVICE,
                        c.AdvisorActionKind.FORMAL_REPORT,
                    ]
                )
                | models.Q(consent__isnull=False),
                name="advisor_action_board_or_report_needs_consent",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class SubjectAccessExport(models.Model):
    """One export of everything about an office holder (AVG art. 15), with the
    request it answered. The request's wording may name the person or how they
    asked, so it is kept here, encrypted, and the access log's rows of the export
    refer to this record by id instead of holding it."""

    office_holder = models.ForeignKey(
        OfficeHolder,
        on_delete=models.CASCADE,
        # Null only for exports whose office holder had gone when the request was
        # moved out of the access log.
        null=True,
        related_name="subject_access_exports",
        verbose_name=_("office holder"),
    )
    by = user_reference(_("exported by"))
    at = models.DateTimeField(_("exported at"), default=timezone.now)
    reason = EncryptedTextField(_("request"), max_length=150)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("subject access export")
        verbose_name_plural = _("subject access exports")

    def __str__(self):
        return f"AVG art. 15 #{self.pk}"


def private_storage():
    """Outside the web root (settings.STORAGES["private"]); a case's files leave it
    only through the permission-checked download view."""
    return storages["private"]


def case_file_path(instance, filename):
    # Never the uploaded name (it may name the person) and no extension: the kind is
    # in the row, and a stray file in the storage tells nothing.
    return f"case-files/{uuid.uuid4().hex}"


def case_thumbnail_path(instance, filename):
    return f"case-files/thumbnails/{uuid.uuid4().hex}"


class CaseFile(ChoiceLabels, models.Model):
    """Evidence on a case: a screenshot, letter, e-mail, PDF, photo or police report.
    Its bytes are sealed in chunks in the private storage, its thumbnail (images
    only, metadata stripped) sealed too; the name and description are encrypted."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="files", verbose_name=_("case")
    )
    kind = models.CharField(_("file type"), max_length=10, choices=c.FileKind.choices)
    content = StreamEncryptedFileField(
        _("file"), storage=private_storage, upload_to=case_file_path, max_length=200
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    thumbnail = EncryptedFileField(
        _("thumbnail"),
        storage=private_storage,
        upload_to=case_thumbnail_path,
        max_length=200,
        blank=True,
    )
    name = EncryptedCharField(_("file name"), max_length=150)
    description = EncryptedTextField(_("description"), max_length=1000)
    shown_on = models.DateField(_("date of what it shows"), null=True, blank=True)
    added_by = user_reference(_("added by"))
    added_as = models.CharField(_("added as"), max_length=20, choices=c.Actor.choices)
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_image(self) -> bool:
        return self.kind in c.IMAGE_FILE_KINDS

    @property
    def content_type(self) -> str:
        return c.FILE_KIND_TYPES[self.kind][1]

    def stored_names(self) -> list[str]:
        return [f.name for f in (self.content, self.thumbnail) if f]


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own notifications, and nobody else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notification: a kind and a case, never content. The text is made
    from the kind and the case's reference when it is shown; the e-mail about it says
    even less (``cases.services.notifications``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=c.NotificationKind.choices
    )
    # Deleted with the case (the retention purge): a reference to nothing is no use.
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Outbox: set at creation for the user who wants one e-mail per notification;
    # the task (or the beat sweeper) sends it and sets ``emailed_at``.
    email_pending = models.BooleanField(_("e-mail to send"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            # The header's unread count.
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSetting(models.Model):
    """A user's choice of e-mail about notifications. No row: at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_setting",
        verbose_name=_("user"),
    )
    email = models.CharField(
        _("e-mail"),
        max_length=20,
        choices=c.EmailChoice.choices,
        default=c.EmailChoice.IMMEDIATELY,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user_id}: {self.email}"


class FollowUp(ChoiceLabels, models.Model):
    """A moment by which something must happen on a case: a call-back, the next
    contact, an aftercare check-in (planned by a person), or the first contact after
    an accepted handoff (set by the clock). It has an owner, who is told when it is
    due; done when someone marks it so, or (call-back, first contact) when a contact
    moment is recorded."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("case"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=c.FollowUpKind.choices)
    due_at = models.DateTimeField(_("due at"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    created_by = user_reference(_("planned by"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = user_reference(_("done by"), blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # The lists' "overdue" mark and "due first" sort, the owner's list and the
            # clock: open follow-ups only.
            models.Index(
                fields=["case", "due_at"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_case_idx",
            ),
            models.Index(
                fields=["owner", "due_at"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_owner_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def is_due(self, now=None) -> bool:
        return self.is_open and self.due_at <= (now or timezone.now())


class ClockFiring(models.Model):
    """That a clock fired for a case at one due moment. The unique constraint makes a
    clock fire once per (clock, case, due moment, follow-up), however often the beat
    runs, restarts or runs twice at once: the second insert fails and does nothing."""

    clock = models.CharField(_("clock"), max_length=30, choices=c.Clock.choices)
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="clock_firings",
        verbose_name=_("case"),
    )
    due_at = models.DateTimeField(_("due at"))
    follow_up = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="firings",
        verbose_name=_("follow-up"),
    )
    fired_at = models.DateTimeField(_("fired at"), default=timezone.now)

    class Meta:
        verbose_name = _("clock firing")
        verbose_name_plural = _("clock firings")
        constraints = [
            models.UniqueConstraint(
                fields=["clock", "case", "due_at", "follow_up"],
                nulls_distinct=False,
                name="clock_fires_once_per_due_moment",
            )
        ]

    def __str__(self):
        return f"{self.clock} {self.case_id} {self.due_at:%Y-%m-%d %H:%M}"


class ReopenRequest(models.Model):
    """An ambassador asks the case's advisor to reopen a case they closed; the
    advisor reopens it or declines (``services.reopen``). One open request per case."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="reopen_requests",
        verbose_name=_("case"),
    )
    requested_by = user_reference(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = EncryptedTextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=c.ReopenRequestStatus.choices,
        default=c.ReopenRequestStatus.OPEN,
    )
    decided_by = user_reference(_("decided by"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("request to reopen")
        verbose_name_plural = _("requests to reopen")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status=c.ReopenRequestStatus.OPEN),
                name="one_open_reopen_request_per_case",
            )
        ]

    def __str__(self):
        return f"{self.case} ({self.get_status_display()})"
