"""The demo cases and what they lean on: office holders, the expert network's
partners, the association's 40 scenario cases, a party case and two calls to the 24/7
line.

Cases are made only through ``cases.services``, so their status history, per-object
grants and audit trail are what real use leaves. Idempotent: partners and office
holders are found by fixed keys and made once; each group of cases (the
association's, the party's, the 24/7 line's) is made only if none of its demo office
holders has a case yet.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from cases import constants as c
from cases.models import Case, OfficeHolder, Partner
from cases.services.advisor import advisor_action_record
from cases.services.case import case_assign, case_set_phase
from cases.services.consent import consent_record
from cases.services.handoff import case_handoff, handoff_accept
from cases.services.intake import (
    case_complete_intake,
    case_create,
    hotline_call_create,
    office_holder_create,
)
from cases.services.notes import note_add
from cases.services.police import damage_add, police_report_save
from cases.services.referrals import (
    referral_create,
    referral_set_outcome,
    referral_set_status,
)
from core.models import Organisation
from demo.seeders.case_scenarios import seed_scenario_cases
from network.models import Ambassador
from regions.models import Gemeente, Region

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
# What the party's advisor did: kind, description, both parties agree.
PARTY_ADVISOR_ACTIONS = [
    (
        c.AdvisorActionKind.INFORMAL_SOLUTION,
        "Gesprek tussen beide partijgenoten georganiseerd; beiden stemden in. "
        "Afspraken gemaakt over de omgang in de fractie.",
        True,
    ),
    (
        c.AdvisorActionKind.COMPLAINTS_PROCEDURE,
        "De klachtenregeling van de partij toegelicht, voor als het gesprek niet "
        "helpt.",
        False,
    ),
]
# Calls to the 24/7 line: one acted on (referral, police melding, damage, aftercare),
# one still flagged at the top of the queue with its intake to complete.
HOTLINE_OFFICE_HOLDERS = [
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

# The gemeenten this seeder needs from the reference data.
GEMEENTE_CODES = {code for *_, code in OFFICE_HOLDERS} | {PARTY_OFFICE_HOLDER[2]}
GEMEENTE_CODES |= {code for *_, code in HOTLINE_OFFICE_HOLDERS}
GEMEENTE_CODES |= {code for _, _, codes, *_ in PARTNERS for code in codes}


def seed_partners(association: Organisation) -> list[Partner]:
    """The association's fictional network partners, one of each kind or more."""
    return [_partner(association, *row) for row in PARTNERS]


def seed_cases(
    *,
    advisors: list[User],
    party_advisor: User,
    ambassadors: list[Ambassador],
    partners: list[Partner],
    rng: random.Random,
) -> dict:
    """The demo office holders and their cases (see the module docstring); returns
    counts of the demo office holders and of their cases, by status."""
    holders = [_office_holder(advisors[0], *row) for row in OFFICE_HOLDERS]
    party_holder = _office_holder(party_advisor, *PARTY_OFFICE_HOLDER)
    hotline_holders = [
        _office_holder(advisors[1], *row) for row in HOTLINE_OFFICE_HOLDERS
    ]

    if not Case.objects.filter(office_holder__in=holders).exists():
        seed_scenario_cases(advisors, ambassadors, holders, rng)
    if not Case.objects.filter(office_holder=party_holder).exists():
        _party_case(party_advisor, party_holder)
    if not Case.objects.filter(office_holder__in=hotline_holders).exists():
        _hotline_calls(advisors[1], hotline_holders, ambassadors, partners)

    all_holders = [*holders, party_holder, *hotline_holders]
    cases = Case.objects.filter(office_holder__in=all_holders)
    return {
        "office holders": len(all_holders),
        "cases": cases.count(),
        "cases by status": {
            status.value: cases.filter(status=status).count() for status in c.Status
        },
    }


