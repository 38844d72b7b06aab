"""A fictional demo data set: people, office holders and cases in every state.

Every person is invented (none of the people named in the source documents appears);
e-mail addresses are on example.org. Cases are made only through ``cases.services``, so
their status history, per-object grants and audit trail are what real use leaves.

Idempotent: users, ambassadors, network partners and office holders are found by
fixed keys and made once; each group of cases (the association's, the party's, the
night calls) is made only if none of its demo office holders has a case yet. A
second run adds nothing. Needs the reference data (``load_reference_data``).
"""

import functools
import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from ambassadors.constants import Activity, ApplicationStatus, MeetingKind
from ambassadors.models import (
    Ambassador,
    Application,
    Interview,
    Invitation,
    Meeting,
    TimeEntry,
    Unavailability,
    Vacancy,
)
from cases import constants as c
from cases import services, services_support
from cases.models import Case, OfficeHolder, Partner
from core.constants import OrganisationKind, Role
from core.models import Membership, Organisation
from regions.models import Gemeente, Region

PASSWORD = "klankbord-demo"  # noqa: S105 - fictional demo accounts, printed on purpose
SEED = 2026

# username, first name, last name
ADVISORS = [("vp.jansen", "Anouk", "Jansen"), ("vp.bakker", "Ruben", "Bakker")]
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
STAFF = ("staf.visser", "Eva", "Visser")  # association staff: the coordinator
SELECTION = ("selectie.dekker", "Mirjam", "Dekker")
ADMIN = ("beheer.smit", "Tom", "Smit")
PARTY_ADVISOR = ("vp.partij", "Noor", "Hendriks")
PARTY_NAME = "Fictieve Partij (demo)"
PARTY_SLUG = "partij-demo"

# name, office, gemeente code
OFFICE_HOLDERS = [
    ("Femke Veldhuis", c.Office.COUNCILLOR, "GM0363"),  # Amsterdam: no ambassador
    ("Hamza El Idrissi", c.Office.COUNCILLOR, "GM0599"),  # Rotterdam: no ambassador
    ("Ingrid Postma", c.Office.ALDERMAN, "GM0014"),
    ("Bart Wolters", c.Office.COUNCILLOR, "GM0344"),
    ("Yvonne Kuipers", c.Office.MAYOR, "GM0796"),
    ("Daan Verbeek", c.Office.COUNCILLOR, "GM0772"),
    ("Marieke Hoekstra", c.Office.STATES_MEMBER, "GM0080"),
    ("Sven Dekker", c.Office.COUNCILLOR, "GM0518"),
    ("Ayse Yilmaz", c.Office.COUNCILLOR, "GM0153"),  # Enschede: no ambassador
    ("Kees van Leeuwen", c.Office.DEPUTY, "GM0202"),
    ("Rosa Meijer", c.Office.COUNCILLOR, "GM0935"),
    ("Jan-Willem Brouwer", c.Office.CLERK, "GM0268"),  # Nijmegen: no ambassador
    ("Fatima Amrani", c.Office.COUNCILLOR, "GM0034"),  # Almere: no ambassador
    ("Thijs Peeters", c.Office.ALDERMAN, "GM0855"),  # Tilburg: no ambassador
    ("Lieke de Graaf", c.Office.COUNCILLOR, "GM0687"),  # Middelburg: no ambassador
]
PARTY_OFFICE_HOLDER = ("Koen Jacobs", c.Office.COUNCILLOR, "GM0344")
# Calls to the 24/7 line: one acted on (referral, police melding, damage, aftercare),
# one still flagged at the top of the queue with its intake to complete.
NIGHT_OFFICE_HOLDERS = [
    ("Mirjam Claassen", c.Office.ALDERMAN, "GM0344"),  # Utrecht
    ("Okke Bosma", c.Office.MAYOR, "GM0014"),  # Groningen
]

