"""CSRF is enforced on every URL: a POST without a token is refused (403, by the CSRF
check itself) and changes nothing, for every URL the resolver knows, sent by a user
the authorisation matrix lets use it (tests/security/url_policies.py), with a 2FA-
verified session (the 2FA pages: a password-only one). The Django admin's lists,
add, change and delete pages of every registered model too, as a superuser.

"Changes nothing" is measured by PostgreSQL itself: the rows inserted, updated or
deleted in the test's transaction, per table (``pg_stat_xact_user_tables``), before
and after the request, so an audit event or a half-saved object shows as well as a
changed row. Exempting a view from CSRF (``csrf_exempt``) fails
``test_no_view_is_exempt`` unless the view is on ``EXEMPT`` with its reason."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.url_policies import (
    ADMIN_PAGES,
    POLICIES,
    PREFIX_POLICIES,
    ROLES,
    SENDERS,
    sender,
)
from tests.security.world import (
    build_world,
    clients_for,
    project_urls,
    url_for,
    writes,
)

pytestmark = pytest.mark.django_db

# Views deliberately without CSRF protection, name -> why. None: Django's login and
# set_language are protected too (a login CSRF would sign the victim in as the
# attacker; the language switch is harmless but needs no exemption either).
EXEMPT: dict[str, str] = {}
# The health probes are answered by a middleware in front of CSRF (and of sessions):
# they take GET only, so a POST gets 405 and changes nothing.
GET_ONLY_PROBES = {"health_live", "health_ready"}

# Whatever a refused request may still write: nothing. (The session row is the
# visitor's own; a refusal does not touch it either, but a session store may.)
IGNORED_TABLES = {"django_session"}


def post_without_token(client, url, caplog):
    """POST ``url`` (a form with a field, no token); return the response, whether
    the CSRF check refused it, and the tables it wrote to. Rolled back."""
    caplog.clear()
    with transaction.atomic():
        before = writes(IGNORED_TABLES)
        response = client.post(url, {"x": "1", "confirm": "1"})
        after = writes(IGNORED_TABLES)
        transaction.set_rollback(True)
    changed = sorted(t for t, n in after.items() if n != before.get(t, 0))
    refused = any(
        r.name == "django.security.csrf" and "CSRF" in r.getMessage()
        for r in caplog.records
    )
    return response, refused, changed


@pytest.fixture
def world(request, tmp_path, monkeypatch, superuser):
    users, objects = build_world(request.getfixturevalue, tmp_path, monkeypatch)
    users["superuser"] = superuser
    return clients_for(users, enforce_csrf_checks=True), objects


def _admin_urls(objects):
    """Every admin page of ADMIN_PAGES, and the list, add, change and delete page of
    each registered model (its first object)."""
    urls = [reverse("admin:index") + p for p in ADMIN_PAGES if "{" not in p]
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls += [
                reverse(f"{prefix}_change", args=[first.pk]),
                reverse(f"{prefix}_delete", args=[first.pk]),
            ]
    return urls


def test_every_post_without_a_token_is_refused_and_changes_nothing(
    world, caplog, capsys
):
    clients, objects = world
    caplog.set_level(logging.WARNING, logger="django.security.csrf")
    checks = []
    for name, route in project_urls(skip_prefixes=tuple(PREFIX_POLICIES)):
        if name in EXEMPT:
            continue
        policy = POLICIES[name]
        checks.append((url_for(name, route, objects, policy.obj), sender(name), name))
    checks += [(url, "superuser", "") for url in _admin_urls(objects)]
    failures = []
    for url, role, name in checks:
        response, refused, changed = post_without_token(clients[role], url, caplog)
        if name in GET_ONLY_PROBES:
            if response.status_code != 405:
                failures.append(f"POST {url} as {role}: {response.status_code}")
        elif response.status_code != 403 or not refused:
            failures.append(f"POST {url} as {role}: {response.status_code}")
        if changed:
            failures.append(f"POST {url} as {role} wrote to {changed}")
    with capsys.disabled():
        print(f"\ncsrf: {len(checks)} URLs refused without a token")
    assert len(checks) > 100, len(checks)
    assert not failures, "\n".join(failures)


def test_with_the_token_the_same_post_gets_through(world, caplog):
    """The control: the refusal above is the missing token's, not the user's."""
    clients, objects = world
    client = clients["vp_case"]
    client.get(reverse("cases:intake"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("cases:intake"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 400  # the form, with its errors
    assert not [r for r in caplog.records if r.name == "django.security.csrf"]


def _views(patterns, namespace=None):
    """(name, view function) of every URL pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _views(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield name or str(pattern.pattern), pattern.callback


def test_no_view_is_exempt():
    """No view of the project (the admin's included) switches the CSRF check off,
    but those on EXEMPT."""
    views = list(_views(get_resolver().url_patterns))
    exempt = {name for name, view in views if getattr(view, "csrf_exempt", False)}
    assert len(views) > 100
    assert exempt <= set(EXEMPT), exempt


def test_the_senders_are_roles():
    assert set(SENDERS) <= set(ROLES)
