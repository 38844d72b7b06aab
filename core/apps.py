from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor every app stands on; it imports no other app of ours."""

    name = "core"
    verbose_name = _("Organisations and accounts")
