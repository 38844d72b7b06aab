"""The fictional demo data set of ``make run``: every role, cases in every state, the
ambassador network, OT on Tour and the signals dashboard. All people are invented.

The seeders in ``demo.seeders`` (one per app) run in the order below. Each is
idempotent: it finds what it made by fixed keys and adds only what is missing, so a
second run adds nothing and reports the same counts. Needs the reference data
(``load_reference_data``).
"""

import random

from django.contrib.auth.models import User
from django.db import transaction

from demo.seeders import accounts, ambassadors, cases, outreach, signals
from network.models import Ambassador
from regions.models import Gemeente

SEED = 2026


def demo_logins() -> list[tuple[str, str]]:
    """(role, username) of every demo account; all have the password
    ``accounts.PASSWORD``."""
    logins = [("Vertrouwenspersoon", username) for username, *_ in accounts.ADVISORS]
    logins += [
        ("Regioambassadeur", username) for username, *_ in ambassadors.AMBASSADORS
    ]
    logins += [
        ("Verenigingsmedewerker (coördinator)", accounts.STAFF[0]),
        ("Selectiecommissie", accounts.SELECTION[0]),
        ("Functioneel beheerder (beheren/)", accounts.ADMIN[0]),
        ("Vertrouwenspersoon (partij)", accounts.PARTY_ADVISOR[0]),
    ]
    return logins


def summary_lines(summary: dict) -> list[str]:
    statuses = ", ".join(
        f"{count} {status}" for status, count in summary["cases by status"].items()
    )
    return [
        f"Demo data: {summary['users']} users, {summary['ambassadors']} ambassadors, "
        f"{summary['office holders']} office holders, "
        f"{summary['partners']} network partners, {summary['cases']} cases "
        f"({statuses}).",
        f"Network: {summary['vacancies']} vacancies, {summary['applications']} "
        f"applications, {summary['meetings']} meetings; OT on Tour: "
        f"{summary['campaigns']} gemeenten in the campaign.",
    ]


def _require_reference_data() -> None:
    codes = cases.GEMEENTE_CODES | ambassadors.GEMEENTE_CODES
    found = set(Gemeente.objects.filter(code__in=codes).values_list("code", flat=True))
    if found != codes:
        raise RuntimeError(
            "The reference data are missing; run: manage.py load_reference_data"
        )


@transaction.atomic
def seed_demo(*, seed: int = SEED) -> dict:
    """Create the demo data set but the signals once (see the module docstring) and
    return counts of the demo data that exist afterwards: the same after every run.
    Raises ``RuntimeError`` when the reference data are not loaded. Handoffs enqueue
    their notification e-mail after commit, as in real use (without case content)."""
    _require_reference_data()
    association, party = accounts.seed_organisations()
    partners = cases.seed_partners(association)
    advisors = accounts.seed_advisors(association)
    demo_ambassadors = ambassadors.seed_ambassadors(association)
    accounts.seed_association_staff(association)
    party_advisor = accounts.seed_party_advisor(party)
    case_counts = cases.seed_cases(
        advisors=advisors,
        party_advisor=party_advisor,
        ambassadors=demo_ambassadors,
        partners=partners,
        rng=random.Random(seed),
    )
    network = ambassadors.seed_network(demo_ambassadors)
    campaigns = outreach.seed_outreach()

    usernames = [username for _role, username in demo_logins()]
    return {
        "users": User.objects.filter(username__in=usernames).count(),
        "ambassadors": Ambassador.objects.filter(user__username__in=usernames).count(),
        "partners": len(partners),
        **case_counts,
        **network,
        **campaigns,
    }


def seed_all() -> list[str]:
    """What ``manage.py seed_demo`` does: ``seed_demo``, then the demo signals (in a
    transaction of their own; some are derived from the demo cases). Returns the lines
    that report what exists."""
    lines = summary_lines(seed_demo())
    lines.append(signals.seed_signals())
    return lines
