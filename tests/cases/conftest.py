"""Fixtures of the cases suite (the common ones are in tests/conftest.py): a party
organisation with its own advisor and case, a partner of the expert network, and a
melding taken on the 24/7 line."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from cases import constants as c
from cases.models import CaseFile
from cases.services.intake import case_create, hotline_call_create
from tests.factories import (
    OfficeHolderFactory,
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
    fresh,
)


@pytest.fixture
def party(db):
    return OrganisationFactory(
        name="Fictieve Partij", slug="fictieve-partij", party=True
    )


@pytest.fixture
def party_advisor(party):
    return fresh(UserFactory(username="vp.fictief", advisor=True, organisation=party))


@pytest.fixture
def party_holder(party, gemeente):
    return OfficeHolderFactory(
        organisation=party, gemeente=gemeente, name="Koos Partijlid"
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


@pytest.fixture
def security_partner(organisation, region):
    return PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.SECURITY,
        regions=[region],
        name="Beveiligingsbureau Noord (fictief)",
        expertise="Woningbeveiliging, camera's",
    )


@pytest.fixture
def hotline_case(advisor, gemeente):
    """A melding via the 24/7 line with immediate danger, saved by the advisor on
    duty (flagged: no action recorded yet)."""
    return hotline_call_create(
        by=advisor,
        name="Nachtelijk Raadslid",
        office=c.Office.ALDERMAN,
        gemeente=gemeente,
        immediate_danger=True,
        account="Er staat iemand voor de deur te schreeuwen. NACHT-GEHEIM-5",
        immediate_needs="Advies over veiligheid vannacht",
    )


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    """The private storage of case files, in a directory of this test."""
    location = tmp_path / "private"
    storage = FileSystemStorage(location=location)
    for name in ("content", "thumbnail"):
        monkeypatch.setattr(CaseFile._meta.get_field(name), "storage", storage)
    return location
