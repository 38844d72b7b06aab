"""Every page that shows personal data writes a read event.

The walk takes every URL the resolver knows (the authorisation matrix's list and
world: tests/security/test_authorisation_matrix.py), opens it as each user the policy
lets in (GET 200, and a POST that comes back as a form with errors, 400), and looks
at the HTML. A page that shows a case reference (M-000123) or the name of a person
of the seeded world (the office holder, the person who gave consent, an applicant)
must have written an access-log event by that user in that request; a reference must
be named by one of those events (its ``case_id``), unless the page is an audit view
(the access log or a case's audit log), whose own event stands for the page.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from cases.models import Case
from core.models import AuditEvent
from tests.security import test_authorisation_matrix as matrix
from tests.security.url_policies import POLICIES, ROLES

pytestmark = pytest.mark.django_db

# The authorisation matrix's world: one object of each kind, a client per role.
world = matrix.world

REFERENCE = re.compile(r"\bM-(\d{6})\b")
# The people of the world whose names are personal data on a page: the office
# holder (tests/conftest.py), who gave consent (tests/factories.py) and the
# applicant (tests/security/world.py).
NAMES = ("Gerda Raadslid", "Fictieve Melder", "Hanna", "Sollicitant")
# Pages known to show personal data without a read event, each with the reason it
# is not fixed here. The test fails when one of them starts writing its event, so
# the entry is dropped then.
PENDING: dict[str, str] = {}
# Views of the audit trail itself: their event ("accesslog", "auditlog") stands for
# every reference the page lists.
AUDIT_VIEWS = {"accesslog", "auditlog"}


def _user_id(client):
    return int(client.session["_auth_user_id"])


def _open(client, method, url):
    """One request, rolled back afterwards; returns the response and the events the
    request wrote for the signed-in user."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    user_id = _user_id(client)
    with transaction.atomic():
        before = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        response = getattr(client, method)(url)
        events = list(AuditEvent.objects.filter(pk__gt=before, actor_id=user_id))
        transaction.set_rollback(True)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value
    return response, events


def _allowed(expected, status) -> bool:
    return status in (expected if isinstance(expected, set) else {expected})


def existing_references(html: str) -> set[int]:
    """The case ids the page names. Only cases that exist: help texts give
    "M-000123" as an example."""
    named = {int(ref) for ref in REFERENCE.findall(html)}
    return set(Case.objects.filter(pk__in=named).values_list("pk", flat=True))


def missing_read_events(html: str, events, cases: set[int]) -> list[str]:
    """What the page shows (the names of NAMES, the case ids ``cases``) that no
    event of the request accounts for."""
    shown = [name for name in NAMES if name in html]
    references = sorted(f"{pk:06d}" for pk in cases)
    if not shown and not references:
        return []
    if not events:
        return [f"no event at all (shows {shown + references})"]
    if any(e.object_type in AUDIT_VIEWS for e in events):
        return []
    named = {e.case_id for e in events}
    return [f"M-{ref}" for ref in references if int(ref) not in named]


def pages(objects):
    """(url name, method, role, url) of every page a role may open."""
    for name, route in matrix.project_urls():
        policy = POLICIES[name]
        url = matrix._url(name, route, objects, policy)
        for method, table, status in (
            ("get", policy.get, 200),
            ("post", policy.post, 400),
        ):
            for role in ROLES[1:]:
                if _allowed(table[role], status):
                    yield name, method, role, url


def test_every_page_with_personal_data_writes_a_read_event(world):
    clients, objects = world
    failures, checked, personal, still_missing = [], 0, 0, set()
    for name, method, role, url in pages(objects):
        response, events = _open(clients[role], method, url)
        if response.status_code not in (200, 400) or "text/html" not in response.get(
            "Content-Type", ""
        ):
            continue
        checked += 1
        html = response.content.decode()
        cases = existing_references(html)
        if cases or any(n in html for n in NAMES):
            personal += 1
        problems = missing_read_events(html, events, cases)
        if name in PENDING:
            if problems:
                still_missing.add(name)
        elif problems:
            failures.append(f"{method.upper()} {name} as {role}: {problems}")
    assert checked > 50, checked
    assert personal > 20, personal
    assert not failures, "\n".join(failures)
    fixed = set(PENDING) - still_missing
    assert not fixed, f"these pages write read events now; drop from PENDING: {fixed}"


def test_the_check_sees_a_page_without_an_event():
    """The rule itself: a reference without an event naming it is reported."""

    class Event:
        object_type = "case"
        case_id = 7

    html = "<td>M-000007</td><td>M-000008</td>"
    assert missing_read_events(html, [], {7, 8}) != []
    assert missing_read_events(html, [Event()], {7, 8}) == ["M-000008"]
    assert missing_read_events("<p>Gerda Raadslid</p>", [], set()) != []
    assert missing_read_events("<p>niets</p>", [], set()) == []
