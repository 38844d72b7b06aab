"""Fictional OT on Tour campaign status for the demo: letters, phone rounds, talks,
sessions and outcomes spread over six provinces, with invented figures. No contact
names of real people: contacts are left to configuration.

Idempotent: only gemeenten without a campaign row get one, and provinces without a
province row; a second run changes nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from outreach.constants import Outcome, TalkStatus, YesNoUnknown
from outreach.models import GemeenteCampaign, ProvinceCampaign
from regions.models import Gemeente, Province

SEED = 2024
START = date(2026, 1, 12)
# Provinces the demo tour has reached (CBS code: share of gemeenten approached).
REACHED = {
    "PV30": 1.0,  # Noord-Brabant
    "PV28": 1.0,  # Zuid-Holland
    "PV31": 1.0,  # Limburg (phone round still going)
    "PV22": 1.0,  # Drenthe
    "PV26": 1.0,  # Utrecht
    "PV23": 0.6,  # Overijssel
}
PROVINCE_TALKS = {
    "PV30": (TalkStatus.HELD, 30),
    "PV28": (TalkStatus.HELD, 44),
    "PV31": (TalkStatus.HELD, 61),
    "PV22": (TalkStatus.HELD, 75),
    "PV26": (TalkStatus.HELD, 90),
    "PV23": (TalkStatus.HELD, 120),
    "PV29": (TalkStatus.HELD, 140),
    "PV25": (TalkStatus.PLANNED, 320),
    "PV27": (TalkStatus.PLANNED, 330),
}


def _campaign(gemeente, rng: random.Random) -> GemeenteCampaign | None:
    share = REACHED.get(gemeente.province.code)
    if share is None or rng.random() > share:
        return None
    day = START + timedelta(days=rng.randint(0, 120))
    campaign = GemeenteCampaign(gemeente=gemeente, letter_sent_on=day)
    campaign.phone_round_on = day + timedelta(days=rng.randint(14, 35))
    roll = rng.random()
    if roll < 0.33:
        campaign.outcome = Outcome.WAITING
    elif roll < 0.50:
        campaign.outcome = Outcome.NOT_INTERESTED
    elif roll < 0.90:
        talk = campaign.phone_round_on + timedelta(days=rng.randint(10, 60))
        if rng.random() < 0.7:
            campaign.talk_held_on = talk
            campaign.aggression_protocol = rng.choice(YesNoUnknown.values)
            campaign.code_of_conduct = rng.choice(
                [YesNoUnknown.YES, YesNoUnknown.YES, YesNoUnknown.NO]
            )
            if rng.random() < 0.35:
                session = talk + timedelta(days=rng.randint(30, 90))
                campaign.session_planned_on = session
                if rng.random() < 0.6:
                    campaign.session_held_on = session
                    campaign.trainings = rng.choice([0, 0, 1, 2])
        else:
            campaign.talk_planned_on = talk
    return campaign


@transaction.atomic
def seed_outreach(*, seed: int = SEED) -> dict:
    rng = random.Random(seed)
    existing = set(GemeenteCampaign.objects.values_list("gemeente_id", flat=True))
    new = []
    for gemeente in Gemeente.objects.select_related("province").order_by("code"):
        campaign = _campaign(gemeente, rng)  # always draw: same data on every run
        if campaign is not None and gemeente.pk not in existing:
            new.append(campaign)
    GemeenteCampaign.objects.bulk_create(new)
    have = set(ProvinceCampaign.objects.values_list("province__code", flat=True))
    for province in Province.objects.all():
        if province.code in have:
            continue
        status, days = PROVINCE_TALKS.get(province.code, (TalkStatus.TO_SCHEDULE, 0))
        ProvinceCampaign.objects.create(
            province=province,
            talk_status=status,
            talk_on=START + timedelta(days=days) if days else None,
            staten_sessions_held=1 if province.code == "PV29" else 0,
        )
    return {"campaigns": GemeenteCampaign.objects.count()}
