"""A database session engine that knows whose session a row is.

Django's own session table cannot answer "which sessions does this user have", so a
deactivated user's sessions could not be ended on the server. This engine (Django's
documented way to extend the database backend) stores the user id beside each session.
"""

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone

from core.prepared import prepared
from security.models import UserSession


@prepared
def _live_session(session_key: str, now):
    """The session row of ``session_key`` unless it has expired: read on every
    request, so compiled once (``core.prepared``)."""
    return UserSession.objects.filter(session_key=session_key, expire_date__gt=now)


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        return UserSession

    def _get_session_from_db(self):
        """Django's read of the live session row, through ``_live_session``."""
        rows = (
            _live_session(self.session_key, timezone.now()) if self.session_key else []
        )
        if not rows:
            self._session_key = None  # as Django's: an unknown key is forgotten
            return None
        return rows[0]

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        try:
            obj.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            obj.user_id = None
        return obj


def end_other_sessions(user_id: int, *, keep_session_key: str | None) -> int:
    """End every session of one user but ``keep_session_key`` (the one in use).
    Returns how many were ended."""
    deleted, _rows = (
        UserSession.objects.filter(user_id=user_id)
        .exclude(session_key=keep_session_key)
        .delete()
    )
    return deleted
