"""The association's 40 demo cases, one scenario each: every status, phase and
handoff state, spread over the last four months.

Each case is brought into its scenario's state through ``cases.services``, as a user
would: triage, consent, handoff, acceptance, referrals, phases, closing. The texts are
short, fictional and non-graphic. The same seed gives the same cases.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from cases import constants as c
from cases.models import Case
from cases.services.case import case_assign, case_close, case_reopen, case_set_phase
from cases.services.consent import consent_record, consent_revoke
from cases.services.handoff import (
    case_handoff,
    handoff_accept,
    handoff_decline,
    handoff_withdraw,
)
from cases.services.intake import case_create
from cases.services.notes import note_add
from cases.services.referrals import referral_create, referral_set_status

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


def seed_scenario_cases(advisors, ambassadors, holders, rng: random.Random) -> int:
    """Make the cases of ``SCENARIOS`` for ``holders`` (each case's office holder is
    drawn from them) and return how many were made."""
    return _ScenarioBuilder(advisors, ambassadors, holders, rng).build_all()


class _ScenarioBuilder:
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
        return case_create(
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
        note_add(
            case=case,
            by=by,
            text=text,
            kind=c.NoteKind.CONTACT if contact else c.NoteKind.NOTE,
            contact_mode=self.rng.choice(c.ContactMode.values) if contact else "",
            contact_at=self._at(reported, days) if contact else None,
        )

    def _consent(self, case, by, purpose, reported, days=1, kind=""):
        return consent_record(
            case=case,
            by=by,
            purpose=purpose,
            referral_kind=kind,
            given_by=case.office_holder.name,
            method=self.rng.choice(c.ConsentMethod.values),
            given_at=self._at(reported, days),
        )

    def _triaged(self, case, advisor, reported) -> None:
        case_assign(case=case, owner=advisor, by=advisor)
        self._note(case, advisor, reported, 0.5, contact=True)

    def _handed(self, case, advisor, reported, ambassador=None, outside=False):
        self._triaged(case, advisor, reported)
        consent = self._consent(case, advisor, c.ConsentPurpose.HANDOFF, reported)
        self._consent(case, advisor, c.ConsentPurpose.STATISTICS, reported)
        region_id = case.office_holder.gemeente.region_id
        ambassador = ambassador or self.ambassador_of[region_id]
        handoff = case_handoff(
            case=case, ambassador=ambassador, by=advisor, outside_region=outside
        )
        return handoff, consent

    def _accepted(self, case, advisor, reported, **kwargs):
        handoff, consent = self._handed(case, advisor, reported, **kwargs)
        ambassador = handoff.ambassador.user
        handoff_accept(handoff=handoff, by=ambassador)
        self._note(case, ambassador, reported, 3, contact=True)
        return ambassador, consent

    def _referred(self, case, ambassador, reported, kind, partner):
        self._consent(
            case, ambassador, c.ConsentPurpose.REFERRAL, reported, days=10, kind=kind
        )
        return referral_create(case=case, by=ambassador, kind=kind, partner=partner)

    # scenarios, in the order of SCENARIOS

    def _closed_by_advisor(self, case, advisor, reported):
        self._triaged(case, advisor, reported)
        case_close(case=case, by=advisor, outcome="Advies gegeven; geen vervolg nodig.")

    def _out_of_scope(self, case, advisor, reported):
        case_close(
            case=case,
            by=advisor,
            outcome="Buiten scope: onvrede over een partijstandpunt. Gewezen op de "
            "klachtenregeling van de partij.",
        )

    def _closed_by_ambassador(self, case, advisor, reported):
        ambassador = self._aftercare(case, advisor, reported)
        case_close(case=case, by=ambassador, outcome="Ondersteund; nazorg afgerond.")

    def _reopened(self, case, advisor, reported):
        self._closed_by_advisor(case, advisor, reported)
        case_reopen(
            case=case, by=advisor, reason="Nieuw incident met dezelfde afzender."
        )

    def _aftercare(self, case, advisor, reported):
        ambassador = self._accompaniment(case, advisor, reported)
        referral = case.referrals.get()
        referral_set_status(
            referral=referral, by=ambassador, status=c.ReferralStatus.DONE
        )
        case_set_phase(case=case, phase=c.Phase.AFTERCARE, by=ambassador)
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
        referral_set_status(
            referral=referral, by=ambassador, status=c.ReferralStatus.ACCEPTED
        )
        case_set_phase(case=case, phase=c.Phase.GUIDANCE, by=ambassador)
        case_set_phase(case=case, phase=c.Phase.ACCOMPANIMENT, by=ambassador)
        return ambassador

    def _guidance(self, case, advisor, reported):
        ambassador, _ = self._accepted(case, advisor, reported)
        case_set_phase(case=case, phase=c.Phase.GUIDANCE, by=ambassador)
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
        consent_revoke(
            consent=consent,
            by=advisor,
            reason="Betrokkene wil het voorlopig zelf afhandelen.",
        )

    def _withdrawn(self, case, advisor, reported):
        self._accepted(case, advisor, reported)
        handoff_withdraw(
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
        handoff_decline(
            handoff=handoff,
            by=handoff.ambassador.user,
            reason="Ik ken de betrokkene persoonlijk; liever een collega.",
        )

    def _offered(self, case, advisor, reported):
        self._handed(case, advisor, reported)

    def _no_ambassador(self, case, advisor, reported):
        self._triaged(case, advisor, reported)
        self._consent(case, advisor, c.ConsentPurpose.HANDOFF, reported)
        note_add(
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


def long_record(case, advisor, *, rows: int = 16, files: int = 10) -> None:
    """Give ``case`` a long record through the services, as an advisor would: a
    consent, ``rows`` notes, damages and advisor actions each, and ``files`` images
    (each with a thumbnail): with the defaults, 60 timeline entries. The benchmark's
    large case page (bench/run.py) and its query-count test are this case."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from cases.services.advisor import advisor_action_record
    from cases.services.files import file_add
    from cases.services.police import damage_add

    consent_record(
        case=case,
        by=advisor,
        purpose=c.ConsentPurpose.STATISTICS,
        given_by="Bench Persoon",
        method=c.ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )
    for i in range(rows):
        note_add(case=case, by=advisor, text=f"Notitie {i}.")
        damage_add(case=case, by=advisor, kind=c.DamageKind.OTHER, description="x")
        advisor_action_record(
            case=case,
            by=advisor,
            kind=c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
            description=f"Actie {i}.",
        )
    for i in range(files):
        image = io.BytesIO()
        Image.new("RGB", (640, 480), (20 * i, 80, 160)).save(image, format="PNG")
        file_add(
            case=case,
            by=advisor,
            upload=SimpleUploadedFile(f"bewijs-{i}.png", image.getvalue()),
            description=f"Schermafbeelding {i}.",
        )
