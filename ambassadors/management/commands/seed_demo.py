from django.core.management.base import BaseCommand, CommandError

from ambassadors.demo import PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Create the fictional demo data set (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo logins."
        )

    def handle(self, *args, **options):
        if not options["logins_only"]:
            try:
                counts = seed_demo()
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(
                "Demo data: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            )
            return
        for role, username in demo_logins():
            self.stdout.write(f"  {role:<30} {username:<16} {PASSWORD}")