# The expert network (OTWB): name, kind, gemeenten of the regions (none: nationwide),
# availability, availability note, expertise. All fictional.
PARTNERS = [
    (
        "Stichting Veilig Bestuur Midden (demo)",
        c.PartnerKind.SECURITY,
        ["GM0344"],
        c.PartnerAvailability.AVAILABLE,
        "Dag en nacht bereikbaar",
        "Woningbeveiliging, camera's, veiligheidsscan",
    ),
    (
        "Beveiligingsadvies Noord (demo)",
        c.PartnerKind.SECURITY,
        ["GM0014", "GM0080"],
        c.PartnerAvailability.LIMITED,
        "Alleen op werkdagen",
        "Persoonsbeveiliging, advies bij evenementen",
    ),
    (
        "Rechtshulp Openbaar Bestuur (demo)",
        c.PartnerKind.LEGAL,
        [],
        c.PartnerAvailability.AVAILABLE,
        "",
        "Aangifte, schadeverhaal, smaad en laster",
    ),
    (
        "Advocatenkantoor De Linde (demo)",
        c.PartnerKind.LEGAL,
        ["GM0518", "GM0546"],
        c.PartnerAvailability.AVAILABLE,
        "",
        "Strafrecht, slachtofferbijstand",
    ),
    (
        "Nazorgpraktijk Het Anker (demo)",
        c.PartnerKind.AFTERCARE,
        ["GM0200", "GM0202"],
        c.PartnerAvailability.AVAILABLE,
        "",
        "Nazorg voor bestuurders en hun gezin",
    ),
    (
        "Trauma-opvang Oost (demo)",
        c.PartnerKind.AFTERCARE,
        ["GM0193"],
        c.PartnerAvailability.UNAVAILABLE,
        "Met verlof tot 1 maart",
        "Traumaverwerking",
    ),
    (
        "Hanneke Stolk, oud-burgemeester (demo)",
        c.PartnerKind.LIVED_EXPERIENCE,
        [],
        c.PartnerAvailability.AVAILABLE,
        "Bij voorkeur 's avonds",
        "Zelf bedreigd geweest; luistert en denkt mee",
    ),
    (
        "Wethoudersnetwerk Zuid (demo)",
        c.PartnerKind.PEER,
        ["GM0935", "GM0796"],
        c.PartnerAvailability.AVAILABLE,
        "",
        "Collega-wethouders die hetzelfde meemaakten",
    ),
]

ARTICLE = {
    c.Office.COUNCILLOR: "het raadslid",
    c.Office.ALDERMAN: "de wethouder",
    c.Office.MAYOR: "de burgemeester",
    c.Office.STATES_MEMBER: "het Statenlid",
    c.Office.DEPUTY: "de gedeputeerde",
    c.Office.CLERK: "de griffier",
}

# Short, fictional, non-graphic accounts; {wie} is "het raadslid", "de wethouder", …
ACCOUNTS = {
    c.Category.INTIMIDATION: [
        "Na een debat over een woningbouwproject kreeg {wie} via sociale media een "
        "reeks intimiderende berichten van een anoniem account.",
        "Een inwoner wacht {wie} na raadsvergaderingen op bij de fietsenstalling en "
        "maakt opmerkingen over het gezin.",
    ],
    c.Category.THREAT: [
        "In de brievenbus thuis lag een anonieme brief met de boodschap dat men wist "
        "waar {wie} woont.",
        "Na een besluit over een windpark kreeg {wie} een dreigend telefoontje op het "
        "privénummer.",
    ],
    c.Category.AGGRESSION: [
        "Bij de supermarkt werd {wie} luid aangesproken en uitgescholden door een "
        "inwoner die het niet eens was met een raadsbesluit.",
        "Tijdens een informatieavond werd {wie} door een groep bezoekers ingesloten en "
        "hard toegesproken; een boa greep in.",
    ],
    c.Category.VIOLENCE: [
        "Bij een markt duwde een inwoner {wie} opzij en gooide een flyer in het "
        "gezicht; er raakte niemand gewond.",
    ],
    c.Category.INTEGRITY: [
        "{Wie} twijfelt of een verzoek om informatie achter te houden voor de raad wel "
        "integer is.",
        "Een projectontwikkelaar bood {wie} een vrijkaart aan kort voor een stemming.",
    ],
    c.Category.ABUSE: [
        "Een collega zette {wie} in een commissievergadering herhaaldelijk onder druk "
        "om een stemming te veranderen.",
    ],
    c.Category.OTHER: [
        "In de fractie worden over {wie} steeds vaker kleinerende grappen gemaakt.",
        "{Wie} krijgt 's avonds laat appjes van een collega die niet over werk gaan.",
    ],
    c.Category.OUT_OF_SCOPE: [
        "{Wie} is het oneens met het standpunt van de eigen fractie over de begroting.",
    ],
}

