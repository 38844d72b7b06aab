"""Signal receivers of the security app (never in a module called signals.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from security.models import end_sessions_of
from security.session_clock import start_clock


@receiver(post_save, sender=get_user_model(), dispatch_uid="security_end_sessions")
def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    """A deactivated account is signed out everywhere at once, not at its next click."""
    if not instance.is_active:
        end_sessions_of(instance.pk)


@receiver(user_logged_in, dispatch_uid="security_start_session_clock")
def start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_clock(request.session)
