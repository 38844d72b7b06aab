"""A fictional demo data set: people, office holders and cases in every state.

Every name is invented; e-mail addresses are on example.org. Cases are made through
``cases.services`` so their history, grants and audit trail are what real use leaves.
Idempotent: a second run adds nothing.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from ambassadors.models import Ambassador
from cases import constants as c
from cases import services
from cases.models import Case, Membership, OfficeHolder, Organisation
from regions.models import Gemeente, Region

PASSWORD = "klankbord-demo"  # noqa: S105 - fictional demo accounts, printed on purpose

ADVISORS = [("vp.jansen", "Anouk", "Jansen"), ("vp.bakker", "Ruben", "Bakker")]
# username, first, last, region codes (veiligheidsregio-based seed regions)
AMBASSADORS = [
    ("amb.devries", "Marloes", "de Vries", ["VR15", "VR16"]),
    ("amb.mulder", "Joost", "Mulder", ["VR09"]),
    ("amb.bos", "Sanne", "Bos", ["VR01", "VR02"]),
    ("amb.vandijk", "Pieter", "van Dijk", ["VR21", "VR22"]),
    ("amb.smits", "Lotte", "Smits", ["VR23", "VR24"]),
    ("amb.kok", "Wim", "Kok", ["VR06", "VR07"]),
]
STAFF = ("staf.visser", "Eva", "Visser")
ADMIN = ("beheer.smit", "Tom", "Smit")
PARTY_ADVISOR = ("vp.partij", "Noor", "Hendriks")
PARTY = "Partij-vertrouwenspersoon (demo)"

OFFICE_HOLDERS = [
    ("Femke Veldhuis", c.Office.COUNCILLOR, "GM0363"),
    ("Hamza El Idrissi", c.Office.COUNCILLOR, "GM0599"),
    ("Ingrid Postma", c.Office.ALDERMAN, "GM0014"),
    ("Bart Wolters", c.Office.COUNCILLOR, "GM0344"),
    ("Yvonne Kuipers", c.Office.MAYOR, "GM0796"),
    ("Daan Verbeek", c.Office.COUNCILLOR, "GM0772"),
    ("Marieke Hoekstra", c.Office.STATES_MEMBER, "GM0080"),
    ("Sven Dekker", c.Office.COUNCILLOR, "GM0518"),
    ("Ayse Yilmaz", c.Office.COUNCILLOR, "GM0153"),
    ("Kees van Leeuwen", c.Office.DEPUTY, "GM0202"),
    ("Rosa Meijer", c.Office.COUNCILLOR, "GM0935"),
    ("Jan-Willem Brouwer", c.Office.CLERK, "GM0268"),
    ("Fatima Amrani", c.Office.COUNCILLOR, "GM0034"),
    ("Thijs Peeters", c.Office.ALDERMAN, "GM0855"),
    ("Lieke de Graaf", c.Office.COUNCILLOR, "GM0687"),
]

ACCOUNTS = [
    "Na een debat over een woningbouwproject ontving het raadslid via sociale media "
    "een reeks dreigende berichten van een anoniem account.",
    "Bij de supermarkt werd het raadslid luid aangesproken en uitgescholden door een "
    "inwoner die het niet eens was met een raadsbesluit.",
    "Er lag een anonieme brief in de brievenbus thuis met de tekst dat men wist waar "
    "de kinderen naar school gaan.",
    "Een collega-raadslid zette het raadslid in een commissievergadering herhaaldelijk "
    "onder druk om een stemming te veranderen.",
    "Tijdens een informatieavond werd het raadslid door een groep bezoekers ingesloten "
    "en bedreigd; de boa greep in.",
    "Het raadslid twijfelt of een verzoek van een wethouder om informatie achter te "
    "houden wel integer is.",
]


def demo_logins() -> list[tuple[str, str]]:
    logins = [("Vertrouwenspersoon", u) for u, *_ in ADVISORS]
    logins += [("Regioambassadeur", u) for u, *_ in AMBASSADORS]
    logins += [
        ("Verenigingsmedewerker", STAFF[0]),
        ("Functioneel beheerder", ADMIN[0]),
        ("Vertrouwenspersoon (partij)", PARTY_ADVISOR[0]),
    ]
    return logins


def _user(username, first, last, role, organisation, *, is_staff=False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": is_staff,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
    return User.objects.get(pk=user.pk)


@transaction.atomic
def seed_demo(*, seed: int = 2026) -> dict:
    """Create the demo data set once. Returns counts of what exists afterwards."""
    if not Gemeente.objects.exists():
        raise RuntimeError(
            "Load the reference data first: manage.py load_reference_data"
        )
    association = Organisation.objects.get(is_default=True)
    party, _ = Organisation.objects.get_or_create(
        slug="partij-demo", defaults={"name": PARTY}
    )
    advisors = [_user(*person, c.Role.ADVISOR, association) for person in ADVISORS]
    ambassadors = []
    for username, first, last, region_codes in AMBASSADORS:
        user = _user(username, first, last, c.Role.AMBASSADOR, association)
        ambassador, _ = Ambassador.objects.get_or_create(
            user=user, defaults={"organisation": association}
        )
        ambassador.regions.add(*Region.objects.filter(code__in=region_codes))
        ambassadors.append(ambassador)
    _user(*STAFF, c.Role.STAFF, association)
    _user(*ADMIN, c.Role.ADMIN, association, is_staff=True)
    party_advisor = _user(*PARTY_ADVISOR, c.Role.ADVISOR, party)

    if not Case.objects.filter(organisation=association).exists():
        _seed_cases(advisors, ambassadors, random.Random(seed))
    if not Case.objects.filter(organisation=party).exists():
        holder = services.office_holder_create(
            by=party_advisor,
            name="Koen Jacobs",
            office=c.Office.COUNCILLOR,
            gemeente=Gemeente.objects.get(code="GM0344"),
        )
        services.case_create(
            by=party_advisor,
            office_holder=holder,
            channel=c.Channel.EMAIL,
            category=c.Category.OTHER,
            occurred_on=timezone.localdate() - timedelta(days=3),
            urgency=c.Urgency.NORMAL,
            account="Een partijgenoot maakt in de fractie kleinerende opmerkingen.",
            owner=party_advisor,
        )
    return {
        "users": User.objects.count(),
        "ambassadors": Ambassador.objects.count(),
        "office holders": OfficeHolder.objects.count(),
        "cases": Case.objects.count(),
    }


def _consent(case, by, purpose, kind="", when=None):
    return services.consent_record(
        case=case,
        by=by,
        purpose=purpose,
        referral_kind=kind,
        given_by=case.office_holder.name,
        method=c.ConsentMethod.VERBAL,
        given_at=when or timezone.now(),
    )


def _seed_cases(advisors, ambassadors, rng: random.Random) -> None:
    holders = []
    for name, office, code in OFFICE_HOLDERS:
        holders.append(
            services.office_holder_create(
                by=advisors[0],
                name=name,
                office=office,
                gemeente=Gemeente.objects.get(code=code),
                email=f"{name.split()[0].lower()}@example.org",
            )
        )
    categories = [v for v in c.Category.values if v != c.Category.OUT_OF_SCOPE]
    now = timezone.now()
    for i in range(40):
        advisor = advisors[i % 2]
        holder = holders[i % len(holders)]
        reported = now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        case = services.case_create(
            by=advisor,
            office_holder=holder,
            channel=rng.choice(c.Channel.values),
            category=c.Category.OUT_OF_SCOPE
            if i % 13 == 12
            else rng.choice(categories),
            occurred_on=(reported - timedelta(days=rng.randint(0, 10))).date(),
            urgency=rng.choice(c.Urgency.values),
            account=rng.choice(ACCOUNTS),
            reported_at=reported,
            owner=None if i % 5 == 0 else advisor,
        )
        stage = i % 8
        if stage in (0, 1):
            continue  # new or with the advisor
        if case.status == c.Status.NEW:
            services.case_assign(case=case, owner=advisor, by=advisor)
        if stage == 2:
            services.case_close(
                case=case, by=advisor, outcome="Advies gegeven; geen vervolg."
            )
            continue
        region = holder.gemeente.region
        ambassador = next((a for a in ambassadors if region in a.regions.all()), None)
        if ambassador is None:
            _consent(case, advisor, c.ConsentPurpose.STATISTICS)
            continue  # the region has no ambassador: the case stays with the advisor
        _consent(case, advisor, c.ConsentPurpose.HANDOFF)
        _consent(case, advisor, c.ConsentPurpose.STATISTICS)
        handoff = services.case_handoff(case=case, ambassador=ambassador, by=advisor)
        if stage == 3:
            continue  # awaiting the ambassador's answer
        if stage == 4:
            services.handoff_decline(
                handoff=handoff,
                by=ambassador.user,
                reason="Ik ken het raadslid persoonlijk.",
            )
            continue
        services.handoff_accept(handoff=handoff, by=ambassador.user)
        services.note_add(
            case=case,
            by=ambassador.user,
            kind=c.NoteKind.CONTACT,
            contact_mode=c.ContactMode.PHONE,
            text="Kennismakingsgesprek; het raadslid wil vooral een luisterend oor.",
        )
        if stage >= 6:
            _consent(
                case, ambassador.user, c.ConsentPurpose.REFERRAL, c.ReferralKind.LEGAL
            )
            referral = services.referral_create(
                case=case,
                by=ambassador.user,
                kind=c.ReferralKind.LEGAL,
                partner="Juridisch adviseur (fictief)",
            )
            services.referral_set_status(
                referral=referral, by=ambassador.user, status=c.ReferralStatus.ACCEPTED
            )
            services.case_set_phase(
                case=case, phase=c.Phase.ACCOMPANIMENT, by=ambassador.user
            )
        if stage == 7:
            services.case_set_phase(
                case=case, phase=c.Phase.AFTERCARE, by=ambassador.user
            )
            services.case_close(
                case=case, by=ambassador.user, outcome="Ondersteund; nazorg afgerond."
            )
