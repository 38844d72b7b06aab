"""Hypothesis fuzzing of every form and POST endpoint: NUL bytes, lone surrogates,
1 MB strings, wrong types and unknown ids. No response of 500 or above, and a refused
submission changes nothing (each example runs in a rolled-back transaction)."""

import re
from urllib.parse import quote_from_bytes

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ambassadors.models import (
    Application,
    Interview,
    Invitation,
    Meeting,
    TimeEntry,
    Vacancy,
)
from cases.constants import ConsentPurpose, ReferralKind
from cases.models import (
    AdvisorAction,
    Case,
    CaseHistory,
    Consent,
    Damage,
    Handoff,
    Note,
    OfficeHolder,
    PoliceReport,
    Referral,
)
from cases.services.referrals import referral_create
from network.models import Ambassador, Unavailability
from outreach.models import GemeenteCampaign, GemeenteContact, ProvinceCampaign
from security import services as security_services
from security.models import ConfidentialityBreak
from signals.models import ProcessFeedback, Report, ReturnDay, Signal
from tests.conftest import VerifiedClient
from tests.factories import UserFactory, consent_given
from tests.security.world import network_objects, signal_objects

pytestmark = pytest.mark.django_db

COUNTED = (Case, CaseHistory, Consent, Handoff, Note, OfficeHolder, Referral)
COUNTED += (ConfidentialityBreak, PoliceReport, Damage, AdvisorAction)
COUNTED += (Signal, ProcessFeedback, Report, ReturnDay)
COUNTED += (Ambassador, TimeEntry, Unavailability, Meeting, Invitation, Vacancy)
COUNTED += (Application, Interview)
COUNTED += (GemeenteCampaign, GemeenteContact, ProvinceCampaign)

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


@pytest.fixture
def world(
    advisor,
    colleague,
    ambassador,
    accepted_case,
    office_holder,
    privacy_officer,
    staff_user,
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
    amb = User.objects.get(pk=ambassador.user_id)
    consent = case.consents.get(purpose=ConsentPurpose.HANDOFF)
    handoff = case.handoffs.get()
    # (url, who posts[, fields]): the person allowed to, so the form is really
    # processed; the fields are read from the page unless given (POST-only URLs).
    return [
        (reverse("cases:intake"), advisor),
        (reverse("cases:queue"), advisor),  # the search is POSTed
        (reverse("cases:consent_add", args=[case.pk]), advisor),
        (reverse("cases:note_add", args=[case.pk]), amb),
        (reverse("cases:referral_add", args=[case.pk]), advisor),
        (reverse("cases:close", args=[case.pk]), amb),
        (reverse("cases:handoff_withdraw", args=[case.pk]), advisor),
        (reverse("cases:assign", args=[case.pk]), advisor),
        (reverse("cases:phase", args=[case.pk]), amb),
        (reverse("cases:consent_revoke", args=[consent.pk]), advisor),
        (reverse("cases:handoff_decline", args=[handoff.pk]), amb),
        (reverse("cases:handoff_accept", args=[handoff.pk]), amb),
        (reverse("cases:referral_status", args=[referral.pk]), advisor),
        (reverse("security_case:break_request", args=[case.pk]), advisor),
        (reverse("security_case:break_decide", args=[brk.pk]), colleague),
        (reverse("security_case:subject_access", args=[office_holder.pk]), advisor),
        (reverse("login"), None),
        (reverse("security:two_factor_verify"), "unverified"),
        (reverse("security:two_factor_setup"), "unverified"),
        *_hotline_and_advisor_endpoints(case, referral, advisor, amb),
        *_signal_endpoints(
            case, signal_objects(case, advisor, amb), advisor, amb, staff_user
        ),
        *_network_endpoints(
            network_objects(ambassador, region, tmp_path, monkeypatch), amb, staff_user
        ),
        *_outreach_endpoints(office_holder.gemeente, staff_user),
    ]


def _hotline_and_advisor_endpoints(case, referral, advisor, amb):
    return [
        (reverse("cases:hotline_call"), advisor),
        (reverse("cases:complete_intake", args=[case.pk]), advisor),
        (reverse("cases:police", args=[case.pk]), advisor),
        (reverse("cases:damage_add", args=[case.pk]), amb),
        (reverse("cases:advisor_action_add", args=[case.pk]), advisor),
        (reverse("cases:formal_report", args=[case.pk]), advisor),
        (reverse("cases:referral_outcome", args=[referral.pk]), amb),
    ]


def _signal_endpoints(case, objects, advisor, amb, staff):
    return [
        (reverse("signals:report_list"), staff),
        (reverse("signals:return_days"), staff),
        (reverse("signals:return_day_edit", args=[objects["return_day"]]), staff),
        (reverse("signals:signal_create"), amb),
        (reverse("signals:signal_from_case", args=[case.pk]), advisor),
        (reverse("signals:signal_revoke", args=[objects["signal"]]), advisor, ["x"]),
        (reverse("signals:feedback_create"), amb),
        (
            reverse("signals:feedback_review", args=[objects["feedback"]]),
            advisor,
            ["decision"],
        ),
    ]


def _network_endpoints(objects, amb, staff):
    committee = UserFactory(username="sel.gijs", selection=True, organisation=False)
    application = objects["application"]
    return [
        (reverse("ambassadors:hours"), amb),
        (reverse("ambassadors:hours_delete", args=[objects["hours"]]), amb),
        (reverse("ambassadors:unavailability_add"), amb, ["starts_on", "ends_on"]),
        (
            reverse("ambassadors:unavailability_delete", args=[objects["absence"]]),
            amb,
        ),
        (reverse("ambassadors:meeting_create"), staff),
        (reverse("ambassadors:meeting_edit", args=[objects["meeting"]]), staff),
        (reverse("ambassadors:meeting_detail", args=[objects["meeting"]]), staff),
        (reverse("ambassadors:vacancy_create"), staff),
        (reverse("ambassadors:vacancy_edit", args=[objects["vacancy"]]), staff),
        (reverse("ambassadors:vacancy_detail", args=[objects["vacancy"]]), None),
        (reverse("ambassadors:application_detail", args=[application]), committee),
        (
            reverse("ambassadors:application_decide", args=[application]),
            committee,
            ["decision", "regions"],
        ),
    ]


def _outreach_endpoints(gemeente, staff):
    return [
        (reverse("outreach:gemeente_detail", args=[gemeente.code]), staff),
        (reverse("outreach:province_detail", args=[gemeente.province.code]), staff),
        (reverse("outreach:import"), staff),
    ]


FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def _client_for(who, advisor):
    from django.test import Client

    if who is None:
        return Client()
    if who == "unverified":
        client = Client()
        client.force_login(advisor)
        return client
    client = VerifiedClient()
    client.force_login(who)
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
    checked = []
    for url, who, *given_fields in world:
        client = _client_for(who, advisor)
        if given_fields:
            fields = given_fields[0]
        else:
            fields = _fields(client, url) if "accepteren" not in url else ["x"]
        _fuzzer(client, url, fields, _counts())()
        checked.append(url)
    assert len(checked) == len(world)
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

    @FUZZ
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(params, QUERY_VALUE)))
    def get(query):
        assert client.get(url, query).status_code < 500, (name, sorted(query))

    get()
