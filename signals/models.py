"""Signals, the process feedback kept apart from them, return days and reports.

A signal holds structured fields only: no name, no gemeente, no free text. The person it
is about is represented by ``person_key``, a keyed pseudonym (HMAC) that is used only to
count persons once inside SQL and never leaves this app. A signal counts only while the
person's consent for statistics is valid: for a signal derived from a case that is a
valid ``cases.Consent`` with the statistics purpose (checked at query time, so revoking
it removes the person from the next release); for a standalone signal it is the consent
recorded on the signal itself.
"""

from django.contrib.postgres.fields import ArrayField
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
# The columns a dashboard selection may filter on (signals.stats.Selection), and
# those a filtered count reads.
FILTER_COLUMNS = (*MASK_OFFSETS, "province_id", "region_id")
COUNTING_COLUMNS = (
    "person_key",
    "mask",
    "province_id",
    "region_id",
    "case_id",
    "consent_revoked_at",
)


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
    """One signal: structured fields only (see the module docstring).

    Every statement that changes this table renews the data stamp
    (signals/sql/0003_data_stamp.sql) and re-folds the changed persons' summary
    (signals/sql/0004_person_summary.sql), by PostgreSQL triggers."""

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
        db_index=False,  # signal_count_province leads with it
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        db_index=False,  # signal_count_region leads with it
    )
    quarter = models.PositiveIntegerField(_("period (quarter)"))
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
            # One per dashboard filter: a filtered count reads only the entries of
            # the filtered value in the period, from the index alone (the other
            # filters are tested on the included mask and geography).
            *[
                models.Index(
                    fields=[column, "quarter"],
                    include=[c for c in COUNTING_COLUMNS if c != column],
                    name=f"signal_count_{column.removesuffix('_id')}",
                )
                for column in FILTER_COLUMNS
            ],
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
    """One release: its parameters, its (already protected) tables, its files.

    ``release`` holds only what is published (display strings) and which cells were
    suppressed; ``input_digest`` is a hash of the raw counts, so a re-run on the same
    data can be shown to reproduce the release without storing the raw counts."""

    first_quarter = models.PositiveIntegerField(_("from quarter"))
    last_quarter = models.PositiveIntegerField(_("to quarter"))
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


class DataStamp(models.Model):
    """One row whose token PostgreSQL triggers renew on every change to signals,
    consents or provinces (signals/sql/0003_data_stamp.sql): a cached release is valid
    only while the token it was computed under is current."""

    token = models.UUIDField()

    class Meta:
        verbose_name = _("data stamp")
        verbose_name_plural = _("data stamps")

    def __str__(self):
        return str(self.token)


class CachedRelease(models.Model):
    """A dashboard release (protected figures only, never raw counts) for one
    selection, parameters and language, valid while ``token`` is current."""

    key = models.CharField(max_length=64, primary_key=True)
    token = models.UUIDField()
    release = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cached release")
        verbose_name_plural = _("cached releases")

    def __str__(self):
        return self.key


class PersonSummary(models.Model):
    """Each person's counted signals, folded per quarter: kept by PostgreSQL triggers
    (signals/sql/0004_person_summary.sql) on every change to signals, consents or
    provinces, in the same transaction. Lets the dashboard count a period without
    visiting every signal, and tell for any selection whether a person has a signal
    outside it. Like ``person_key`` it never leaves this app."""

    person_key = models.BigIntegerField(primary_key=True)
    first_quarter = models.PositiveIntegerField()
    last_quarter = models.PositiveIntegerField()
    # OR of the value masks of all the person's counted signals.
    mask = models.BigIntegerField()
    province_min = models.IntegerField()
    province_max = models.IntegerField()
    region_min = models.IntegerField()
    region_max = models.IntegerField()
    # Indexed by quarter number (the array's bounds are first_quarter..last_quarter):
    # the OR of that quarter's value masks, with one bit per province above them
    # (PROVINCE_SHIFT + the province's place in the order of CBS codes); 0 when the
    # person has no counted signal in that quarter.
    quarter_masks = ArrayField(models.BigIntegerField())

    class Meta:
        verbose_name = _("person summary")
        verbose_name_plural = _("person summaries")

    def __str__(self):
        return f"{self.first_quarter}–{self.last_quarter}"
