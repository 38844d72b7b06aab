"""A database session engine that knows whose session a row is.

Django's own session table cannot answer "which sessions does this user have", so a
deactivated user's sessions could not be ended on the server. This engine (Django's
documented way to extend the database backend) stores the user id beside each session.
"""

from django.contrib.sessions.backends.db import SessionStore as DBStore

from security.models import UserSession


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        return UserSession

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
