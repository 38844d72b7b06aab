"""The fictional demo data set: idempotent, every role, every state, made through the
services, and nothing visible to anyone who should not see it."""

import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from ambassadors.models import (
    Application,
    Interview,
    Invitation,
    Meeting,
    TimeEntry,
    Vacancy,
)
from cases.constants import ACTIVE_HANDOFF_STATUSES, Status
from cases.models import (
    AdvisorAction,
    Case,
    CaseHistory,
    Consent,
    Damage,
    Handoff,
    Note,
    OfficeHolder,
    Partner,
    PoliceReport,
    Referral,
)
from core.constants import AuditAction, Role
from core.models import AuditEvent, Membership, Organisation
from demo.seed import demo_logins, seed_demo
from demo.seeders.accounts import PARTY_SLUG, PASSWORD
from network.models import Ambassador, Unavailability
from outreach.models import GemeenteCampaign, ProvinceCampaign
from regions.models import Region
from regions.services import load_reference_data

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "vp.jansen": Role.ADVISOR,
    "vp.bakker": Role.ADVISOR,
    "amb.devries": Role.AMBASSADOR,
    "amb.mulder": Role.AMBASSADOR,
    "amb.bos": Role.AMBASSADOR,
    "amb.vandijk": Role.AMBASSADOR,
    "amb.smits": Role.AMBASSADOR,
    "amb.kok": Role.AMBASSADOR,
    "staf.visser": Role.STAFF,
    "selectie.dekker": Role.SELECTION,
    "beheer.smit": Role.ADMIN,
    "vp.partij": Role.ADVISOR,
}
# The real people named in the source documents; never demo data.
REAL_NAMES = ["Brunsveld", "Bouwmans", "Haveman", "Koetsenruijter"]
DEMO_MODELS = [
    User,
    Partner,
    PoliceReport,
    Damage,
    AdvisorAction,
    Membership,
    Ambassador,
    OfficeHolder,
    Case,
    CaseHistory,
    Consent,
    Handoff,
    Note,
    Referral,
    AuditEvent,
    Vacancy,
    Application,
    Interview,
    Meeting,
    Invitation,
    TimeEntry,
    Unavailability,
    GemeenteCampaign,
    ProvinceCampaign,
]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction that is rolled back at its end.

    Seeding takes seconds; every test here only reads (or re-seeds, which writes
    nothing). Each test still runs in its own savepoint inside this transaction, so a
    test that did write would not leak into the next. Every test in this module uses
    ``seeded``; tests that need an empty database live in test_seed_demo_command.py.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_reference_data()
            summary = seed_demo()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield summary
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def seeded(demo_data, db):
    return demo_data


def _counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def test_seeding_twice_yields_the_same_counts(seeded):
    before = _counts()
    again = seed_demo()
    assert again == seeded
    assert _counts() == before


def test_the_summary_counts_the_demo_data(seeded):
    assert seeded["users"] == 12
    assert seeded["ambassadors"] == 6
    assert seeded["office holders"] == 18
    assert seeded["partners"] == 8
    # 40 for the association, 1 for the party, 2 calls to the 24/7 line
    assert seeded["cases"] == 43


def test_demo_users_have_exactly_their_role(seeded):
    roles = {
        user.username: set(user.groups.values_list("name", flat=True))
        for user in User.objects.filter(username__in=EXPECTED_ROLES)
    }
    assert roles == {username: {role} for username, role in EXPECTED_ROLES.items()}


def test_demo_users_log_in_with_the_demo_password(seeded):
    users = User.objects.filter(username__in=EXPECTED_ROLES)
    # Check each distinct stored hash once: a password check takes half a second.
    hashes = {user.password: user for user in users}
    assert len(users) == len(EXPECTED_ROLES)
    assert all(user.check_password(PASSWORD) for user in hashes.values())


def test_the_functional_admin_is_staff_but_not_superuser(seeded):
    admin_user = User.objects.get(username="beheer.smit")
    assert admin_user.is_staff
    assert not admin_user.is_superuser
    assert not User.objects.filter(username__in=EXPECTED_ROLES, is_superuser=True)


def test_every_demo_user_belongs_to_an_organisation(seeded):
    party = Organisation.objects.get(slug=PARTY_SLUG)
    memberships = dict(
        Membership.objects.filter(user__username__in=EXPECTED_ROLES).values_list(
            "user__username", "organisation_id"
        )
    )
    default = Organisation.objects.get(is_default=True).pk
    assert memberships == {
        username: party.pk if username == "vp.partij" else default
        for username in EXPECTED_ROLES
    }


