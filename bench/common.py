"""What both benchmarks share: their own database, a signed-in client with the
second factor passed (as a real user's session is after the 2FA step, so the timed
pages are the pages themselves), and the median and p95 of a series of timings."""

import os
import statistics


def ensure_database(name: str) -> None:
    """Make the benchmark database and the two roles, as ``make services`` makes the
    application's (scripts/db-roles.sql; also hands an older one to the owner)."""
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "db-roles.sql"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "psql",
            "-X",
            "-q",
            "-h",
            os.environ.get("POSTGRES_HOST", "localhost"),
            "-p",
            os.environ.get("POSTGRES_PORT", "5432"),
            "-U",
            os.environ.get("POSTGRES_SUPERUSER", "postgres"),
            "-d",
            "postgres",
            "-v",
            f"db={name}",
            "-v",
            f"owner={os.environ.get('POSTGRES_OWNER_USER', 'klankbord_owner')}",
            "-v",
            f"app={os.environ.get('POSTGRES_USER', 'klankbord_app')}",
            "-f",
            str(script),
        ],
        check=True,
    )


def setup() -> None:
    """Set up Django on the benchmark database (``POSTGRES_DB``): made if need be,
    migrated, reference data loaded."""
    ensure_database(os.environ["POSTGRES_DB"])
    import django

    django.setup()
    from django.core.management import call_command

    # No setup_test_environment(): it instruments every template render for test
    # assertions (the test client then copies each context), which production does not
    # do and which grows with the number of templates on a page.
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)


def prepare(username: str, role: str):
    """``setup()``, and return ``username``, in ``role``'s group."""
    setup()
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def verified_client(user):
    from django.test import Client

    from tests.otp_helpers import verify_session

    client = Client()
    client.force_login(user)
    verify_session(client, user)
    return client


def median_p95(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95
