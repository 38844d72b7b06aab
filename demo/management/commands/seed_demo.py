from django.core.management.base import BaseCommand, CommandError

from demo.seed import demo_logins, seed_all
from demo.seeders.accounts import PASSWORD


class Command(BaseCommand):
    help = (
        "Create the fictional demo data set: demo accounts (password "
        f"'{PASSWORD}'), ambassadors, office holders and about 40 cases in every "
        "state, all made through the case services. Idempotent: a second run adds "
        "nothing. Needs the reference data: run load_reference_data first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo logins; change nothing.",
        )

    def handle(self, *args, **options):
        if options["logins_only"]:
            for role, username in demo_logins():
                self.stdout.write(f"  {role:<38} {username:<16} {PASSWORD}")
            return
        try:
            lines = seed_all()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
