"""Signals, the process feedback kept apart from them, return days and reports.

A signal holds structured fields only: no name, no gemeente, no free text. The person it
is about is represented by ``person_key``, a keyed pseudonym (HMAC) that is used only to
count persons once inside SQL and never leaves this app. A signal counts only while the
person's consent for statistics is valid: for a signal derived from a case that is a
valid ``cases.Consent`` with the statistics purpose (checked at query time, so revoking
it removes the person from the next release); for a standalone signal it is the consent
recorded on the signal itself.
"""

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import user_reference
from signals import constants as sc

# Bit offsets of the fields in ``Signal.mask``: one bit per value (values 1..7).
MASK_OFFSETS = {
    "category": 0,
    "office": 8,
    "channel": 16,
    "perpetrator": 24,
    "police": 32,
    "impact": 40,
}
# Province bits in PersonSummary.quarter_masks start above the value bits.
PROVINCE_SHIFT = 48


def _mask_expression():
    one = Cast(Value(1), models.BigIntegerField())
    expression = None
    for name, offset in MASK_OFFSETS.items():
        bit = one.bitleftshift(F(name) + offset)
        expression = bit if expression is None else expression.bitor(bit)
    return expression


class SignalQuerySet(models.QuerySet):
    def counted(self):
        """Signals whose person has a valid consent for statistics."""
        from cases.constants import ConsentPurpose
        from cases.models import Consent

        valid_case_consent = Consent.objects.filter(
            case_id=OuterRef("case_id"),
            purpose=ConsentPurpose.STATISTICS,
            revoked_at__isnull=True,
        )
        return self.filter(
            Q(case__isnull=True, consent_revoked_at__isnull=True)
            | Q(case__isnull=False) & Exists(valid_case_consent)
        )

    def recorded_by(self, user):
        return self.filter(recorded_by=user)


