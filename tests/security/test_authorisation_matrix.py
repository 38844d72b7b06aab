"""The authorisation matrix: every URL the project defines (from the resolver), for
every role, with GET and POST, answers with the status tests/security/url_policies.py
declares. A URL without a declared policy fails the test."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from cases.models import Case
from core.models import AuditEvent, Membership
from tests.security.url_policies import (
    ADMIN_LOGIN,
    ADMIN_PAGES,
    ADMIN_ROLES,
    LOGIN,
    POLICIES,
    PREFIX_POLICIES,
    ROLES,
    TWO_FACTOR,
)
from tests.security.world import build_world, clients_for, url_for
from tests.security.world import project_urls as world_urls

pytestmark = pytest.mark.django_db


def project_urls() -> list[tuple[str | None, str]]:
    """(name, route) of every URL, except those a prefix policy covers."""
    return world_urls(skip_prefixes=tuple(PREFIX_POLICIES))


def test_every_url_has_a_policy():
    urls = project_urls()
    unnamed = [route for name, route in urls if not name]
    assert not unnamed, f"name these URLs so a policy can refer to them: {unnamed}"
    missing = sorted({name for name, _route in urls} - set(POLICIES))
    assert not missing, f"add these to tests/security/url_policies.py: {missing}"
    stale = sorted(set(POLICIES) - {name for name, _route in urls})
    assert not stale, f"policies for URLs that no longer exist: {stale}"


@pytest.fixture
def world(request, tmp_path, monkeypatch):
    """A client per role of ``ROLES`` and one object of each kind
    (tests/security/world.py)."""
    users, objects = build_world(request.getfixturevalue, tmp_path, monkeypatch)
    return clients_for(users), objects


def _url(name, route, objects, policy) -> str:
    return url_for(name, route, objects, policy.obj)


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
    if expected == ADMIN_LOGIN:
        return response.status_code == 302 and response["Location"].startswith(
            reverse("admin:login")
        )
    if expected == TWO_FACTOR:
        return response.status_code == 302 and response["Location"].startswith(
            (
                reverse("security:two_factor_verify"),
                reverse("security:two_factor_setup"),
            )
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


# What no page of the admin may show: the case's account and its office holder.
CASE_CONTENT = ("GEHEIM-ZIN-42", "Gerda Raadslid")


def test_the_admin_pages(request, tmp_path, monkeypatch, superuser, capsys):
    users, objects = build_world(request.getfixturevalue, tmp_path, monkeypatch)
    users["superuser"] = superuser
    clients = clients_for(users)
    kinds = {
        **objects,
        "user": users["vp_case"].pk,
        "membership": Membership.objects.get(user=users["vp_case"]).pk,
        "auditevent": AuditEvent.objects.filter(case_id=objects["case"]).first().pk,
        "case_type": ContentType.objects.get_for_model(Case).pk,
    }
    failures, pairs = [], 0
    for path, policy in ADMIN_PAGES.items():
        url = reverse("admin:index") + path.format(**kinds)
        for method, table in (("get", policy.get), ("post", policy.post)):
            for role in ADMIN_ROLES:
                response = _request(clients[role], method, url)
                pairs += 1
                assert response.status_code < 500, (url, method, role)
                if not _matches(response, table[role]):
                    failures.append(
                        f"{method.upper()} {url} as {role}: "
                        f"{response.status_code}, expected {table[role]}"
                    )
                shown = [c for c in CASE_CONTENT if c.encode() in response.content]
                if shown:
                    failures.append(f"{method.upper()} {url} as {role} shows {shown}")
    with capsys.disabled():
        print(f"\nadmin pages: {pairs} (URL, role, method) pairs checked")
    assert not failures, "\n".join(failures)
