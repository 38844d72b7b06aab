from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load or update the 12 provinces and 342 gemeenten (CBS, 1 January 2025; "
        "Bron: CBS, CC BY 4.0) from regions/data/, matched on CBS code. New gemeenten "
        "are put in the region of their veiligheidsregio; a region a functional admin "
        "chose in the admin is kept unless --reset-regions is given. Idempotent: a "
        "second run changes nothing. All or nothing: a defect in the files changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-regions",
            action="store_true",
            help="Put every gemeente back in the region of its veiligheidsregio.",
        )

    def handle(self, *args, **options):
        try:
            report = load_reference_data(reset_regions=options["reset_regions"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for line in report.lines():
            self.stdout.write(line)
