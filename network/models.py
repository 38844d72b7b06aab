"""The ambassador network: who the regioambassadeurs are, which regions they cover and
when they take no new cases. The tables keep the names they had in ``ambassadors``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Membership
from network.querysets import AmbassadorQuerySet


class Ambassador(models.Model):
    """A regioambassadeur: a volunteer with local-government experience who supports
    office holders in the region(s) they cover."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ambassador",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="ambassadors",
        verbose_name=_("organisation"),
    )
    regions = models.ManyToManyField(
        "regions.Region", related_name="ambassadors", verbose_name=_("regions")
    )
    is_active = models.BooleanField(_("active"), default=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    objects = AmbassadorQuerySet.as_manager()

    class Meta:
        db_table = "ambassadors_ambassador"
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        member_of = (
            Membership.objects.filter(user_id=self.user_id)
            .values_list("organisation_id", flat=True)
            .first()
        )
        if member_of is not None and member_of != self.organisation_id:
            raise ValidationError(
                {
                    "organisation": _(
                        "An ambassador works for the organisation the user belongs to."
                    )
                }
            )


class Unavailability(models.Model):
    """A period in which the ambassador takes no new cases: no handoff proposals."""

    ambassador = models.ForeignKey(
        Ambassador,
        on_delete=models.CASCADE,
        related_name="unavailabilities",
        verbose_name=_("ambassador"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until and including"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "ambassadors_unavailability"
        ordering = ["-starts_on"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="ambassadors_unavailability_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.ambassador}: {self.starts_on} – {self.ends_on}"
