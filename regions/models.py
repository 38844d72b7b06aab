"""Reference data: provinces and municipalities (CBS), and the association's regions.

Provinces and gemeenten are matched on their CBS code, never on name. Regions are the
association's own division of the country: every gemeente belongs to exactly one region,
and functional admins may move gemeenten between regions in the admin.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province. PostgreSQL triggers renew the signals' data stamp on every change
    to this table (signals/sql/0003_data_stamp.sql), and re-fold the signals'
    per-person summary, which counts provinces in the order of their CBS codes, when a
    province is added, removed or renumbered (signals/sql/0004_person_summary.sql)."""

    code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(r"^PV\d{2}$", _("A province code looks like PV27."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Region(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Gemeente(models.Model):
    code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("A municipality code looks like GM0363."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="gemeenten",
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="gemeenten",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name
