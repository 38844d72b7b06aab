from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Who is in the ambassador network, which regions they cover and when they are
    unavailable. Below ``cases``, which hands cases to them; the ambassadors' hours,
    meetings and recruitment stand above both in ``ambassadors``."""

    name = "network"
    verbose_name = _("Ambassador network")
