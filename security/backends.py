"""The password backend: Django's ``ModelBackend``, whose read of the signed-in user
(on every request, from the session) is compiled once (``core.prepared``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.prepared import prepared


@prepared
def _user(user_id: int):
    return get_user_model()._default_manager.filter(pk=user_id)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = next(iter(_user(user_id)), None)
        return user if user is not None and self.user_can_authenticate(user) else None
