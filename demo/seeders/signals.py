"""Fictional demo signals so the dashboard and a report show something on `make run`.

About 900 invented persons (a keyed pseudonym of an invented name; no name is stored)
with one to four signals each over the last thirteen quarters, all with consent for
statistics; signals derived from the demo cases that have a statistics consent; a
planned return day; two pieces of feedback (one approved); the first statistics
release. Idempotent: made once.
"""

import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from core.models import Organisation
from core.roles import organisation_id_of
from regions.models import Gemeente
from signals import constants as sc
from signals import releases, services
from signals.models import ProcessFeedback, ReturnDay, Signal

SEED = 3
PERSONS = 900
DEMO_RECORDER = "vp.jansen"
DEMO_AMBASSADOR = "amb.mulder"

# Weights make the figures look like a plausible (fictional) picture.
CATEGORY_WEIGHTS = [30, 25, 15, 5, 8, 4, 13]
CHANNEL_WEIGHTS = [40, 15, 15, 8, 7, 10, 5]
OFFICE_WEIGHTS = [60, 15, 8, 10, 3, 4]


@transaction.atomic
def seed_signals() -> str:
    recorder = User.objects.filter(username=DEMO_RECORDER).first()
    if recorder is None:
        return "Demo signals: skipped (no demo advisor)."
    if Signal.objects.filter(recorded_by=recorder).exists():
        return f"Demo signals: {Signal.objects.count()} signals (already there)."
    rng = random.Random(SEED)
    organisation_id = organisation_id_of(recorder)
    gemeenten = list(Gemeente.objects.order_by("code"))
    today = timezone.localdate()
    current = sc.quarter_of_date(today)
    signals = []
    for number in range(PERSONS):
        gemeente = rng.choice(gemeenten)
        key = services.person_key(f"Demo Persoon {number}", gemeente.code)
        office = rng.choices(sc.SignalOffice.values, OFFICE_WEIGHTS)[0]
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            signals.append(
                Signal(
                    person_key=key,
                    organisation_id=organisation_id,
                    category=rng.choices(sc.SignalCategory.values, CATEGORY_WEIGHTS)[0],
                    office=office,
                    province_id=gemeente.province_id,
                    region_id=gemeente.region_id,
                    quarter=current - rng.choice(range(13)),
                    channel=rng.choices(sc.SignalChannel.values, CHANNEL_WEIGHTS)[0],
                    perpetrator=rng.choice(sc.PerpetratorKind.values),
                    police=rng.choice(sc.PoliceReport.values),
                    impact=rng.choice(sc.ImpactLevel.values),
                    consent_given_on=today,
                    recorded_by=recorder,
                )
            )
    Signal.objects.bulk_create(signals)
    derived = 0
    for case in (
        Case.objects.visible_to(recorder)
        .filter(consents__purpose="statistiek", consents__revoked_at__isnull=True)
        .exclude(category="buiten-scope")
        .distinct()
    ):
        services.signal_from_case(
            by=recorder,
            case=case,
            channel=rng.choice(sc.SignalChannel.values),
            perpetrator=rng.choice(sc.PerpetratorKind.values),
            police=rng.choice(sc.PoliceReport.values),
            impact=rng.choice(sc.ImpactLevel.values),
        )
        derived += 1
    ReturnDay.objects.get_or_create(
        date=today + timezone.timedelta(days=10),
        defaults={"name": "Landelijke terugkomdag (demo)"},
    )
    ambassador = User.objects.filter(username=DEMO_AMBASSADOR).first()
    if ambassador is not None:
        approved = services.feedback_submit(
            by=ambassador,
            text="De overdracht door de vertrouwenspersoon was snel en duidelijk.",
        )
        services.feedback_review(feedback=approved, by=recorder, approve=True)
        services.feedback_submit(
            by=ambassador, text="Graag vaker intervisie met andere ambassadeurs."
        )
    # The first statistics release, so staff see figures at once (the beat job
    # compiles one after every quarter).
    release = releases.request_release(
        Organisation.objects.get(pk=organisation_id), sc.ReleaseReason.QUARTER
    )
    releases.compile_release(release.pk)
    return (
        f"Demo signals: {len(signals)} signals of {PERSONS} fictional persons, "
        f"{derived} from cases, {ProcessFeedback.objects.count()} feedback, "
        "statistics release 1."
    )
