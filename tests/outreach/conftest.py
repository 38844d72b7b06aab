"""Fixtures for the OT on Tour tests: a known little country of two provinces."""

from datetime import date

import pytest

from core.constants import Role
from outreach.constants import Outcome, TalkStatus
from outreach.models import GemeenteCampaign, ProvinceCampaign
from tests.factories import (
    GemeenteFactory,
    ProvinceFactory,
    RegionFactory,
    UserFactory,
    fresh,
)


@pytest.fixture
def coordinator(organisation):
    return fresh(UserFactory(staff=True, organisation=organisation))


@pytest.fixture
def selection_member(organisation):
    return fresh(UserFactory(roles=[Role.SELECTION], organisation=organisation))


@pytest.fixture
def country(db):
    """Province A (8 gemeenten): 6 approached, 3 with a first talk (2 held, 1
    planned) = 37,5 %, 2 waiting, 1 not interested, 1 session held with 2 trainings.
    Province B (12 gemeenten): 12 approached, 10 with a first talk = 83,3 %, 1 waiting,
    1 not interested. Nationally: 20 gemeenten, 18 approached, 13 first talks = 65 %."""
    region = RegionFactory()
    a = ProvinceFactory(code="PV91", name="Provincie A")
    b = ProvinceFactory(code="PV92", name="Provincie B")
    ga = [
        GemeenteFactory(
            province=a, region=region, code=f"GM91{i:02d}", name=f"A{i:02d}"
        )
        for i in range(8)
    ]
    gb = [
        GemeenteFactory(
            province=b, region=region, code=f"GM92{i:02d}", name=f"B{i:02d}"
        )
        for i in range(12)
    ]
    day = date(2026, 3, 2)
    rows = [
        GemeenteCampaign(
            gemeente=ga[0],
            letter_sent_on=day,
            talk_held_on=day,
            session_held_on=day,
            trainings=2,
        ),
        GemeenteCampaign(gemeente=ga[1], letter_sent_on=day, talk_held_on=day),
        GemeenteCampaign(gemeente=ga[2], letter_sent_on=day, talk_planned_on=day),
        GemeenteCampaign(gemeente=ga[3], letter_sent_on=day, outcome=Outcome.WAITING),
        GemeenteCampaign(gemeente=ga[4], phone_round_on=day, outcome=Outcome.WAITING),
        GemeenteCampaign(
            gemeente=ga[5], letter_sent_on=day, outcome=Outcome.NOT_INTERESTED
        ),
    ]
    for i in range(10):
        rows.append(
            GemeenteCampaign(gemeente=gb[i], letter_sent_on=day, talk_planned_on=day)
        )
    rows.append(
        GemeenteCampaign(gemeente=gb[10], letter_sent_on=day, outcome=Outcome.WAITING)
    )
    rows.append(
        GemeenteCampaign(
            gemeente=gb[11], letter_sent_on=day, outcome=Outcome.NOT_INTERESTED
        )
    )
    GemeenteCampaign.objects.bulk_create(rows)
    ProvinceCampaign.objects.create(
        province=a, talk_status=TalkStatus.HELD, talk_on=day, staten_sessions_held=1
    )
    ProvinceCampaign.objects.create(
        province=b, talk_status=TalkStatus.PLANNED, talk_on=day
    )
    return {"a": a, "b": b, "ga": ga, "gb": gb}
