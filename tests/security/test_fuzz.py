"""Hypothesis fuzzing of every URL that takes a POST (from the resolver, as the
authorisation matrix walks them): hostile values (1 MB strings, NUL bytes, lone
surrogates, unicode, HTML and script, SQL-ish text, numbers out of range, wrong
types, lists where one value is expected) in the page's own fields, any of them left
out, sent by a user the matrix lets use the URL. No response of 500 or above, and a
refused submission (400 and up) writes nothing but what a refusal may write (the
read event of the page shown again, a failed login). Each example is rolled back.

The run is random, from a seed printed when it fails; ``KLANKBORD_FUZZ_SEED=<n>``
repeats a run. The Django admin (/beheer/) is Django's own forms: its CSRF and who
gets in are tested in test_csrf.py and test_authorisation_matrix.py."""

import os
import random
import re
from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.conftest import VerifiedClient
from tests.factories import UserFactory
from tests.security.url_policies import (
    POLICIES,
    PREFIX_POLICIES,
    processes,
    sender,
)
from tests.security.world import (
    build_world,
    clients_for,
    project_urls,
    snapshot,
    url_for,
)

pytestmark = pytest.mark.django_db

SEED = int(os.environ.get("KLANKBORD_FUZZ_SEED") or random.randrange(2**32))  # noqa: S311
REPRODUCE = f"(fuzz seed {SEED}: repeat with KLANKBORD_FUZZ_SEED={SEED})"

# What a refused POST may still write: the session, the read event of the page
# shown again with its errors, the record of a failed login (django-axes).
REFUSAL_MAY_WRITE = {
    "django_session",
    "security_usersession",
    "cases_auditevent",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
}

NASTY = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30).map(
        lambda s: s + "\x00"
    ),
    st.just("\ud800"),  # a lone surrogate: not valid UTF-8 on the wire
    st.just("x\udfffy"),
    st.just("a" * 1_000_000),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "999999999",
            "99999999999999999999",
            "1.5",
            "1e9",
            "true",
            "null",
            "[]",
            "{}",
            "2024-02-30",
            "9999-12-31",
            "0001-01-01",
            "2024-01-01T25:61",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "M-000001",
            "M-¹²³",  # digits to str.isdigit(), not to int()
            "../../etc/passwd",
            "-0",
            "NaN",
            "Infinity",
            "1" * 400,
            "2147483648",
            "-9223372036854775809",
            "\u202eevil\u202c",
            "\U0001f4a3" * 100,
            '"><img src=x onerror=alert(1)>',
            "'; DROP TABLE cases_case; --",
            "1; SELECT pg_sleep(5)",
            "\r\nSet-Cookie: x=1",
            "{{ 7*7 }}",
            "on",
            "off",
        ]
    ),
)
FIELD_VALUE = st.one_of(NASTY, st.lists(NASTY, min_size=2, max_size=3))


def _encode(data: dict) -> bytes:
    """An urlencoded body; lone surrogates go out as the invalid bytes they are."""
    parts = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                quote_from_bytes(key.encode("utf-8", "surrogatepass"))
                + "="
                + quote_from_bytes(item.encode("utf-8", "surrogatepass"))
            )
    return "&".join(parts).encode()


FIELD_NAMES = re.compile(rb'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
# The fields of URLs that take a POST but show no form at that URL.
FIELD_HINTS = {
    "signals:signal_revoke": ["x"],
    "signals:feedback_review": ["decision"],
    "ambassadors:unavailability_add": ["starts_on", "ends_on"],
    "ambassadors:application_decide": ["decision", "regions"],
    "cases:handoff_accept": ["x"],
    "cases:assign": ["owner", "x"],
    "cases:phase": ["phase"],
    "cases:referral_status": ["status"],
    "signals:release_list": ["x"],
    "ambassadors:my_page": ["x"],
    "logout": ["x"],
    "set_language": ["language", "next"],
}


def _fields(client, name, url) -> list[str]:
    if name in FIELD_HINTS:
        return FIELD_HINTS[name]
    response = client.get(url)
    names = {n.decode() for n in FIELD_NAMES.findall(response.content)}
    names.discard("csrfmiddlewaretoken")
    names.discard("language")
    return sorted(names) or ["x"]


FUZZ = settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def fuzzed(test):
    """Hypothesis settings of this file, and the run's seed."""
    return seed(SEED)(FUZZ(test))


STATUSES: dict[int, int] = {}


def _fuzzer(client, url, fields):
    @fuzzed
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, FIELD_VALUE)))
    def post(data):
        cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        with transaction.atomic():
            before = snapshot(REFUSAL_MAY_WRITE)
            response = client.generic(
                "POST",
                url,
                _encode(data),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code < 500, (url, sorted(data))
            STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1
            if response.status_code >= 400:
                after = snapshot(REFUSAL_MAY_WRITE)
                half_saved = sorted(t for t in after if after[t] != before.get(t))
                assert not half_saved, f"{url} refused but wrote to {half_saved}"
            transaction.set_rollback(True)
        if cookie is not None:  # a logout or a new session stays rolled back
            client.cookies[django_settings.SESSION_COOKIE_NAME] = cookie.value

    return post


def post_urls(objects):
    """(name, url, sender) of every URL whose policy lets someone POST to it."""
    for name, route in project_urls(skip_prefixes=tuple(PREFIX_POLICIES)):
        policy = POLICIES[name]
        if any(processes(status) for status in policy.post.values()):
            yield name, url_for(name, route, objects, policy.obj), sender(name)


def test_fuzz_every_post_endpoint(request, tmp_path, monkeypatch, capsys):
    users, objects = build_world(request.getfixturevalue, tmp_path, monkeypatch)
    clients = clients_for(users)
    checked = []
    for name, url, role in post_urls(objects):
        client = clients[role]
        try:
            _fuzzer(client, url, _fields(client, name, url))()
        except BaseException as error:
            raise AssertionError(f"{name} as {role}: {error}\n{REPRODUCE}") from error
        checked.append(name)
    with capsys.disabled():
        print(
            f"\nfuzzed {len(checked)} POST endpoints {REPRODUCE}; "
            f"statuses: {dict(sorted(STATUSES.items()))}"
        )
    assert len(checked) >= 55, checked


@fuzzed
@given(
    params=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            [
                "q",
                "status",
                "category",
                "urgency",
                "owner",
                "view",
                "sort",
                "page",
                "region",
                "gemeente",
            ],
            NASTY.filter(
                lambda s: len(s) < 5000 and "\ud800" not in s and "\udfff" not in s
            ),
        ),
    )
)
def test_fuzz_the_queue_filters(client, advisor, case, params):
    client.force_login(advisor)
    response = client.get(reverse("cases:queue"), params)
    assert response.status_code < 500