NOTES = [
    "Eerste gesprek gevoerd; {wie} wil vooral een luisterend oor.",
    "Besproken welke stappen mogelijk zijn; bedenktijd afgesproken.",
    "Teruggebeld: situatie is rustiger, blijft alert.",
    "Samen de melding bij de politie voorbereid.",
]

# What happens to each of the 40 demo cases, oldest scenario first. Each scenario
# names the oldest and newest age in days of its reported_at, and whether the office
# holder's region must have an ambassador (True), must lack one (False), or either.
SCENARIOS: list[tuple[str, int, tuple[int, int], bool | None]] = [
    # scenario, number of cases, (min, max) days ago, region has an ambassador
    ("closed_by_advisor", 2, (60, 120), None),
    ("out_of_scope", 1, (40, 100), None),
    ("closed_by_ambassador", 2, (80, 120), True),
    ("reopened", 1, (50, 100), None),
    ("aftercare", 2, (60, 110), True),
    ("accompaniment", 3, (30, 90), True),
    ("guidance", 3, (20, 60), True),
    ("listening", 4, (7, 30), True),
    ("consent_revoked", 1, (20, 60), True),
    ("withdrawn", 1, (15, 50), True),
    ("outside_region", 1, (10, 40), False),
    ("declined", 3, (5, 40), True),
    ("offered", 5, (1, 10), True),
    ("no_ambassador", 3, (3, 45), False),
    ("triage", 4, (2, 30), None),
    ("new", 4, (0, 3), None),
]


