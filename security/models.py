"""Security records: sessions that know their user."""

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(AbstractBaseSession):
    """A server-side session with the id of the user it belongs to (if signed in)."""

    user_id = models.BigIntegerField(_("user id"), null=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from security.sessions import SessionStore

        return SessionStore


def end_sessions_of(user_id: int) -> int:
    """End every session of one user on the server. Returns how many there were."""
    deleted, _rows = UserSession.objects.filter(user_id=user_id).delete()
    return deleted
