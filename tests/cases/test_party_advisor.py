"""A party's own confidential advisor: set up by a functional admin (the organisation
in the admin, the membership with a second person's approval), with a caseload of
their own, and an intake that asks the scope question (a melding outside the scope is
recorded with what the person was told instead). The association's intake does not
ask it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.models import Case, OfficeHolder
from cases.services.intake import case_create
from core.models import Membership, Organisation
from security import approvals
from security.models import AccessRequest
from tests.factories import UserFactory, recorded_case

pytestmark = pytest.mark.django_db


def post(client, name, case_or_pk, data):
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return client.post(reverse(f"cases:{name}", args=[pk]), data)


def test_functional_admin_sets_up_a_party_with_its_own_advisor(
    client, functional_admin, superuser, party_case
):
    # The organisation itself is made in the admin (a superuser's, for now).
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_organisation_add"),
        {"name": "Demo Partij Twee", "slug": "demo-partij-twee", "kind": "partij"},
    )
    assert response.status_code == 302, response.content[:2000]
    party = Organisation.objects.get(slug="demo-partij-twee")
    assert party.is_party

    # The membership is a request that a second person approves (four eyes).
    newcomer = UserFactory(username="vp.nieuw", advisor=True, organisation=False)
    client.force_login(functional_admin)
    response = client.post(
        reverse("security:approval_request_membership"),
        {"account": newcomer.pk, "organisation": party.pk},
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    access_request = AccessRequest.objects.get(subject=newcomer)
    approvals.decide(
        access_request=access_request,
        by=UserFactory(functional_admin=True),
        approve=True,
    )
    assert Membership.objects.get(user=newcomer).organisation == party

    # The new advisor has an empty caseload of their own, and asks the scope.
    client.force_login(newcomer)
    queue = client.get(reverse("cases:queue"))
    assert list(queue.context["cases"]) == []
    assert party_case.reference not in queue.content.decode()
    assert 'name="scope"' in client.get(reverse("cases:intake")).content.decode()


def test_party_intake_page_asks_the_scope_and_the_association_page_does_not(
    client, advisor, party_advisor
):
    client.force_login(party_advisor)
    assert 'name="scope"' in client.get(reverse("cases:intake")).content.decode()
    client.force_login(advisor)
    assert 'name="scope"' not in client.get(reverse("cases:intake")).content.decode()


def test_out_of_scope_melding_is_categorised_with_what_was_said(
    party_advisor, party_holder
):
    case = case_create(
        by=party_advisor,
        office_holder=party_holder,
        channel=c.Channel.PHONE,
        category=c.Category.OTHER,
        occurred_on=timezone.localdate(),
        urgency=c.Urgency.LOW,
        account="Boos over het verkiezingsprogramma",
        scope=c.Scope.PARTY_POSITIONS,
        told_instead="Verwezen naar de ledenvergadering.",
    )
    assert case.category == c.Category.OUT_OF_SCOPE
    assert case.told_instead == "Verwezen naar de ledenvergadering."


def test_association_cases_ignore_the_scope(advisor, office_holder):
    case = recorded_case(advisor, office_holder, scope=c.Scope.BOARD)
    assert case.scope == ""
    assert case.category == c.Category.THREAT


def intake_data(**overrides):
    data = {
        "category": "bedreiging",
        "occurred_on": timezone.localdate().isoformat(),
        "urgency": "3",
        "account": "Aangevuld verhaal",
    }
    data.update(overrides)
    return data


def test_party_intake_out_of_scope_needs_what_the_person_was_told(
    client, party_advisor, party_case
):
    client.force_login(party_advisor)
    response = post(client, "complete_intake", party_case, intake_data(scope="bestuur"))
    assert response.status_code == 400
    assert "wat de persoon in plaats daarvan is verteld" in response.content.decode()
    party_case.refresh_from_db()
    assert party_case.scope == c.Scope.UNWANTED_BEHAVIOUR


def test_party_intake_needs_a_scope(client, party_advisor, gemeente):
    client.force_login(party_advisor)
    response = client.post(
        reverse("cases:intake"),
        {
            "new_name": "Piet Partijlid",
            "new_office": "raadslid",
            "new_gemeente": gemeente.code,
            "channel": "telefoon",
            "category": "grensoverschrijdend",
            "occurred_on": timezone.localdate().isoformat(),
            "urgency": "2",
            "account": "Verhaal",
        },
    )
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    assert Case.objects.count() == 0
    assert OfficeHolder.objects.count() == 0
