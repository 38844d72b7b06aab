"""Shared fixtures: one user per role, and cases in each state of the flow.

Cases are brought into their state through ``cases.services`` so grants, history and
audit rows are what a real user would leave behind.
"""

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from cases.constants import Category, Channel, ConsentMethod, ConsentPurpose, Office
from cases.models import OfficeHolder
from cases.services.consent import consent_record
from cases.services.handoff import case_handoff, handoff_accept
from cases.services.intake import case_create
from core.constants import Role
from core.models import Membership, Organisation
from network.models import Ambassador
from regions.models import Gemeente, Province, Region

PASSWORD = "een-lang-test-wachtwoord"
_codes = itertools.count(9000)


def make_user(username, *roles, organisation=None, **extra):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name=username.split(".")[-1].title(),
        **extra,
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation)
    return User.objects.get(pk=user.pk)


def make_gemeente(region, name="Teststad"):
    province, _ = Province.objects.get_or_create(
        code="PV99", defaults={"name": "Testland"}
    )
    return Gemeente.objects.create(
        code=f"GM{next(_codes)}", name=name, province=province, region=region
    )


@pytest.fixture
def organisation(db):
    return Organisation.objects.get(is_default=True)


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Partij X", slug="partij-x")


@pytest.fixture
def region(db):
    return Region.objects.create(code="R-NOORD", name="Noord")


@pytest.fixture
def other_region(db):
    return Region.objects.create(code="R-ZUID", name="Zuid")


@pytest.fixture
def gemeente(region):
    return make_gemeente(region)


@pytest.fixture
def advisor(organisation):
    return make_user("vp.anna", Role.ADVISOR, organisation=organisation)


@pytest.fixture
def colleague(organisation):
    return make_user("vp.bert", Role.ADVISOR, organisation=organisation)


@pytest.fixture
def other_org_advisor(other_organisation):
    return make_user("vp.partij", Role.ADVISOR, organisation=other_organisation)


@pytest.fixture
def ambassador(organisation, region):
    user = make_user("amb.carla", Role.AMBASSADOR, organisation=organisation)
    amb = Ambassador.objects.create(user=user, organisation=organisation)
    amb.regions.add(region)
    return amb


@pytest.fixture
def other_ambassador(organisation, region):
    user = make_user("amb.daan", Role.AMBASSADOR, organisation=organisation)
    amb = Ambassador.objects.create(user=user, organisation=organisation)
    amb.regions.add(region)
    return amb


@pytest.fixture
def staff_user(organisation):
    return make_user("staf.eva", Role.STAFF, organisation=organisation)


@pytest.fixture
def functional_admin(organisation):
    return make_user(
        "beheer.fons", Role.ADMIN, organisation=organisation, is_staff=True
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def no_role_user(db):
    return make_user("zonder.rol")


@pytest.fixture
def office_holder(organisation, gemeente):
    return OfficeHolder.objects.create(
        organisation=organisation,
        name="Gerda Raadslid",
        office=Office.COUNCILLOR,
        gemeente=gemeente,
    )


def make_case(advisor, office_holder, **overrides):
    data = {
        "channel": Channel.PHONE,
        "category": Category.THREAT,
        "occurred_on": timezone.localdate(),
        "urgency": 2,
        "account": "Dreigende berichten na de raadsvergadering. GEHEIM-ZIN-42",
        "owner": advisor,
    }
    data.update(overrides)
    return case_create(by=advisor, office_holder=office_holder, **data)


@pytest.fixture
def case(advisor, office_holder):
    return make_case(advisor, office_holder)


def give_consent(case, advisor, purpose=ConsentPurpose.HANDOFF, referral_kind=""):
    return consent_record(
        case=case,
        by=advisor,
        purpose=purpose,
        referral_kind=referral_kind,
        given_by="Gerda Raadslid",
        method=ConsentMethod.VERBAL,
        given_at=timezone.now(),
    )


@pytest.fixture
def handed_case(case, advisor, ambassador, django_capture_on_commit_callbacks):
    give_consent(case, advisor)
    with django_capture_on_commit_callbacks(execute=False):
        case_handoff(case=case, ambassador=ambassador, by=advisor)
    case.refresh_from_db()
    return case


@pytest.fixture
def accepted_case(handed_case, ambassador):
    handoff = handed_case.handoffs.get()
    handoff_accept(handoff=handoff, by=User.objects.get(pk=ambassador.user_id))
    handed_case.refresh_from_db()
    return handed_case
