"""Fixtures for issue 6 (24/7 line, expert network, police and damage, party VPs).

The shared users and cases come from tests/kb_fixtures.py; the party organisation, its
advisor and the network partners are made here."""

import pytest
from django.utils import timezone

from cases import constants as c
from cases.models import OfficeHolder, Partner
from cases.services.intake import case_create, hotline_call_create
from core.constants import OrganisationKind
from core.models import Organisation
from tests.kb_fixtures import *  # noqa: F403
from tests.kb_fixtures import Role, make_user


@pytest.fixture
def party(db):
    return Organisation.objects.create(
        name="Fictieve Partij", slug="fictieve-partij", kind=OrganisationKind.PARTY
    )


@pytest.fixture
def party_advisor(party):
    return make_user("vp.fictief", Role.ADVISOR, organisation=party)


@pytest.fixture
def party_holder(party, gemeente):
    return OfficeHolder.objects.create(
        organisation=party,
        name="Koos Partijlid",
        office=c.Office.COUNCILLOR,
        gemeente=gemeente,
    )


@pytest.fixture
def party_case(party_advisor, party_holder):
    return case_create(
        by=party_advisor,
        office_holder=party_holder,
        channel=c.Channel.PHONE,
        category=c.Category.OTHER,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.NORMAL,
        account="Kleinerende opmerkingen in de fractie. PARTIJ-GEHEIM-9",
        owner=party_advisor,
        scope=c.Scope.UNWANTED_BEHAVIOUR,
    )


def make_partner(organisation, kind=c.PartnerKind.SECURITY, regions=(), **extra):
    partner = Partner.objects.create(
        organisation=organisation,
        name=extra.pop("name", f"Fictieve partner {kind}"),
        kind=kind,
        **extra,
    )
    partner.regions.set(regions)
    return partner


@pytest.fixture
def security_partner(organisation, region):
    return make_partner(
        organisation,
        c.PartnerKind.SECURITY,
        [region],
        name="Beveiligingsbureau Noord (fictief)",
        expertise="Woningbeveiliging, camera's",
    )


@pytest.fixture
def night_case(advisor, gemeente):
    """A night call with immediate danger, saved by the advisor on duty."""
    return hotline_call_create(
        by=advisor,
        name="Nachtelijk Raadslid",
        office=c.Office.ALDERMAN,
        gemeente=gemeente,
        immediate_danger=True,
        account="Er staat iemand voor de deur te schreeuwen. NACHT-GEHEIM-5",
        immediate_needs="Advies over veiligheid vannacht",
    )