def demo_logins() -> list[tuple[str, str]]:
    """(role, username) of every demo account; all have the password ``PASSWORD``."""
    logins = [("Vertrouwenspersoon", username) for username, *_ in ADVISORS]
    logins += [("Regioambassadeur", username) for username, *_ in AMBASSADORS]
    logins += [
        ("Verenigingsmedewerker (coördinator)", STAFF[0]),
        ("Selectiecommissie", SELECTION[0]),
        ("Functioneel beheerder (beheer/)", ADMIN[0]),
        ("Vertrouwenspersoon (partij)", PARTY_ADVISOR[0]),
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


# --- people --------------------------------------------------------------------------


@functools.cache
def _demo_password_hash() -> str:
    # One hash for every demo account: the password is public anyway, and hashing it
    # eleven times costs seconds on every fresh start.
    return make_password(PASSWORD)


def _user(
    username: str,
    first_name: str,
    last_name: str,
    role: Role,
    organisation: Organisation,
    *,
    is_staff: bool = False,
) -> User:
    profile = {
        "first_name": first_name,
        "last_name": last_name,
        "email": f"{username}@example.org",
        "is_staff": is_staff,
        "is_superuser": False,
    }
    user, created = User.objects.get_or_create(username=username, defaults=profile)
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    else:
        changed = [key for key, value in profile.items() if getattr(user, key) != value]
        for key in changed:
            setattr(user, key, profile[key])
        if changed:
            user.save(update_fields=changed)
    user.groups.add(Group.objects.get(name=role.value))
    Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
    # A fresh instance: the role and organisation caches on ``user`` are now stale.
    return User.objects.get(pk=user.pk)


def _ambassador(username, first, last, gemeente_codes, organisation) -> Ambassador:
    user = _user(username, first, last, Role.AMBASSADOR, organisation)
    ambassador, _ = Ambassador.objects.get_or_create(
        user=user, defaults={"organisation": organisation}
    )
    ambassador.regions.add(
        *Region.objects.filter(gemeenten__code__in=gemeente_codes).distinct()
    )
    return ambassador


def _office_holder(by: User, name: str, office: str, code: str) -> OfficeHolder:
    existing = OfficeHolder.objects.filter(
        organisation_id=by.membership.organisation_id, name=name, gemeente__code=code
    ).first()
    if existing is not None:
        return existing
    return services.office_holder_create(
        by=by,
        name=name,
        office=office,
        gemeente=Gemeente.objects.get(code=code),
        email=f"{name.lower().replace(' ', '.')}@example.org",
    )


# --- the data set --------------------------------------------------------------------


def _require_reference_data() -> None:
    codes = {code for *_, code in OFFICE_HOLDERS} | {PARTY_OFFICE_HOLDER[2]}
    codes |= {code for *_, code in NIGHT_OFFICE_HOLDERS}
    codes |= {code for *_, region_codes in AMBASSADORS for code in region_codes}
    codes |= {code for _, _, region_codes, *_ in PARTNERS for code in region_codes}
    found = set(Gemeente.objects.filter(code__in=codes).values_list("code", flat=True))
    if found != codes:
        raise RuntimeError(
            "The reference data are missing; run: manage.py load_reference_data"
        )


@transaction.atomic
def seed_demo(*, seed: int = SEED) -> dict:
    """Create the demo data set once (see the module docstring) and return counts of
    the demo data that exist afterwards: the same after every run. Raises
    ``RuntimeError`` when the reference data are not loaded. Handoffs enqueue their
    notification e-mail after commit, as in real use (without case content)."""
    _require_reference_data()
    association = Organisation.objects.get(is_default=True)
    party, _ = Organisation.objects.get_or_create(
        slug=PARTY_SLUG,
        defaults={"name": PARTY_NAME, "kind": OrganisationKind.PARTY},
    )
    if party.kind != OrganisationKind.PARTY or party.name != PARTY_NAME:
        # A database seeded before parties had a kind (or their own name).
        party.kind, party.name = OrganisationKind.PARTY, PARTY_NAME
        party.save(update_fields=["kind", "name"])
    partners = [_partner(association, *row) for row in PARTNERS]
    advisors = [_user(*person, Role.ADVISOR, association) for person in ADVISORS]
    ambassadors = [_ambassador(*row, association) for row in AMBASSADORS]
    staff = _user(*STAFF, Role.STAFF, association)
    _user(*SELECTION, Role.SELECTION, association)
    _user(*ADMIN, Role.ADMIN, association, is_staff=True)
    party_advisor = _user(*PARTY_ADVISOR, Role.ADVISOR, party)

    holders = [_office_holder(advisors[0], *row) for row in OFFICE_HOLDERS]
    party_holder = _office_holder(party_advisor, *PARTY_OFFICE_HOLDER)
    night_holders = [_office_holder(advisors[1], *row) for row in NIGHT_OFFICE_HOLDERS]

    if not Case.objects.filter(office_holder__in=holders).exists():
        _CaseBuilder(advisors, ambassadors, holders, random.Random(seed)).build_all()
    if not Case.objects.filter(office_holder=party_holder).exists():
        _party_case(party_advisor, party_holder)
    if not Case.objects.filter(office_holder__in=night_holders).exists():
        _night_calls(advisors[1], night_holders, ambassadors, partners)

    network = seed_network(ambassadors=ambassadors, by=staff)
    from outreach.demo import seed_outreach

    outreach = seed_outreach()

    usernames = [row[0] for row in (*ADVISORS, *AMBASSADORS)]
    usernames += [STAFF[0], SELECTION[0], ADMIN[0], PARTY_ADVISOR[0]]
    all_holders = [*holders, party_holder, *night_holders]
    cases = Case.objects.filter(office_holder__in=all_holders)
    return {
        "users": User.objects.filter(username__in=usernames).count(),
        "ambassadors": Ambassador.objects.filter(user__username__in=usernames).count(),
        "office holders": len(all_holders),
        "partners": len(partners),
        "cases": cases.count(),
        "cases by status": {
            status.value: cases.filter(status=status).count() for status in c.Status
        },
        **network,
        **outreach,
    }


def _party_case(advisor: User, holder: OfficeHolder) -> None:
    reported = timezone.now() - timedelta(days=9, hours=3)
    case = services.case_create(
        by=advisor,
        office_holder=holder,
        channel=c.Channel.EMAIL,
        category=c.Category.OTHER,
        occurred_on=timezone.localdate(reported) - timedelta(days=2),
        urgency=c.Urgency.NORMAL,
        account="Een partijgenoot maakt in de fractie steeds kleinerende opmerkingen.",
        reported_at=reported,
        scope=c.Scope.UNWANTED_BEHAVIOUR,
    )
    services.case_assign(case=case, owner=advisor, by=advisor)
    services.note_add(
        case=case,
        by=advisor,
        text="Besproken: een gesprek tussen beide partijen, als beiden dat willen.",
    )
    services_support.advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.INFORMAL_SOLUTION,
        description="Gesprek tussen beide partijgenoten georganiseerd; beiden "
        "stemden in. Afspraken gemaakt over de omgang in de fractie.",
        both_parties_agree=True,
    )
    services_support.advisor_action_record(
        case=case,
        by=advisor,
        kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        description="De klachtenregeling van de partij toegelicht, voor als het "
        "gesprek niet helpt.",
    )