@fuzzed
@given(
    params=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ["user", "role", "action", "case", "date_from", "date_to", "page"],
            NASTY.filter(
                lambda s: len(s) < 5000 and "\ud800" not in s and "\udfff" not in s
            ),
        ),
    )
)
def test_fuzz_the_access_log_filters(client, privacy_officer, params):
    client.force_login(privacy_officer)
    assert client.get(reverse("security:access_log"), params).status_code < 500
    export = client.get(reverse("security:access_log_export"), params)
    assert export.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/meldingen/999999999/",
        "/meldingen/99999999999999999999/",
        "/toestemming/0/intrekken/",
        "/overdracht/-1/afwijzen/",
        "/doorverwijzing/999999999/status/",
        "/geheimhouding/999999999/beoordelen/",
        "/ambtsdragers/999999999/inzage/",
    ],
)
def test_unknown_ids_are_404(client, advisor, path):
    client.force_login(advisor)
    # 405 where the URL takes only the other method; never a 500 or a 200.
    assert client.get(path).status_code in (404, 405)
    assert client.post(path, {}).status_code in (404, 405)


# The filters and page numbers of the lists of the signals app, the network, OT on
# Tour and the expert network (who may see the list, the query parameters it reads).
LIST_FILTERS = [
    ("ambassadors:network", "staff", ["q", "region", "availability", "sort", "page"]),
    ("ambassadors:application_list", "committee", ["vacancy", "status", "sort"]),
    ("ambassadors:meeting_list", "staff", ["kind", "when", "page"]),
    ("ambassadors:vacancy_list", None, ["region", "page"]),
    ("ambassadors:hours", "ambassador", ["page"]),
    (
        "outreach:gemeente_list",
        "staff",
        ["q", "province", "stage", "outcome", "protocol", "sort", "page"],
    ),
    (
        "signals:dashboard",
        "staff",
        ["first_quarter", "last_quarter", "category", "office", "province"],
    ),
    ("signals:dashboard", "staff", ["region", "channel", "perpetrator", "impact"]),
    ("signals:report_list", "staff", ["page"]),
    ("signals:signal_list", "advisor", ["page"]),
    ("signals:signal_case_lookup", "advisor", ["case"]),
    ("cases:partner_list", "advisor", ["q", "kind", "region", "availability", "sort"]),
]
QUERY_VALUE = NASTY.filter(
    lambda s: len(s) < 5000 and "\ud800" not in s and "\udfff" not in s
)


@pytest.mark.parametrize(("name", "who", "params"), LIST_FILTERS)
def test_fuzz_the_list_filters(request, advisor, ambassador, name, who, params):
    users = {
        "advisor": advisor,
        "ambassador": ambassador.user,
        "committee": UserFactory(
            username="sel.gijs", selection=True, organisation=False
        ),
    }
    client = VerifiedClient()
    if who is not None:
        client.force_login(users.get(who) or request.getfixturevalue(f"{who}_user"))
    url = reverse(name)

    @fuzzed
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(params, QUERY_VALUE)))
    def get(query):
        assert client.get(url, query).status_code < 500, (name, sorted(query))

    get()


@pytest.mark.parametrize(
    "username", ["a" * 300, "a" * 1_000_000, "vp.anna\x00", "vp.anna" + "x" * 150]
)
def test_a_long_or_odd_username_is_a_failed_login_not_a_500(advisor, username):
    """Found by this fuzzer: Django's login form does not enforce the username's
    length before authenticating, and django-axes stored the whole of it in a column
    of 255 characters (security.lockout.client_username cuts it)."""
    from django.test import Client

    response = Client().post(
        reverse("login"), {"username": username, "password": "fout"}
    )
    assert response.status_code == 200
