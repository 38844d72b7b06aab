"""Fixtures for the security tests: the shared people and cases, and one world with
an object of every kind for the authorisation matrix and the fuzzer."""

import pytest
from django.contrib.auth.models import User

from cases import services
from cases.constants import ConsentPurpose, ReferralKind, Role
from tests.kb_fixtures import *  # noqa: F403
from tests.kb_fixtures import give_consent, make_user


@pytest.fixture
def privacy_officer(organisation):
    return make_user("fg.pia", Role.PRIVACY_OFFICER, organisation=organisation)


@pytest.fixture
def security_world(
    advisor,
    other_org_advisor,
    ambassador,
    other_ambassador,
    staff_user,
    functional_admin,
    privacy_officer,
    no_role_user,
    accepted_case,
    office_holder,
):
    """(users by role, object ids by kind) as tests/security/url_policies.py names
    them. The case is handed to and accepted by ``amb_case``; ``break`` is a
    confidentiality request by the case's VP."""
    from security import services as security_services

    case = accepted_case
    give_consent(
        case, advisor, purpose=ConsentPurpose.REFERRAL, referral_kind=ReferralKind.LEGAL
    )
    referral = services.referral_create(
        case=case, by=advisor, kind=ReferralKind.LEGAL, partner="Advocaat"
    )
    brk = security_services.confidentiality_break_request(
        case=case,
        by=advisor,
        ground="levensgevaar",
        legal_basis="vitaal-belang",
        disclosed_to="Huisarts",
        reason="reden",
    )
    users = {
        "anonymous": None,
        "no_role": no_role_user,
        "vp_case": advisor,
        "vp_other": other_org_advisor,
        "amb_case": User.objects.get(pk=ambassador.user_id),
        "amb_other": User.objects.get(pk=other_ambassador.user_id),
        "staff": staff_user,
        "admin": functional_admin,
        "privacy": privacy_officer,
    }
    objects = {
        "case": case.pk,
        "consent": case.consents.get(purpose=ConsentPurpose.HANDOFF).pk,
        "handoff": case.handoffs.get().pk,
        "referral": referral.pk,
        "break": brk.pk,
        "holder": office_holder.pk,
    }
    return users, objects
