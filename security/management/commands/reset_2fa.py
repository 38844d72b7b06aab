"""Reset a user's two-factor authentication (lost phone and recovery codes).

Removes their authenticator app and recovery codes and ends their sessions; at the
next login they link a new app. Verify the person's identity outside Klankbord first.
A lockout is lifted separately: ``manage.py axes_reset_username <username>``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.audit import audit
from core.constants import AuditAction
from security.approvals import reset_second_factor


class Command(BaseCommand):
    help = "Remove a user's 2FA devices and end their sessions."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        sessions = reset_second_factor(user)
        audit(None, AuditAction.UPDATE, user, "2FA reset by an administrator")
        self.stdout.write(
            f"2FA of {username} reset; {sessions} session(s) ended. "
            "They link a new app at their next login."
        )
