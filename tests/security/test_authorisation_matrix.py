"""The authorisation matrix: every URL the project defines (from the resolver), for
every role, with GET and POST, answers with the status tests/security/url_policies.py
declares. A URL without a declared policy fails the test."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.constants import ConsentPurpose, ReferralKind
from cases.models import ReopenRequest
from cases.services.referrals import referral_create
from core.constants import Role
from security import approvals
from security import services as security_services
from tests.conftest import VerifiedClient
from tests.factories import UserFactory, consent_given
from tests.security.url_policies import LOGIN, POLICIES, PREFIX_POLICIES, ROLES
from tests.security.world import network_objects, signal_objects

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield name, prefix + str(pattern.pattern)


def project_urls() -> list[tuple[str | None, str]]:
    """(name, route) of every URL, except those a prefix policy covers."""
    return [
        (name, route)
        for name, route in _walk(get_resolver().url_patterns)
        if not any(route.startswith(prefix) for prefix in PREFIX_POLICIES)
    ]


def test_every_url_has_a_policy():
    urls = project_urls()
    unnamed = [route for name, route in urls if not name]
    assert not unnamed, f"name these URLs so a policy can refer to them: {unnamed}"
    missing = sorted({name for name, _route in urls} - set(POLICIES))
    assert not missing, f"add these to tests/security/url_policies.py: {missing}"
    stale = sorted(set(POLICIES) - {name for name, _route in urls})
    assert not stale, f"policies for URLs that no longer exist: {stale}"


@pytest.fixture
def world(
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
    region,
    tmp_path,
    monkeypatch,
):
    case = accepted_case
    consent_given(
        case,
        by=advisor,
        purpose=ConsentPurpose.REFERRAL,
        referral_kind=ReferralKind.LEGAL,
    )
    referral = referral_create(
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
        "no_role": no_role_user,
        "vp_case": advisor,
        "vp_other": other_org_advisor,
        "amb_case": User.objects.get(pk=ambassador.user_id),
        "amb_other": User.objects.get(pk=other_ambassador.user_id),
        "staff": staff_user,
        "admin": functional_admin,
        "privacy": privacy_officer,
        "committee": UserFactory(
            username="sel.gijs", selection=True, organisation=accepted_case.organisation
        ),
    }
    clients = {"anonymous": VerifiedClient()}
    for role, user in users.items():
        clients[role] = VerifiedClient()
        clients[role].force_login(user)
    objects = {
        "case": case.pk,
        "consent": case.consents.get(purpose=ConsentPurpose.HANDOFF).pk,
        "handoff": case.handoffs.get().pk,
        "referral": referral.pk,
        "break": brk.pk,
        "holder": office_holder.pk,
        "gemeente": {"code": office_holder.gemeente.code},
        "province": {"code": office_holder.gemeente.province.code},
        "csv": {"fmt": "csv"},
        "reopen_request": ReopenRequest.objects.create(
            case=case, requested_by=users["amb_case"], reason="Graag"
        ).pk,
        "access_request": approvals.request_role_change(
            by=functional_admin, subject=no_role_user, role=Role.STAFF, grant=True
        ).pk,
        **signal_objects(case, advisor, users["amb_case"]),
        **network_objects(ambassador, region, tmp_path, monkeypatch),
    }
    return clients, objects


def _url(name, route, objects, policy) -> str:
    if "<" not in route:
        return reverse(name)
    assert policy.obj, f"{name}: say which object <pk> is (Policy(obj=...))"
    value = objects[policy.obj]
    if isinstance(value, dict):
        return reverse(name, kwargs=value)
    kwargs = dict.fromkeys(re.findall(r"<(?:\w+:)?(\w+)>", route), value)
    return reverse(name, kwargs=kwargs)


def _request(client, method, url):
    """One request, rolled back afterwards, with the session cookie kept (so a POST to
    logout, or a session rotation, does not change the next request's identity)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    return response


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("login")
        )
    allowed = expected if isinstance(expected, set) else {expected}
    return response.status_code in allowed


def test_authorisation_matrix(world, capsys):
    clients, objects = world
    checks = [(name, route, POLICIES[name]) for name, route in project_urls()] + [
        (name, prefix, policy) for prefix, (name, policy) in PREFIX_POLICIES.items()
    ]
    failures, pairs = [], 0
    for name, route, policy in checks:
        url = _url(name, route, objects, policy)
        for method, table in (("get", policy.get), ("post", policy.post)):
            for role in ROLES:
                response = _request(clients[role], method, url)
                pairs += 1
                assert response.status_code < 500, (name, method, role)
                if not _matches(response, table[role]):
                    failures.append(
                        f"{method.upper()} {name} as {role}: "
                        f"{response.status_code}, expected {table[role]}"
                    )
    with capsys.disabled():
        print(f"\nauthorisation matrix: {pairs} (URL, role, method) pairs checked")
    assert not failures, "\n".join(failures)
