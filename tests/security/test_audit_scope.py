"""Audit views stay inside the organisation.

A functional administrator reads a case's audit log, and a privacy officer the
access log, of their own organisation only: a party's cases are invisible to the
association's staff and the other way round. Another organisation's case id answers
exactly like an id that never existed (404, the same page), also in the access log's
case filter and its export; and reading an audit view is itself an event.
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case
from cases.services.intake import case_create
from core.audit import events_of_organisation
from core.constants import AuditAction
from core.models import AuditEvent
from security import services as security_services
from tests.factories import OfficeHolderFactory, OrganisationFactory, UserFactory, fresh

pytestmark = pytest.mark.django_db

LOG = "security:access_log"
EXPORT = "security:access_log_export"
UNKNOWN_ID = 987654


@pytest.fixture
def party(db):
    return OrganisationFactory(name="Fictieve Partij", slug="fictief", party=True)


@pytest.fixture
def party_advisor(party):
    return fresh(UserFactory(username="vp.fictief", advisor=True, organisation=party))


@pytest.fixture
def party_colleague(party):
    return fresh(UserFactory(username="vp.collega", advisor=True, organisation=party))


@pytest.fixture
def party_case(party, party_advisor, party_colleague, gemeente):
    """A party's case with a confidentiality break asked for (its ground and legal
    basis are in the audit log's detail)."""
    holder = OfficeHolderFactory(
        organisation=party, gemeente=gemeente, name="Koos Partijlid"
    )
    case = case_create(
        by=party_advisor,
        office_holder=holder,
        channel=c.Channel.PHONE,
        category=c.Category.OTHER,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.NORMAL,
        account="Fictief.",
        owner=party_advisor,
        scope=c.Scope.UNWANTED_BEHAVIOUR,
    )
    security_services.confidentiality_break_request(
        case=case,
        by=party_advisor,
        ground="levensgevaar",
        legal_basis="vitaal-belang",
        disclosed_to="Huisarts",
        reason="reden",
    )
    return case


@pytest.fixture
def party_admin(party):
    return fresh(
        UserFactory(username="beheer.partij", functional_admin=True, organisation=party)
    )


@pytest.fixture
def party_privacy_officer(party):
    return fresh(
        UserFactory(username="fg.partij", privacy_officer=True, organisation=party)
    )


def _without_token(response) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(
        r'name="csrf[^"]*" (?:content|value)="[^"]*"', "", response.content.decode()
    )


def _audit_log(client, user, pk):
    client.force_login(user)
    return client.get(reverse("cases:audit_log", args=[pk]))


# --- a case's audit log -------------------------------------------------------------


def test_admin_reads_the_audit_log_of_an_own_case(client, functional_admin, case):
    response = _audit_log(client, functional_admin, case.pk)
    assert response.status_code == 200
    # The log reads as sentences: the actor's name and role, never a username.
    body = response.content.decode()
    assert "(vertrouwenspersoon)" in body
    assert "vp.anna" not in body


def test_admin_cannot_read_another_organisations_case_log(
    client, functional_admin, party_case
):
    response = _audit_log(client, functional_admin, party_case.pk)
    assert response.status_code == 404
    body = response.content.decode()
    assert "vp.fictief" not in body
    assert "levensgevaar" not in body


def test_another_organisations_id_answers_like_an_unknown_id(
    client, functional_admin, party_case
):
    assert not Case.objects.filter(pk=UNKNOWN_ID).exists()
    theirs = _audit_log(client, functional_admin, party_case.pk)
    unknown = _audit_log(client, functional_admin, UNKNOWN_ID)
    assert theirs.status_code == unknown.status_code == 404
    # The same page, but for the id in its own address (the language switch's "next").
    assert _without_token(theirs).replace(f"/{party_case.pk}/", "/X/") == (
        _without_token(unknown).replace(f"/{UNKNOWN_ID}/", "/X/")
    )


def test_the_partys_admin_reads_the_partys_log_only(
    client, party_admin, party_case, case
):
    assert _audit_log(client, party_admin, party_case.pk).status_code == 200
    assert _audit_log(client, party_admin, case.pk).status_code == 404


