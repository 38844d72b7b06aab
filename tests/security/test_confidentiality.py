"""Breaking confidentiality: a VP records reason and legal basis, a second authorised
person confirms, both are logged, the case shows it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.constants import AuditAction
from core.models import AuditEvent
from security import services
from security.models import BreakStatus, ConfidentialityBreak

pytestmark = pytest.mark.django_db

REASON = "Dreigt zichzelf iets aan te doen. REDEN-X9"


def _request(case, by, **overrides):
    data = {
        "ground": "levensgevaar",
        "legal_basis": "vitaal-belang",
        "disclosed_to": "Huisarts",
        "reason": REASON,
    }
    data.update(overrides)
    return services.confidentiality_break_request(case=case, by=by, **data)


def test_request_and_confirmation_by_a_second_advisor(advisor, colleague, case):
    brk = _request(case, advisor)
    assert brk.status == BreakStatus.REQUESTED
    brk = services.confidentiality_break_decide(brk=brk, by=colleague, confirm=True)
    assert brk.status == BreakStatus.CONFIRMED
    assert brk.decided_by == colleague
    actions = list(
        AuditEvent.objects.filter(object_type="confidentialitybreak")
        .order_by("pk")
        .values_list("action", "actor_username")
    )
    assert actions == [(AuditAction.BREAK, "vp.anna"), (AuditAction.CONFIRM, "vp.bert")]
    assert not AuditEvent.objects.filter(detail__contains="REDEN-X9").exists()


def test_the_requester_cannot_confirm_their_own_request(advisor, case):
    brk = _request(case, advisor)
    with pytest.raises(PermissionDenied):
        services.confidentiality_break_decide(brk=brk, by=advisor, confirm=True)
    brk.refresh_from_db()
    assert brk.status == BreakStatus.REQUESTED


def test_the_database_refuses_self_confirmation(advisor, case):
    brk = _request(case, advisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfidentialityBreak.objects.filter(pk=brk.pk).update(decided_by=advisor)


@pytest.mark.parametrize("who", ["other_org_advisor", "staff_user", "no_role_user"])
def test_outsiders_can_neither_request_nor_confirm(request, advisor, case, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _request(case, user)
    brk = _request(case, advisor)
    with pytest.raises(PermissionDenied):
        services.confidentiality_break_decide(brk=brk, by=user, confirm=True)


def test_the_ambassador_cannot_request(accepted_case, ambassador):
    from django.contrib.auth.models import User

    with pytest.raises(PermissionDenied):
        _request(accepted_case, User.objects.get(pk=ambassador.user_id))


@pytest.mark.parametrize(
    ("field", "value"),
    [("reason", "  "), ("ground", "zomaar"), ("legal_basis", ""), ("disclosed_to", "")],
)
def test_reason_and_legal_basis_are_required(advisor, case, field, value):
    with pytest.raises(ValidationError):
        _request(case, advisor, **{field: value})
    assert not ConfidentialityBreak.objects.exists()


def test_a_decided_request_cannot_be_decided_again(advisor, colleague, case):
    brk = _request(case, advisor)
    services.confidentiality_break_decide(brk=brk, by=colleague, confirm=False)
    with pytest.raises(ValidationError):
        services.confidentiality_break_decide(brk=brk, by=colleague, confirm=True)


def test_one_open_request_per_case(advisor, case):
    _request(case, advisor)
    with pytest.raises(ValidationError):
        _request(case, advisor)


# --- through the pages ---------------------------------------------------------------


def test_request_page_then_confirm_page_and_the_case_shows_it(
    client, advisor, colleague, case
):
    client.force_login(advisor)
    url = reverse("security_case:break_request", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "ground": "strafbaar-feit",
            "legal_basis": "conflict-van-plichten",
            "disclosed_to": "Politie",
            "reason": REASON,
        },
    )
    assert response.status_code == 302
    brk = ConfidentialityBreak.objects.get()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "REDEN-X9" in detail
    assert reverse("security_case:break_decide", args=[brk.pk]) not in detail

    client.force_login(colleague)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    decide = reverse("security_case:break_decide", args=[brk.pk])
    assert decide in detail
    response = client.post(decide, {"decision": "confirm"})
    assert response.status_code == 302
    brk.refresh_from_db()
    assert brk.status == BreakStatus.CONFIRMED
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Bevestigd" in detail or "Confirmed" in detail


def test_request_page_with_bad_input_saves_nothing(client, advisor, case):
    client.force_login(advisor)
    response = client.post(
        reverse("security_case:break_request", args=[case.pk]),
        {"ground": "levensgevaar", "legal_basis": "onzin", "reason": "x\x00"},
    )
    assert response.status_code == 400
    assert not ConfidentialityBreak.objects.exists()


def test_requester_gets_403_on_the_confirm_page(client, advisor, case):
    brk = _request(case, advisor)
    client.force_login(advisor)
    url = reverse("security_case:break_decide", args=[brk.pk])
    assert client.post(url, {"decision": "confirm"}).status_code == 403


@pytest.mark.parametrize("who", ["other_org_advisor", "staff_user"])
def test_outsiders_get_404_on_both_pages(client, request, advisor, case, who):
    brk = _request(case, advisor)
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("security_case:break_request", args=[case.pk]),
        reverse("security_case:break_decide", args=[brk.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_ambassador_sees_that_it_happened_but_not_the_reason(
    client, advisor, colleague, accepted_case, ambassador
):
    brk = _request(accepted_case, advisor)
    services.confidentiality_break_decide(brk=brk, by=colleague, confirm=True)
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(pk=ambassador.user_id))
    page = client.get(reverse("cases:detail", args=[accepted_case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="geheimhouding"' in body
    assert "REDEN-X9" not in body
