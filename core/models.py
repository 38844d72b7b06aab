"""Organisations, who works for which, and the audit trail: what every app stands on.

The tables keep the names they had when these models lived in ``cases``
(``cases_organisation``, ``cases_membership``, ``cases_auditevent``): the models moved
without moving a row. Audit events are append-only: the model refuses updates and
deletes, and so does a PostgreSQL trigger on the table. They refer to cases by id
(``case_id``), so they outlive the case and this app needs no case model.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constants import AuditAction, OrganisationKind
from core.querysets import AuditEventQuerySet


class Organisation(models.Model):
    """The association, or later a party with its own advisors and caseload."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), unique=True)
    is_default = models.BooleanField(_("default organisation"), default=False)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ASSOCIATION,
        help_text=_(
            "A party's intake also asks whether a melding is in scope for its "
            "confidential advisor."
        ),
    )
    shares_signals = models.BooleanField(
        _("signals count in the association's figures"),
        default=False,
        help_text=_(
            "Only for a party: whether its anonymous signals also count in the "
            "association's statistics. Its own staff always see its own figures."
        ),
    )

    class Meta:
        db_table = "cases_organisation"
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

    @property
    def is_party(self) -> bool:
        return self.kind == OrganisationKind.PARTY


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
        db_table = "cases_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class AuditEvent(models.Model):
    """Who did what to which object, when. Never the content.

    Append-only, also for raw SQL and bulk queries: the application's database role may
    only INSERT and SELECT them, and triggers refuse every UPDATE, TRUNCATE and DELETE
    (cases/sql/0004_audit_append_only.sql), except the retention purge's DELETE of rows
    older than the database's term (the functions in force:
    core/sql/0003_audit_append_only.sql)."""

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
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.BigIntegerField(_("object id"))
    # A plain id, not a foreign key: audit rows stay when a case is deleted.
    case_id = models.BigIntegerField(_("case id"), null=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        db_table = "cases_auditevent"
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


class TaskLease(models.Model):
    """Who is doing one long task on one object now (``core.leases``).

    A worker takes the lease before it starts, renews it while it works and finishes
    it at the end. A lease that expires without being finished belongs to a worker
    that died (its host, its process): beat re-sends the task (``core.tasks``), and the
    next worker takes the lease over. A task that finds the lease live elsewhere does
    nothing. Rows hold task names, object keys and host names only: no content."""

    task = models.CharField(_("task"), max_length=200)
    key = models.CharField(_("object"), max_length=100)
    args = models.JSONField(_("arguments"), default=list)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    # "<host>:<pid>:<token>" of the worker that holds it; empty once beat re-sent it.
    holder = models.CharField(_("held by"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    renewed_at = models.DateTimeField(_("renewed at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("task lease")
        verbose_name_plural = _("task leases")
        constraints = [
            models.UniqueConstraint(fields=["task", "key"], name="one_lease_per_task")
        ]

    def __str__(self):
        return f"{self.task} {self.key}"
