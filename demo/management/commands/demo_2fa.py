"""Development only: give accounts an authenticator device and print their codes.

So a reviewer can try the demo logins without an authenticator app. Refused unless
DEBUG is on; never use it on real accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "DEBUG only: print the current 2FA code of each (demo) account."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help="default: every account")

    def handle(self, *args, usernames=(), **options):
        if not settings.DEBUG:
            raise CommandError("demo_2fa runs only with DJANGO_DEBUG=1.")
        users = get_user_model().objects.filter(is_active=True).order_by("username")
        if usernames:
            users = users.filter(username__in=usernames)
        for user in users:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name="demo", confirmed=True
                )
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
            self.stdout.write(f"{user.username:<20} {totp.token():06d}")
        self.stdout.write("Codes change every 30 seconds and work once.")