def test_the_log_of_a_removed_case_stays_with_its_organisation(
    client, functional_admin, party_admin, party_case
):
    """Retention removes the case; its events stay, still scoped: by who acted."""
    pk = party_case.pk
    Case.objects.filter(pk=pk).delete()
    assert AuditEvent.objects.filter(case_id=pk).exists()
    assert _audit_log(client, party_admin, pk).status_code == 200
    assert _audit_log(client, functional_admin, pk).status_code == 404


def test_reading_a_case_log_is_itself_logged(client, functional_admin, case):
    _audit_log(client, functional_admin, case.pk)
    event = AuditEvent.objects.get(actor=functional_admin, object_type="auditlog")
    assert event.action == AuditAction.VIEW
    assert event.case_id == case.pk


def test_the_advisor_of_another_organisation_gets_404(
    client, party_advisor, case, advisor
):
    assert _audit_log(client, party_advisor, case.pk).status_code == 404
    assert _audit_log(client, advisor, case.pk).status_code == 200


# --- the access log -----------------------------------------------------------------


def test_privacy_officer_sees_own_organisation_only(
    client, privacy_officer, party_case, case
):
    client.force_login(privacy_officer)
    body = client.get(reverse(LOG)).content.decode()
    assert case.reference in body
    assert party_case.reference not in body
    assert "vp.fictief" not in body


def test_the_access_log_case_filter_does_not_tell_which_ids_exist(
    client, privacy_officer, party_case
):
    client.force_login(privacy_officer)
    theirs = client.get(reverse(LOG), {"case": party_case.reference})
    unknown = client.get(reverse(LOG), {"case": f"M-{UNKNOWN_ID}"})
    assert list(theirs.context["events"]) == list(unknown.context["events"]) == []


def test_the_export_holds_own_organisation_only(
    client, privacy_officer, party_case, case
):
    client.force_login(privacy_officer)
    body = b"".join(client.get(reverse(EXPORT)).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert any(row[6] == case.reference for row in rows[1:])
    assert not any(row[6] == party_case.reference for row in rows[1:])
    assert not any(row[1] in {"vp.fictief", "vp.collega"} for row in rows[1:])


def test_the_partys_privacy_officer_sees_the_party_only(
    client, party_privacy_officer, party_case, case
):
    client.force_login(party_privacy_officer)
    body = client.get(reverse(LOG)).content.decode()
    assert party_case.reference in body
    assert case.reference not in body
    assert "vp.anna" not in body


def test_a_privacy_officer_without_an_organisation_sees_nothing(client, case):
    officer = fresh(UserFactory(privacy_officer=True, organisation=False))
    client.force_login(officer)
    response = client.get(reverse(LOG))
    assert response.status_code == 200
    events = list(response.context["events"])
    assert all(e.actor_id == officer.pk for e in events) or events == []
    assert case.reference not in response.content.decode()


def test_reading_and_exporting_the_access_log_are_logged(
    client, privacy_officer, party_privacy_officer, case
):
    client.force_login(privacy_officer)
    client.get(reverse(LOG), {"user": "vp"})
    b"".join(client.get(reverse(EXPORT)).streaming_content)
    mine = AuditEvent.objects.filter(actor=privacy_officer, object_type="accesslog")
    assert set(mine.values_list("action", flat=True)) == {
        AuditAction.VIEW,
        AuditAction.EXPORT,
    }
    assert "user=vp" in mine.get(action=AuditAction.VIEW).detail
    # The party's privacy officer does not see the association's officer at work.
    client.force_login(party_privacy_officer)
    assert "fg.pia" not in client.get(reverse(LOG)).content.decode()


def test_events_without_a_case_follow_the_actor(privacy_officer, party_advisor):
    own = AuditEvent.objects.create(
        actor=privacy_officer,
        actor_username="fg.pia",
        action=AuditAction.VIEW,
        object_type="officeholder",
        object_id=1,
    )
    theirs = AuditEvent.objects.create(
        actor=party_advisor,
        actor_username="vp.fictief",
        action=AuditAction.VIEW,
        object_type="officeholder",
        object_id=2,
    )
    system = AuditEvent.objects.create(
        actor=None,
        actor_username="system",
        action=AuditAction.PURGE,
        object_type="case",
        object_id=3,
        case_id=UNKNOWN_ID,
    )
    organisation_id = privacy_officer.membership.organisation_id
    visible = set(events_of_organisation(organisation_id))
    assert own in visible
    assert theirs not in visible
    assert system not in visible
    assert not events_of_organisation(None).exists()