def _partner(organisation, name, kind, codes, availability, note, expertise):
    partner, created = Partner.objects.get_or_create(
        organisation=organisation,
        name=name,
        defaults={
            "kind": kind,
            "availability": availability,
            "availability_note": note,
            "expertise": expertise,
            "email": "netwerk@example.org",
        },
    )
    if created and codes:
        partner.regions.add(
            *Region.objects.filter(gemeenten__code__in=codes).distinct()
        )
    return partner


def _night_calls(advisor: User, holders, ambassadors, partners) -> None:
    """Two calls to the 24/7 line, through the same services the night-call form
    uses: one acted on and with the ambassador for aftercare, one still flagged."""
    acted_holder, flagged_holder = holders
    case = services_support.night_call_create(
        by=advisor,
        name=acted_holder.name,
        office=acted_holder.office,
        gemeente=acted_holder.gemeente,
        immediate_danger=True,
        account="Na een besluit over een azc staat een groep mensen 's avonds voor "
        "het huis van de wethouder te schreeuwen.",
        immediate_needs="Advies over de veiligheid van het gezin vannacht.",
    )
    Case.objects.filter(pk=case.pk).update(
        reported_at=timezone.now() - timedelta(days=12, hours=2)
    )
    services_support.case_complete_intake(
        case=case,
        by=advisor,
        category=c.Category.INTIMIDATION,
        occurred_on=timezone.localdate() - timedelta(days=12),
        urgency=c.Urgency.ACUTE,
        account=case.account + " Politie kwam ter plaatse; de groep vertrok.",
        immediate_needs=case.immediate_needs,
    )
    given_at = timezone.now() - timedelta(days=12)
    for purpose, kind in (
        (c.ConsentPurpose.REFERRAL, c.ReferralKind.SECURITY),
        (c.ConsentPurpose.HANDOFF, ""),
    ):
        services.consent_record(
            case=case,
            by=advisor,
            purpose=purpose,
            referral_kind=kind,
            given_by=acted_holder.name,
            method=c.ConsentMethod.VERBAL,
            given_at=given_at,
        )
    security = next(p for p in partners if p.kind == c.PartnerKind.SECURITY)
    referral = services.referral_create(
        case=case,
        by=advisor,
        network_partner=security,
        details="Veiligheidsscan van de woning, zo snel mogelijk.",
    )
    services_support.police_report_save(
        case=case,
        by=advisor,
        advice=c.PoliceAdvice.MELDING,
        action=c.PoliceAction.MELDING_MADE,
        reported_on=timezone.localdate() - timedelta(days=11),
        police_reference="DEMO-2026-0042",
        notes="Geen strafbaar feit volgens de politie; wel geregistreerd.",
    )
    services_support.damage_add(
        case=case,
        by=advisor,
        kind=c.DamageKind.PROPERTY,
        description="Bloembakken vernield.",
        amount=Decimal("180.00"),
    )
    region_id = acted_holder.gemeente.region_id
    ambassador = next(a for a in ambassadors if a.regions.filter(pk=region_id).exists())
    handoff = services.case_handoff(case=case, ambassador=ambassador, by=advisor)
    services.handoff_accept(handoff=handoff, by=ambassador.user)
    for status in (c.ReferralStatus.ACCEPTED, c.ReferralStatus.DONE):
        services.referral_set_status(
            referral=referral, by=ambassador.user, status=status
        )
    services.referral_set_outcome(
        referral=referral,
        by=ambassador.user,
        outcome="Camera en extra verlichting geplaatst; het gezin voelt zich veiliger.",
    )
    services.case_set_phase(case=case, phase=c.Phase.AFTERCARE, by=ambassador.user)

    flagged = services_support.night_call_create(
        by=advisor,
        name=flagged_holder.name,
        office=flagged_holder.office,
        gemeente=flagged_holder.gemeente,
        immediate_danger=True,
        account="Dreigende berichten met een foto van de voordeur; vannacht gestuurd.",
        immediate_needs="Weten of de politie vannacht langs kan komen.",
    )
    Case.objects.filter(pk=flagged.pk).update(
        reported_at=timezone.now() - timedelta(hours=2)
    )