class Signal(models.Model):
    """One signal: structured fields only (see the module docstring). It reaches
    published figures only through a statistics release (``StatisticsRelease``)."""

    person_key = models.BigIntegerField(_("person pseudonym"), editable=False)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    category = models.PositiveSmallIntegerField(
        _("category"), choices=sc.SignalCategory.choices
    )
    office = models.PositiveSmallIntegerField(
        _("kind of office holder"), choices=sc.SignalOffice.choices
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    quarter = models.PositiveIntegerField(_("period (quarter)"))
    # Whose figures the signal feeds: its case's organisation, or the recorder's.
    # A party's signals reach the association's figures only if the party allows it
    # (``Organisation.shares_signals``).
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    channel = models.PositiveSmallIntegerField(
        _("channel"), choices=sc.SignalChannel.choices
    )
    perpetrator = models.PositiveSmallIntegerField(
        _("perpetrator"), choices=sc.PerpetratorKind.choices
    )
    police = models.PositiveSmallIntegerField(
        _("police report"), choices=sc.PoliceReport.choices
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=sc.ImpactLevel.choices
    )
    # Consent of a standalone signal (a derived one rests on the case's consent).
    consent_given_on = models.DateField(
        _("consent for statistics given on"), null=True, blank=True
    )
    consent_revoked_at = models.DateTimeField(
        _("consent revoked at"), null=True, blank=True
    )
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # All field values as one bit mask, kept by PostgreSQL: the dashboard ORs it per
    # person in one aggregate instead of one per field.
    mask = models.GeneratedField(
        expression=_mask_expression(),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["quarter"]),
            models.Index(fields=["person_key"]),
            models.Index(fields=["recorded_by", "-recorded_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(consent_given_on__isnull=False),
                name="signal_standalone_has_consent",
            )
        ]

    def __str__(self):
        return f"S-{self.pk:06d}" if self.pk else "S-?"

    @property
    def quarter_label(self) -> str:
        return sc.quarter_label(self.quarter)


class ProcessFeedback(models.Model):
    """Anonymous feedback ("anonieme terugkoppeling") on the support process: kept
    apart from the signals (no link to a signal or a person), shown to staff only after
    a second person approved it. The author is kept for the four-eyes rule and is
    never shown to staff."""

    text = models.TextField(_("feedback"), max_length=2000)
    quarter = models.PositiveIntegerField(_("period (quarter)"))
    author = user_reference(_("author"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=sc.FeedbackStatus.choices,
        default=sc.FeedbackStatus.PENDING,
    )
    reviewed_by = user_reference(_("reviewed by"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("process feedback")
        verbose_name_plural = _("process feedback")

    def __str__(self):
        return f"T-{self.pk:05d}" if self.pk else "T-?"

    @property
    def quarter_label(self) -> str:
        return sc.quarter_label(self.quarter)


class ReturnDay(models.Model):
    """A planned landelijke terugkomdag; a report is prepared before it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("return day")
        verbose_name_plural = _("return days")

    def __str__(self):
        return self.name

    @property
    def report_quarters(self) -> tuple[int, int]:
        """The four complete quarters before the return day."""
        last = sc.quarter_of_date(self.date) - 1
        return last - 3, last


class Report(models.Model):
    """The files of one statistics release over a period of its quarters (for a
    return day: the four quarters before it). ``release`` holds the published tables
    of that period, copied from the release; nothing is counted for a report."""

    first_quarter = models.PositiveIntegerField(_("from quarter"))
    last_quarter = models.PositiveIntegerField(_("to quarter"))
    statistics_release = models.ForeignKey(
        "StatisticsRelease",
        on_delete=models.PROTECT,
        null=True,
        related_name="reports",
        verbose_name=_("release"),
    )
    return_day = models.OneToOneField(
        ReturnDay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("return day"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=sc.ReportStatus.choices,
        default=sc.ReportStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    requested_by = user_reference(_("requested by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    release = models.JSONField(_("published tables"), default=dict)
    input_digest = models.CharField(_("input digest"), max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    xlsx = models.BinaryField(_("XLSX"), null=True, editable=False)
    csv = models.BinaryField(_("CSV"), null=True, editable=False)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_quarter__lte=models.F("last_quarter")),
                name="report_period_in_order",
            )
        ]

    def __str__(self):
        return f"{self.period_label} (#{self.pk})"

    @property
    def period_label(self) -> str:
        first, last = (
            sc.quarter_label(self.first_quarter),
            sc.quarter_label(self.last_quarter),
        )
        return first if first == last else f"{first} – {last}"

    @property
    def is_done(self) -> bool:
        return self.status == sc.ReportStatus.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in (sc.ReportStatus.QUEUED, sc.ReportStatus.RUNNING)


class RecordKey(models.Model):
    """Each counted person's record key for cell-key perturbation
    (``signals.perturbation``): random, drawn once, never shown or exported."""

    person_key = models.BigIntegerField(primary_key=True)
    key = models.BigIntegerField()

    class Meta:
        verbose_name = _("record key")
        verbose_name_plural = _("record keys")

    def __str__(self):
        return "record key"


class StatisticsRelease(models.Model):
    """A numbered, immutable publication of one organisation's figures: every table
    of the catalogue (``signals.catalogue``) for every closed period, computed from
    one snapshot and protected (``signals.perturbation``, ``signals.protection``).
    Once done, PostgreSQL refuses to change or delete it
    (signals/sql/0007_release_immutable.sql)."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    number = models.PositiveIntegerField(_("number"))
    reason = models.CharField(
        _("reason"), max_length=20, choices=sc.ReleaseReason.choices
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=sc.ReportStatus.choices,
        default=sc.ReportStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    requested_by = user_reference(_("requested by"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    first_quarter = models.PositiveIntegerField(_("from quarter"), null=True)
    last_quarter = models.PositiveIntegerField(_("to quarter"), null=True)
    parameters = models.JSONField(_("parameters"), default=dict)
    # What staff see: {"periods": [...], "provinces": [...], "figures": {table:
    # {period: {cell: figure or None}}}, "withheld": {period: [table, ...]}}.
    figures = models.JSONField(_("published figures"), default=dict)
    # Never shown: which basis version each period's figures were computed from.
    period_versions = models.JSONField(default=dict, editable=False)
    revised_periods = models.JSONField(_("revised periods"), default=list)
    salt = models.CharField(max_length=32, editable=False, blank=True)
    digest = models.CharField(_("digest"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("statistics release")
        verbose_name_plural = _("statistics releases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="one_release_number"
            )
        ]

    def __str__(self):
        return f"#{self.number}"

    @property
    def is_done(self) -> bool:
        return self.status == sc.ReportStatus.DONE

    @property
    def is_pending(self) -> bool:
        return self.status in (sc.ReportStatus.QUEUED, sc.ReportStatus.RUNNING)

    @property
    def first_quarter_label(self) -> str:
        return sc.quarter_label(self.first_quarter) if self.first_quarter else ""

    @property
    def last_quarter_label(self) -> str:
        return sc.quarter_label(self.last_quarter) if self.last_quarter else ""


class ReleaseBasis(models.Model):
    """What published figures were computed from: per organisation, period and
    version, each person's mask over the period. A later release compares the
    current data with it to count how many persons changed in a period; the period's
    figures are revised only when at least the threshold did. Never leaves this app."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # A quarter number, or -year for a calendar year (``catalogue.Period.db``).
    period = models.IntegerField()
    version = models.PositiveIntegerField()
    person_key = models.BigIntegerField()
    mask = models.BigIntegerField()

    class Meta:
        verbose_name = _("release basis")
        verbose_name_plural = _("release bases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "version", "person_key"],
                name="one_basis_row",
            )
        ]

    def __str__(self):
        return f"{self.period}/{self.version}"
