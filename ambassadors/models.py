from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ambassadors.querysets import AmbassadorQuerySet


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
        "cases.Organisation",
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
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def clean(self):
        from cases.models import Membership

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