class _CaseBuilder:
    """Brings each demo case into its scenario's state through the services."""

    def __init__(self, advisors, ambassadors, holders, rng: random.Random):
        self.advisors = advisors
        self.rng = rng
        self.now = timezone.now()
        region_ids = {holder: holder.gemeente.region_id for holder in holders}
        self.ambassador_of = {}
        for ambassador in ambassadors:
            for region_id in ambassador.regions.values_list("pk", flat=True):
                self.ambassador_of.setdefault(region_id, ambassador)
        self.covered = [h for h in holders if region_ids[h] in self.ambassador_of]
        self.uncovered = [h for h in holders if region_ids[h] not in self.ambassador_of]
        self.any_holder = holders
        self.ambassadors = ambassadors

    def build_all(self) -> int:
        count = 0
        for scenario, number, (oldest, newest), has_ambassador in SCENARIOS:
            for _ in range(number):
                pool = {True: self.covered, False: self.uncovered}.get(
                    has_ambassador, self.any_holder
                )
                holder = self.rng.choice(pool)
                days = self.rng.randint(min(oldest, newest), max(oldest, newest))
                reported = self.now - timedelta(
                    days=days, hours=self.rng.randint(1, 10)
                )
                advisor = self.advisors[count % len(self.advisors)]
                case = self._create(holder, advisor, reported, scenario)
                getattr(self, f"_{scenario}")(case, advisor, reported)
                count += 1
        return count

    # helpers

    def _at(self, reported: datetime, days: float) -> datetime:
        """A moment ``days`` after the report, never in the future."""
        return min(reported + timedelta(days=days), self.now - timedelta(minutes=1))

    def _create(self, holder, advisor, reported, scenario) -> Case:
        if scenario == "out_of_scope":
            category = c.Category.OUT_OF_SCOPE
        else:
            category = self.rng.choice(
                [value for value in ACCOUNTS if value != c.Category.OUT_OF_SCOPE]
            )
        wie = ARTICLE[holder.office]
        account = self.rng.choice(ACCOUNTS[category]).format(
            wie=wie, Wie=wie[0].upper() + wie[1:]
        )
        urgency = (
            self.rng.choice([c.Urgency.HIGH, c.Urgency.ACUTE])
            if category in (c.Category.THREAT, c.Category.VIOLENCE)
            else self.rng.choice([c.Urgency.LOW, c.Urgency.NORMAL])
        )
        return services.case_create(
            by=advisor,
            office_holder=holder,
            channel=self.rng.choice(c.Channel.values),
            category=category,
            occurred_on=timezone.localdate(reported)
            - timedelta(days=self.rng.randint(0, 10)),
            urgency=urgency,
            account=account,
            reported_at=reported,
        )

    def _note(self, case, by, reported, days, *, contact=False) -> None:
        text = self.rng.choice(NOTES).format(wie=ARTICLE[case.office_holder.office])
        services.note_add(
            case=case,
            by=by,
            text=text,
            kind=c.NoteKind.CONTACT if contact else c.NoteKind.NOTE,
            contact_mode=self.rng.choice(c.ContactMode.values) if contact else "",
            contact_at=self._at(reported, days) if contact else None,
        )

    def _consent(self, case, by, purpose, reported, days=1, kind=""):
        return services.consent_record(
            case=case,
            by=by,
            purpose=purpose,
            referral_kind=kind,
            given_by=case.office_holder.name,
            method=self.rng.choice(c.ConsentMethod.values),
            given_at=self._at(reported, days),
        )

    def _triaged(self, case, advisor, reported) -> None:
        services.case_assign(case=case, owner=advisor, by=advisor)
        self._note(case, advisor, reported, 0.5, contact=True)

    def _handed(self, case, advisor, reported, ambassador=None, outside=False):
        self._triaged(case, advisor, reported)
        consent = self._consent(case, advisor, c.ConsentPurpose.HANDOFF, reported)
        self._consent(case, advisor, c.ConsentPurpose.STATISTICS, reported)
        region_id = case.office_holder.gemeente.region_id
        ambassador = ambassador or self.ambassador_of[region_id]
        handoff = services.case_handoff(
            case=case, ambassador=ambassador, by=advisor, outside_region=outside
        )
        return handoff, consent

    def _accepted(self, case, advisor, reported, **kwargs):
        handoff, consent = self._handed(case, advisor, reported, **kwargs)
        ambassador = handoff.ambassador.user
        services.handoff_accept(handoff=handoff, by=ambassador)
        self._note(case, ambassador, reported, 3, contact=True)
        return ambassador, consent

    def _referred(self, case, ambassador, reported, kind, partner):
        self._consent(
            case, ambassador, c.ConsentPurpose.REFERRAL, reported, days=10, kind=kind
        )
        return services.referral_create(
            case=case, by=ambassador, kind=kind, partner=partner
        )

    # scenarios, in the order of SCENARIOS

    def _closed_by_advisor(self, case, advisor, reported):
        self._triaged(case, advisor, reported)
        services.case_close(
            case=case, by=advisor, outcome="Advies gegeven; geen vervolg nodig."
        )

    def _out_of_scope(self, case, advisor, reported):
        services.case_close(
            case=case,
            by=advisor,
            outcome="Buiten scope: onvrede over een partijstandpunt. Gewezen op de "
            "klachtenregeling van de partij.",
        )

    def _closed_by_ambassador(self, case, advisor, reported):
        ambassador = self._aftercare(case, advisor, reported)
        services.case_close(
            case=case, by=ambassador, outcome="Ondersteund; nazorg afgerond."
        )

    def _reopened(self, case, advisor, reported):
        self._closed_by_advisor(case, advisor, reported)
        services.case_reopen(
            case=case, by=advisor, reason="Nieuw incident met dezelfde afzender."
        )

    def _aftercare(self, case, advisor, reported):
        ambassador = self._accompaniment(case, advisor, reported)
        referral = case.referrals.get()
        services.referral_set_status(
            referral=referral, by=ambassador, status=c.ReferralStatus.DONE
        )
        services.case_set_phase(case=case, phase=c.Phase.AFTERCARE, by=ambassador)
        self._note(case, ambassador, reported, 40, contact=True)
        return ambassador

    def _accompaniment(self, case, advisor, reported):
        ambassador, _ = self._accepted(case, advisor, reported)
        kind, partner = self.rng.choice(
            [
                (c.ReferralKind.LEGAL, "Juridisch adviseur (demo)"),
                (c.ReferralKind.SECURITY, "Beveiligingsadviseur (demo)"),
                (c.ReferralKind.PROFESSIONAL_HELP, "Psycholoog (demo)"),
            ]
        )
        referral = self._referred(case, ambassador, reported, kind, partner)
        services.referral_set_status(
            referral=referral, by=ambassador, status=c.ReferralStatus.ACCEPTED
        )
        services.case_set_phase(case=case, phase=c.Phase.GUIDANCE, by=ambassador)
        services.case_set_phase(case=case, phase=c.Phase.ACCOMPANIMENT, by=ambassador)
        return ambassador

    def _guidance(self, case, advisor, reported):
        ambassador, _ = self._accepted(case, advisor, reported)
        services.case_set_phase(case=case, phase=c.Phase.GUIDANCE, by=ambassador)
        self._referred(
            case,
            ambassador,
            reported,
            c.ReferralKind.ASSOCIATION,
            "Vereniging, bureau (demo)",
        )

    def _listening(self, case, advisor, reported):
        self._accepted(case, advisor, reported)

    def _consent_revoked(self, case, advisor, reported):
        _, consent = self._accepted(case, advisor, reported)
        services.consent_revoke(
            consent=consent,
            by=advisor,
            reason="Betrokkene wil het voorlopig zelf afhandelen.",
        )

    def _withdrawn(self, case, advisor, reported):
        self._accepted(case, advisor, reported)
        services.handoff_withdraw(
            case=case, by=advisor, reason="Betrokkene vraagt om één vast aanspreekpunt."
        )

    def _outside_region(self, case, advisor, reported):
        # No ambassador in the office holder's region: the advisor explicitly hands
        # the case to an ambassador of another region.
        self._accepted(
            case, advisor, reported, ambassador=self.ambassadors[0], outside=True
        )

    def _declined(self, case, advisor, reported):
        handoff, _ = self._handed(case, advisor, reported)
        services.handoff_decline(
            handoff=handoff,
            by=handoff.ambassador.user,
            reason="Ik ken de betrokkene persoonlijk; liever een collega.",
        )

    def _offered(self, case, advisor, reported):
        self._handed(case, advisor, reported)

    def _no_ambassador(self, case, advisor, reported):
        self._triaged(case, advisor, reported)
        self._consent(case, advisor, c.ConsentPurpose.HANDOFF, reported)
        services.note_add(
            case=case,
            by=advisor,
            text="Geen ambassadeur in deze regio; de vertrouwenspersoon begeleidt "
            "zelf.",
        )

    def _triage(self, case, advisor, reported):
        self._triaged(case, advisor, reported)
        if self.rng.random() < 0.5:
            self._consent(case, advisor, c.ConsentPurpose.STATISTICS, reported)

    def _new(self, case, advisor, reported):
        """Recorded, not yet picked up."""


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


def seed_network(*, ambassadors: list[Ambassador], by: User) -> dict:
    """Fictional vacancies, applications (without CV files: nothing is written to
    the private storage by the demo), meetings with attendance, hours and one
    unavailable period. Each part is made only when it does not exist yet."""
    today = timezone.localdate()
    vacancies = []
    for code, title, days in VACANCIES:
        region = Region.objects.filter(gemeenten__code=code).first()
        vacancy, _ = Vacancy.objects.get_or_create(
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
        if Application.objects.filter(email=email).exists():
            continue
        application = Application.objects.create(
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
            Interview.objects.create(
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
        meeting, created = Meeting.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "held_on": held_on,
                "place": place,
                "dagdelen": dagdelen,
            },
        )
        if created:
            Invitation.objects.bulk_create(
                Invitation(
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
            TimeEntry.objects.create(
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
        "vacancies": Vacancy.objects.filter(
            title__in=[t for _c, t, _d in VACANCIES]
        ).count(),
        "applications": Application.objects.filter(
            email__in=[
                f"{f.lower()}.{s.lower()}@example.org" for f, s, *_ in APPLICANTS
            ]
        ).count(),
        "meetings": Meeting.objects.filter(title__in=[m[1] for m in MEETINGS]).count(),
    }
