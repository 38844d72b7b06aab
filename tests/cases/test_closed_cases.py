"""The cases an ambassador closed: they keep reading them (and only them) until the
retention purge, change nothing in them (no button, every POST refused, every
service refuses), and may ask the case's advisor to reopen one; the advisor reopens
or declines."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case, ReopenRequest
from cases.services.case import case_close, case_reopen
from cases.services.handoff import handoff_withdraw
from cases.services.notes import note_add
from cases.services.reopen import reopen_request_create, reopen_request_decide
from security.retention import purge
from tests.factories import fresh

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-ZIN-42"


@pytest.fixture
def closed_case(accepted_case, ambassador_user):
    """``accepted_case`` closed by its ambassador."""
    case_close(case=accepted_case, by=ambassador_user, outcome="Rustig afgerond.")
    accepted_case.refresh_from_db()
    return accepted_case


def _post(client, name, pk, data=None):
    return client.post(reverse(f"cases:{name}", args=[pk]), data or {})


# --- reading ------------------------------------------------------------------------


def test_ambassador_reads_the_case_they_closed(client, closed_case, ambassador_user):
    client.force_login(ambassador_user)
    listing = client.get(reverse("cases:ambassador_closed_list"))
    assert listing.status_code == 200
    assert closed_case.reference in listing.content.decode()
    page = client.get(reverse("cases:ambassador_closed_detail", args=[closed_case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert SECRET in body
    assert "Rustig afgerond." in body
    # Read-only: not a single form, only the way to ask for a reopening.
    assert "<form" not in body.split('id="inhoud"', 1)[1]
    assert reverse("cases:reopen_request", args=[closed_case.pk]) in body
    for name in ("note_add", "referral_add", "close", "phase", "consent_add"):
        assert reverse(f"cases:{name}", args=[closed_case.pk]) not in body


def test_the_read_is_in_the_access_log(client, closed_case, ambassador_user):
    from core.models import AuditEvent

    client.force_login(ambassador_user)
    client.get(reverse("cases:ambassador_closed_detail", args=[closed_case.pk]))
    assert AuditEvent.objects.filter(
        actor=ambassador_user,
        action="view",
        object_type="case",
        object_id=closed_case.pk,
    ).exists()


def test_the_ordinary_case_page_stays_closed_to_the_ambassador(
    client, closed_case, ambassador_user
):
    client.force_login(ambassador_user)
    assert client.get(reverse("cases:detail", args=[closed_case.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("note_add", {"text": "Nog iets", "kind": "notitie"}),
        ("referral_add", {"kind": "juridisch", "partner": "X"}),
        ("phase", {"phase": "nazorg"}),
        ("close", {"outcome": "Opnieuw"}),
        ("consent_add", {"purpose": "statistiek"}),
        ("police", {"advice": "geen"}),
        ("damage_add", {"kind": "overig"}),
        ("reopen", {"reason": "Zelf heropenen"}),
    ],
)
def test_every_direct_post_on_the_closed_case_is_refused(
    client, closed_case, ambassador_user, name, data
):
    client.force_login(ambassador_user)
    response = _post(client, name, closed_case.pk, data)
    assert response.status_code in (403, 404)
    closed_case.refresh_from_db()
    assert closed_case.status == c.Status.CLOSED
    assert closed_case.notes.count() == 0


def test_services_refuse_the_ambassador_a_write(closed_case, ambassador_user):
    with pytest.raises(PermissionDenied):
        note_add(case=closed_case, by=ambassador_user, text="Nog iets")
    with pytest.raises(PermissionDenied):
        case_reopen(case=closed_case, by=ambassador_user, reason="Zelf")


def test_another_ambassador_sees_nothing(client, closed_case, other_ambassador):
    user = fresh(other_ambassador.user)
    client.force_login(user)
    assert (
        closed_case.reference
        not in client.get(reverse("cases:ambassador_closed_list")).content.decode()
    )
    url = reverse("cases:ambassador_closed_detail", args=[closed_case.pk])
    assert client.get(url).status_code == 404
    response = _post(client, "reopen_request", closed_case.pk, {"reason": "Graag"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        reopen_request_create(case=closed_case, by=user, reason="Graag")
    assert not ReopenRequest.objects.exists()


def test_an_advisor_of_the_case_does_not_get_the_ambassador_view(
    client, closed_case, advisor
):
    client.force_login(advisor)
    url = reverse("cases:ambassador_closed_detail", args=[closed_case.pk])
    assert client.get(url).status_code == 403


def test_a_case_the_advisor_took_back_and_closed_is_not_the_ambassadors(
    accepted_case, advisor, ambassador_user
):
    handoff_withdraw(case=accepted_case, by=advisor, reason="Terug")
    case_close(case=accepted_case, by=advisor, outcome="Afgerond")
    assert not Case.objects.closed_by_ambassador(ambassador_user).exists()


def test_a_declined_handoff_gives_nothing(handed_case, advisor, ambassador_user):
    from cases.services.handoff import handoff_decline

    handoff_decline(
        handoff=handed_case.handoffs.get(), by=ambassador_user, reason="Geen tijd"
    )
    case_close(case=handed_case, by=advisor, outcome="Afgerond")
    assert not Case.objects.closed_by_ambassador(ambassador_user).exists()


def test_a_deactivated_ambassador_sees_nothing(closed_case, ambassador):
    ambassador.is_active = False
    ambassador.save(update_fields=["is_active"])
    assert not Case.objects.closed_by_ambassador(fresh(ambassador.user)).exists()


def test_reopened_case_leaves_the_ambassadors_closed_list(
    closed_case, advisor, ambassador_user
):
    case_reopen(case=closed_case, by=advisor, reason="Nieuw incident")
    assert not Case.objects.closed_by_ambassador(ambassador_user).exists()


def test_the_retention_purge_ends_it(closed_case, ambassador_user, settings):
    reopen_request_create(case=closed_case, by=ambassador_user, reason="Graag")
    later = timezone.now() + timedelta(
        days=settings.KLANKBORD_RETENTION["closed_cases"] + 1
    )
    purge(now=later)
    assert not Case.objects.closed_by_ambassador(ambassador_user).exists()
    assert not ReopenRequest.objects.exists()


# --- asking for a reopening -----------------------------------------------------------


def test_reopen_request_flow_granted(client, closed_case, ambassador_user, advisor):
    client.force_login(ambassador_user)
    url = reverse("cases:reopen_request", args=[closed_case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Er is een nieuw dreigement."})
    assert response.status_code == 302
    request = ReopenRequest.objects.get()
    assert request.status == c.ReopenRequestStatus.OPEN
    assert request.requested_by == ambassador_user
    page = client.get(reverse("cases:ambassador_closed_detail", args=[closed_case.pk]))
    assert reverse("cases:reopen_request", args=[closed_case.pk]) not in (
        page.content.decode()
    )

    # The advisor sees it above the queue (loaded apart; a link without JavaScript)
    # and on the case page, and reopens.
    client.force_login(advisor)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert reverse("cases:reopen_request_list") in queue
    for headers in ({}, {"HX-Request": "true"}):
        listed = client.get(reverse("cases:reopen_request_list"), headers=headers)
        assert closed_case.reference in listed.content.decode()
    detail = client.get(reverse("cases:detail", args=[closed_case.pk])).content.decode()
    assert "Er is een nieuw dreigement." in detail
    decide = reverse("cases:reopen_request_decide", args=[request.pk])
    assert decide in detail
    response = client.post(decide, {"decision": "reopen"})
    assert response.status_code == 302
    closed_case.refresh_from_db()
    request.refresh_from_db()
    assert closed_case.status == c.Status.TRIAGE
    assert request.status == c.ReopenRequestStatus.GRANTED
    assert request.decided_by == advisor
    assert "nieuw dreigement" in closed_case.history.last().reason

    client.force_login(ambassador_user)
    url = reverse("cases:ambassador_closed_detail", args=[closed_case.pk])
    assert client.get(url).status_code == 404


def test_reopen_request_declined_keeps_the_case_closed(
    client, closed_case, ambassador_user, advisor
):
    request = reopen_request_create(
        case=closed_case, by=ambassador_user, reason="Graag"
    )
    client.force_login(advisor)
    decide = reverse("cases:reopen_request_decide", args=[request.pk])
    client.post(decide, {"decision": "decline"})
    request.refresh_from_db()
    closed_case.refresh_from_db()
    assert request.status == c.ReopenRequestStatus.DECLINED
    assert closed_case.status == c.Status.CLOSED
    # Answered once: a second answer is refused and changes nothing.
    client.post(decide, {"decision": "reopen"})
    closed_case.refresh_from_db()
    assert closed_case.status == c.Status.CLOSED
    # The ambassador may ask again.
    reopen_request_create(case=closed_case, by=ambassador_user, reason="Nogmaals")
    assert ReopenRequest.objects.filter(status=c.ReopenRequestStatus.OPEN).count() == 1


def test_reopen_request_needs_a_reason_and_only_one_is_open(
    client, closed_case, ambassador_user
):
    client.force_login(ambassador_user)
    url = reverse("cases:reopen_request", args=[closed_case.pk])
    assert client.post(url, {"reason": "   "}).status_code == 400
    assert not ReopenRequest.objects.exists()
    reopen_request_create(case=closed_case, by=ambassador_user, reason="Graag")
    with pytest.raises(ValidationError):
        reopen_request_create(case=closed_case, by=ambassador_user, reason="Weer")
    assert client.post(url, {"reason": "Weer"}).status_code == 400
    assert ReopenRequest.objects.count() == 1


@pytest.mark.parametrize("who", ["ambassador_user", "other_org_advisor"])
def test_only_the_cases_advisor_answers_a_request(
    client, closed_case, ambassador_user, request, who
):
    reopen = reopen_request_create(case=closed_case, by=ambassador_user, reason="Graag")
    client.force_login(request.getfixturevalue(who))
    decide = reverse("cases:reopen_request_decide", args=[reopen.pk])
    assert client.post(decide, {"decision": "reopen"}).status_code == 404
    closed_case.refresh_from_db()
    assert closed_case.status == c.Status.CLOSED
    for grant in (True, False):
        with pytest.raises(PermissionDenied):
            reopen_request_decide(
                request=reopen, by=request.getfixturevalue(who), grant=grant
            )
    reopen.refresh_from_db()
    assert reopen.status == c.ReopenRequestStatus.OPEN


def test_a_bad_decision_value_changes_nothing(
    client, closed_case, ambassador_user, advisor
):
    reopen = reopen_request_create(case=closed_case, by=ambassador_user, reason="Graag")
    client.force_login(advisor)
    decide = reverse("cases:reopen_request_decide", args=[reopen.pk])
    assert client.post(decide, {"decision": "alles"}).status_code == 302
    reopen.refresh_from_db()
    assert reopen.status == c.ReopenRequestStatus.OPEN


def test_the_list_of_requests_is_the_organisations_advisors_only(
    client, closed_case, ambassador_user, other_org_advisor, advisor
):
    reopen_request_create(case=closed_case, by=ambassador_user, reason="Graag")
    url = reverse("cases:reopen_request_list")
    client.force_login(other_org_advisor)
    assert closed_case.reference not in client.get(url).content.decode()
    client.force_login(ambassador_user)
    assert client.get(url).status_code == 403
    client.force_login(advisor)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment


def test_a_reopen_request_is_in_the_persons_avg_export(closed_case, ambassador_user):
    from cases.services.reopen import reopen_request_create
    from security.subject_access import subject_access_export

    reopen_request_create(
        case=closed_case, by=ambassador_user, reason="Er is opnieuw een dreigbrief."
    )
    export = subject_access_export(closed_case.office_holder)
    (case,) = export["cases"]
    (request,) = case["reopen_requests"]
    assert request["reason"] == "Er is opnieuw een dreigbrief."
    assert request["by"] != ambassador_user.username