def _office_holder(by: User, name: str, office: str, code: str) -> OfficeHolder:
    existing = OfficeHolder.objects.filter(
        organisation_id=by.membership.organisation_id, name=name, gemeente__code=code
    ).first()
    if existing is not None:
        return existing
    return office_holder_create(
        by=by,
        name=name,
        office=office,
        gemeente=Gemeente.objects.get(code=code),
        email=f"{name.lower().replace(' ', '.')}@example.org",
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


def _party_case(advisor: User, holder: OfficeHolder) -> None:
    reported = timezone.now() - timedelta(days=9, hours=3)
    case = case_create(
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
    case_assign(case=case, owner=advisor, by=advisor)
    note_add(
        case=case,
        by=advisor,
        text="Besproken: een gesprek tussen beide partijen, als beiden dat willen.",
    )
    for kind, description, both_parties_agree in PARTY_ADVISOR_ACTIONS:
        advisor_action_record(
            case=case,
            by=advisor,
            kind=kind,
            description=description,
            both_parties_agree=both_parties_agree,
        )


def _hotline_call(
    advisor: User, holder: OfficeHolder, *, account: str, needs: str, ago: timedelta
) -> Case:
    """A call to the 24/7 line in immediate danger, taken ``ago``, through the same
    service as the 24/7 line's form."""
    case = hotline_call_create(
        by=advisor,
        name=holder.name,
        office=holder.office,
        gemeente=holder.gemeente,
        immediate_danger=True,
        account=account,
        immediate_needs=needs,
    )
    Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - ago)
    return case


def _hotline_calls(advisor: User, holders, ambassadors, partners) -> None:
    """Two calls to the 24/7 line: one acted on and with the ambassador for
    aftercare, one still flagged at the top of the queue."""
    acted_holder, flagged_holder = holders
    case = _hotline_call(
        advisor,
        acted_holder,
        account="Na een besluit over een azc staat een groep mensen 's avonds voor "
        "het huis van de wethouder te schreeuwen.",
        needs="Advies over de veiligheid van het gezin vannacht.",
        ago=timedelta(days=12, hours=2),
    )
    case_complete_intake(
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
        consent_record(
            case=case,
            by=advisor,
            purpose=purpose,
            referral_kind=kind,
            given_by=acted_holder.name,
            method=c.ConsentMethod.VERBAL,
            given_at=given_at,
        )
    security = next(p for p in partners if p.kind == c.PartnerKind.SECURITY)
    referral = referral_create(
        case=case,
        by=advisor,
        network_partner=security,
        details="Veiligheidsscan van de woning, zo snel mogelijk.",
    )
    police_report_save(
        case=case,
        by=advisor,
        advice=c.PoliceAdvice.MELDING,
        action=c.PoliceAction.MELDING_MADE,
        reported_on=timezone.localdate() - timedelta(days=11),
        police_reference="DEMO-2026-0042",
        notes="Geen strafbaar feit volgens de politie; wel geregistreerd.",
    )
    damage_add(
        case=case,
        by=advisor,
        kind=c.DamageKind.PROPERTY,
        description="Bloembakken vernield.",
        amount=Decimal("180.00"),
    )
    region_id = acted_holder.gemeente.region_id
    ambassador = next(a for a in ambassadors if a.regions.filter(pk=region_id).exists())
    handoff = case_handoff(case=case, ambassador=ambassador, by=advisor)
    handoff_accept(handoff=handoff, by=ambassador.user)
    for status in (c.ReferralStatus.ACCEPTED, c.ReferralStatus.DONE):
        referral_set_status(referral=referral, by=ambassador.user, status=status)
    referral_set_outcome(
        referral=referral,
        by=ambassador.user,
        outcome="Camera en extra verlichting geplaatst; het gezin voelt zich veiliger.",
    )
    case_set_phase(case=case, phase=c.Phase.AFTERCARE, by=ambassador.user)

    _hotline_call(
        advisor,
        flagged_holder,
        account="Dreigende berichten met een foto van de voordeur; vannacht gestuurd.",
        needs="Weten of de politie vannacht langs kan komen.",
        ago=timedelta(hours=2),
    )
