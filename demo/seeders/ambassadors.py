"""The demo ambassador network: six regional ambassadors (regioambassadeurs) and their
vacancies, applications, meetings, hours and availability. All fictional.

Idempotent: ambassadors are found by their user and made once; each part of the
network is made only when it does not exist yet.
"""

from datetime import timedelta

from django.utils import timezone

from ambassadors import models as work
from ambassadors.constants import Activity, ApplicationStatus, MeetingKind
from cases import constants as c
from cases.models import Case
from core.constants import Role
from core.models import Organisation
from demo.seeders.accounts import seed_user
from network.models import Ambassador, Unavailability
from regions.models import Region

# username, first name, last name, a gemeente in each region the ambassador covers.
# Regions are named by one of their gemeenten, not by code, so the demo still fits
# after a functional admin renamed or recoded the seeded regions. Several regions
# (Amsterdam-Amstelland, Rotterdam-Rijnmond, Twente, …) deliberately have no ambassador.
AMBASSADORS = [
    ("amb.devries", "Esther", "de Vries", ["GM0518", "GM0546"]),  # Den Haag, Leiden
    ("amb.mulder", "Joost", "Mulder", ["GM0344"]),  # Utrecht
    ("amb.bos", "Sanne", "Bos", ["GM0014", "GM0080"]),  # Groningen, Leeuwarden
    ("amb.vandijk", "Pieter", "van Dijk", ["GM0796", "GM0772"]),  # Den Bosch, Eindhoven
    ("amb.smits", "Lotte", "Smits", ["GM0983", "GM0935"]),  # Venlo, Maastricht
    ("amb.kok", "Bram", "Kok", ["GM0200", "GM0202"]),  # Apeldoorn, Arnhem
]
# The gemeenten this seeder needs from the reference data.
GEMEENTE_CODES = {code for *_, codes in AMBASSADORS for code in codes}


def seed_ambassadors(association: Organisation) -> list[Ambassador]:
    """The demo ambassadors, each a user with the ambassador role and the regions of
    their gemeenten."""
    return [_ambassador(*row, association) for row in AMBASSADORS]


def _ambassador(username, first, last, gemeente_codes, organisation) -> Ambassador:
    user = seed_user(username, first, last, Role.AMBASSADOR, organisation)
    ambassador, _ = Ambassador.objects.get_or_create(
        user=user, defaults={"organisation": organisation}
    )
    ambassador.regions.add(
        *Region.objects.filter(gemeenten__code__in=gemeente_codes).distinct()
    )
    return ambassador


# --- the network: vacancies, applications, meetings, hours, availability ------------

# Regions named by one of their gemeenten; the first two have no ambassador.
VACANCIES = [
    ("GM0363", "Regioambassadeur Amsterdam-Amstelland", 30),  # Amsterdam
    ("GM0153", "Regioambassadeur Twente", 12),  # Enschede
    ("GM0599", "Regioambassadeur Rotterdam-Rijnmond", -20),  # closed
]
# first name, last name, vacancy index, interviewed
APPLICANTS = [
    ("Joris", "Timmermans", 0, True),
    ("Hanneke", "Verhoeven", 0, False),
    ("Gijs", "Lammers", 1, False),
    ("Petra", "Wouters", 2, True),
]
MEETINGS = [
    (MeetingKind.TRAINING, "Training gespreksvoering", -60, "Utrecht", 2),
    (MeetingKind.INTERVISION, "Intervisie voorjaar", -20, "Zwolle", 1),
    (MeetingKind.RETURN_DAY, "Landelijke terugkomdag", 40, "Den Haag", 2),
]


def seed_network(ambassadors: list[Ambassador]) -> dict:
    """Fictional vacancies, applications (without CV files: nothing is written to
    the private storage by the demo), meetings with attendance, hours and one
    unavailable period. Each part is made only when it does not exist yet."""
    today = timezone.localdate()
    vacancies = []
    for code, title, days in VACANCIES:
        region = Region.objects.filter(gemeenten__code=code).first()
        vacancy, _ = work.Vacancy.objects.get_or_create(
            title=title,
            defaults={
                "region": region,
                "closes_on": today + timedelta(days=days),
                "description": (
                    "De vereniging zoekt een regioambassadeur met ervaring in het "
                    "lokaal bestuur: neutraal, integer, bestand tegen omgevingsdruk "
                    "en empathisch. Tijdsbesteding ongeveer 8 tot 10 uur, plus 2 tot "
                    "4 dagdelen training en intervisie per jaar."
                ),
            },
        )
        vacancies.append(vacancy)
    for first, last, index, interviewed in APPLICANTS:
        email = f"{first.lower()}.{last.lower()}@example.org"
        if work.Application.objects.filter(email=email).exists():
            continue
        application = work.Application.objects.create(
            vacancy=vacancies[index],
            first_name=first,
            last_name=last,
            email=email,
            motivation=(
                "Als oud-raadslid weet ik hoe eenzaam je je kunt voelen na "
                "bedreigingen. Ik wil graag een luisterend oor bieden."
            ),
            cv="",
            cv_kind="",
            status=ApplicationStatus.INTERVIEW if interviewed else "ingediend",
        )
        if interviewed:
            work.Interview.objects.create(
                application=application,
                held_on=today - timedelta(days=3),
                neutral=4,
                integer=5,
                experience=4,
                resilience=3,
                empathy=5,
                notes="Rustig en helder; veel ervaring als fractievoorzitter.",
            )
    year_start = today.replace(month=1, day=1)
    for kind, title, days, place, dagdelen in MEETINGS:
        held_on = max(today + timedelta(days=days), year_start)
        meeting, created = work.Meeting.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "held_on": held_on,
                "place": place,
                "dagdelen": dagdelen,
            },
        )
        if created:
            work.Invitation.objects.bulk_create(
                work.Invitation(
                    meeting=meeting,
                    ambassador=a,
                    attended=(None if held_on > today else i % 4 != 3),
                )
                for i, a in enumerate(ambassadors)
            )
    month_start = today.replace(day=1)
    for i, ambassador in enumerate(ambassadors):
        if ambassador.time_entries.exists():
            continue
        case = (
            Case.objects.filter(
                handoffs__ambassador=ambassador,
                handoffs__status=c.HandoffStatus.ACCEPTED,
            )
            .order_by("pk")
            .first()
        )
        entries = [(Activity.SIGNALLING, 1), (Activity.OTHER, 0.5 + i)]
        if case is not None:
            entries.append((Activity.CASE, 2 + 2 * i))
        for n, (activity, hours) in enumerate(entries):
            work.TimeEntry.objects.create(
                ambassador=ambassador,
                worked_on=min(month_start + timedelta(days=n), today),
                hours=hours,
                activity=activity,
                case=case if activity == Activity.CASE else None,
            )
    smits = next((a for a in ambassadors if a.user.username == "amb.smits"), None)
    if smits is not None and not smits.unavailabilities.exists():
        Unavailability.objects.create(
            ambassador=smits,
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=12),
        )
    return {
        "vacancies": work.Vacancy.objects.filter(
            title__in=[t for _c, t, _d in VACANCIES]
        ).count(),
        "applications": work.Application.objects.filter(
            email__in=[
                f"{f.lower()}.{s.lower()}@example.org" for f, s, *_ in APPLICANTS
            ]
        ).count(),
        "meetings": work.Meeting.objects.filter(
            title__in=[m[1] for m in MEETINGS]
        ).count(),
    }
