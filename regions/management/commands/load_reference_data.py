from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regions.services import DATA_DIR, load_reference_data


class Command(BaseCommand):
    help = (
        "Load or update the 12 provinces and 342 gemeenten (CBS, division of "
        "1 January 2025; Bron: CBS, CC BY 4.0) from regions/data/, matched on CBS "
        "code, never on name. "
        "Regions: the association's own regions are not in the sources, so the "
        "initial regions are seeded from the 25 veiligheidsregio's (codes VR01-VR25; "
        "Bron: CBS, via Ministerie van VWS). A new gemeente is put in the region of "
        "its veiligheidsregio. A later run does NOT move a gemeente whose region a "
        "functional admin changed in the admin, does not rename regions, and does "
        "not re-create a seed region an admin removed; use --reset-regions to put "
        "every gemeente back in the region of its veiligheidsregio. "
        "Idempotent: a second run changes nothing. All or nothing: if a file is "
        "malformed (a bad row or code, a duplicate code, an unknown province, not "
        "12/342 rows) the command stops with an error and changes nothing. "
        "Nothing is deleted; gemeenten no longer in the files are reported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-regions",
            action="store_true",
            help=(
                "Put every gemeente back in the region of its veiligheidsregio, "
                "undoing region changes made in the admin."
            ),
        )
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Directory with the four CSV files (default: regions/data/).",
        )

    def handle(self, *args, **options):
        try:
            report = load_reference_data(
                data_dir=options["data_dir"], reset_regions=options["reset_regions"]
            )
        except ValidationError as error:
            raise CommandError(
                "Reference data refused, nothing changed: " + "; ".join(error.messages)
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        for kind, codes in report.not_in_files.items():
            if codes:
                self.stdout.write(
                    self.style.WARNING(
                        f"{len(codes)} {kind} in the database are not in the files "
                        f"and were left alone: {', '.join(codes[:10])}"
                    )
                )
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Reference data updated."))
        else:
            self.stdout.write(self.style.SUCCESS("Reference data already up to date."))
