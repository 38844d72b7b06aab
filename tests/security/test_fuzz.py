"""Hypothesis fuzzing of every form and POST endpoint: NUL bytes, lone surrogates,
1 MB strings, wrong types and unknown ids. No response of 500 or above, and a refused
submission changes nothing (each example runs in a rolled-back transaction)."""

import re
from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import (
    Case,
    CaseHistory,
    Consent,
    Handoff,
    Note,
    OfficeHolder,
    Referral,
)
from security.models import ConfidentialityBreak
from tests.conftest import VerifiedClient
from tests.security.test_authorisation_matrix import project_urls, url_for
from tests.security.url_policies import POLICIES

pytestmark = pytest.mark.django_db

COUNTED = (Case, CaseHistory, Consent, Handoff, Note, OfficeHolder, Referral)
COUNTED += (ConfidentialityBreak,)

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
            "../../etc/passwd",
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


def _fields(client, url) -> list[str]:
    response = client.get(url)
    names = {n.decode() for n in FIELD_NAMES.findall(response.content)}
    names.discard("csrfmiddlewaretoken")
    names.discard("language")
    return sorted(names) or ["x"]


def _counts():
    return tuple(model.objects.count() for model in COUNTED)


# Who fuzzes a URL: the first role in this order the policy lets POST (a 200, 302 or
# 400 answer), so the form behind it is really processed.
FUZZ_AS = ("vp_case", "amb_case", "privacy", "admin", "staff", "no_role", "anonymous")
PROCESSED = {200, 302, 400}


def _allowed(expected) -> bool:
    statuses = expected if isinstance(expected, set) else {expected}
    return bool(statuses & PROCESSED)


def post_endpoints(objects) -> list[tuple[str, str]]:
    """(url, role) for every URL whose policy lets some role POST: new URLs are
    fuzzed as soon as their policy is in tests/security/url_policies.py."""
    endpoints = []
    for name, route in project_urls():
        policy = POLICIES[name]
        role = next((r for r in FUZZ_AS if _allowed(policy.post[r])), None)
        if role is None or name in NOT_FUZZED:
            continue
        endpoints.append((url_for(name, route, objects, policy), role))
    return endpoints


# Logging out and switching language change nothing worth fuzzing, and would end the
# session of the client doing the fuzzing.
NOT_FUZZED = {"logout", "set_language"}


@pytest.fixture
def world(security_world, colleague):
    users, objects = security_world
    endpoints = post_endpoints(objects)
    # The confidentiality request was made by the case's VP: a colleague decides.
    decide = reverse("security_case:break_decide", args=[objects["break"]])
    endpoints = [(u, "colleague" if u == decide else r) for u, r in endpoints]
    users = {**users, "colleague": colleague}
    # The 2FA code form, as a signed-in user who has not passed it yet.
    endpoints.append((reverse("security:two_factor_verify"), "unverified"))
    return endpoints, users


FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _client_for(role, users, advisor):
    from django.test import Client

    if role == "unverified":
        client = Client()
        client.force_login(advisor)
        return client
    client = VerifiedClient()
    if users.get(role) is not None:
        client.force_login(users[role])
    return client


STATUSES: dict[int, int] = {}


def _fuzzer(client, url, fields, before):
    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(fields, FIELD_VALUE)))
    def post(data):
        with transaction.atomic():
            response = client.generic(
                "POST",
                url,
                _encode(data),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code < 500, (url, sorted(data))
            STATUSES[response.status_code] = STATUSES.get(response.status_code, 0) + 1
            if response.status_code >= 400:
                assert _counts() == before, f"{url} half-saved on refusal"
            transaction.set_rollback(True)

    return post


def test_fuzz_every_post_endpoint(world, advisor, capsys):
    endpoints, users = world
    checked = []
    for url, role in endpoints:
        client = _client_for(role, users, advisor)
        fields = _fields(client, url)
        _fuzzer(client, url, fields, _counts())()
        checked.append(url)
    assert len(checked) == len(endpoints) > 15
    with capsys.disabled():
        print(f"\nfuzzed {len(checked)} POST endpoints; statuses: {STATUSES}")


@FUZZ
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


@FUZZ
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