def test_demo_logins_name_every_demo_account(seeded):
    usernames = [username for _role, username in demo_logins()]
    assert sorted(usernames) == sorted(EXPECTED_ROLES)


def test_each_ambassador_covers_one_or_two_regions(seeded):
    counts = Ambassador.objects.annotate(n=Count("regions")).values_list("n", flat=True)
    assert set(counts) <= {1, 2}
    assert len(counts) == 6


def test_some_region_with_demo_cases_has_no_ambassador(seeded):
    uncovered = Region.objects.filter(ambassadors__isnull=True)
    assert Case.objects.filter(office_holder__gemeente__region__in=uncovered).exists()


def test_demo_has_cases_in_every_state(seeded):
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)


def test_demo_ambassador_cases_are_in_several_phases(seeded):
    phases = set(
        Case.objects.filter(status=Status.WITH_AMBASSADOR).values_list(
            "phase", flat=True
        )
    )
    assert len(phases) >= 3


def test_reports_are_spread_over_the_last_months(seeded):
    now = timezone.now()
    reported = list(Case.objects.values_list("reported_at", flat=True))
    assert max(reported) <= now
    assert min(reported) < now - timedelta(days=60)
    assert max(reported) > now - timedelta(days=7)


def test_every_demo_case_has_history_and_an_audit_trail(seeded):
    cases = Case.objects.all()
    with_history = cases.filter(history__isnull=False).distinct().count()
    audited = (
        AuditEvent.objects.filter(object_type="case", action=AuditAction.CREATE)
        .values("case_id")
        .distinct()
        .count()
    )
    assert with_history == audited == cases.count()


def test_access_grants_match_the_active_handoffs(seeded):
    for ambassador in Ambassador.objects.select_related("user"):
        handed = Case.objects.filter(
            handoffs__ambassador=ambassador,
            handoffs__status__in=ACTIVE_HANDOFF_STATUSES,
        )
        visible = Case.objects.visible_to(ambassador.user)
        assert set(visible) == set(handed), ambassador


def test_staff_sees_no_demo_case(seeded):
    staff = User.objects.get(username="staf.visser")
    assert not Case.objects.visible_to(staff).exists()


def test_functional_admin_sees_no_demo_case(seeded):
    admin_user = User.objects.get(username="beheer.smit")
    assert not Case.objects.visible_to(admin_user).exists()


def test_party_advisor_sees_only_the_party_case(seeded):
    party_advisor = User.objects.get(username="vp.partij")
    visible = Case.objects.visible_to(party_advisor)
    assert visible.count() == 1
    assert visible.get().organisation.slug == PARTY_SLUG
    assert visible.get().organisation.is_party


def test_association_advisor_does_not_see_the_party_case(seeded):
    advisor = User.objects.get(username="vp.jansen")
    assert Case.objects.visible_to(advisor).count() == 42


def test_demo_people_are_fictional(seeded):
    names = [user.get_full_name() for user in User.objects.all()]
    names += list(OfficeHolder.objects.values_list("name", flat=True))
    assert not [name for name in names for real in REAL_NAMES if real in name]
    emails = list(User.objects.values_list("email", flat=True))
    emails += list(
        OfficeHolder.objects.exclude(email="").values_list("email", flat=True)
    )
    assert all(email.endswith("@example.org") for email in emails)


def test_demo_has_a_flagged_hotline_call_and_one_acted_on(seeded):
    hotline_calls = Case.objects.filter(channel="24-7-lijn", immediate_danger=True)
    flagged = hotline_calls.filter(danger_acted_at__isnull=True)
    assert flagged.count() == 1
    assert not flagged.get().intake_complete
    acted = hotline_calls.filter(danger_acted_at__isnull=False, intake_complete=True)
    assert acted.filter(
        referrals__network_partner__kind="beveiliging",
        police_report__advice="politiemelding",
        damages__isnull=False,
        phase="nazorg",
    ).exists()


def test_demo_party_has_a_scope_and_recorded_advisor_actions(seeded):
    party_case = Case.objects.get(organisation__slug=PARTY_SLUG)
    assert party_case.scope == "ongewenst-gedrag"
    assert party_case.advisor_actions.filter(both_parties_agree=True).exists()


def test_demo_partners_cover_every_kind(seeded):
    kinds = set(Partner.objects.values_list("kind", flat=True))
    assert kinds == {
        "vakgenoot",
        "ervaringsdeskundige",
        "beveiliging",
        "juridisch",
        "nazorg",
    }
