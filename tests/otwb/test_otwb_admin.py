"""A functional admin sets up a party with its own advisor, and maintains the expert
network, in the admin: no deploy. Case content stays out of the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cases import constants as c
from cases.models import AdvisorAction, Damage, Partner, PoliceReport
from core.models import Membership, Organisation
from tests.kb_fixtures import Role, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [PoliceReport, Damage, AdvisorAction])
def test_new_case_content_is_not_in_the_admin(model):
    assert not admin.site.is_registered(model)


def test_functional_admin_sets_up_a_party_with_its_own_advisor(
    client, functional_admin, party_case
):
    client.force_login(functional_admin)
    response = client.post(
        reverse("admin:core_organisation_add"),
        {"name": "Demo Partij Twee", "slug": "demo-partij-twee", "kind": "partij"},
    )
    assert response.status_code == 302, response.content[:2000]
    party = Organisation.objects.get(slug="demo-partij-twee")
    assert party.is_party

    newcomer = make_user("vp.nieuw", Role.ADVISOR)
    response = client.post(
        reverse("admin:core_membership_add"),
        {"user": newcomer.pk, "organisation": party.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).organisation == party

    # The new advisor has an empty caseload of their own, and asks the scope.
    client.force_login(newcomer)
    queue = client.get(reverse("cases:queue"))
    assert list(queue.context["cases"]) == []
    assert party_case.reference not in queue.content.decode()
    assert 'name="scope"' in client.get(reverse("cases:intake")).content.decode()


def test_functional_admin_maintains_the_expert_network(
    client, functional_admin, organisation, region
):
    client.force_login(functional_admin)
    assert client.get(reverse("admin:cases_partner_changelist")).status_code == 200
    response = client.post(
        reverse("admin:cases_partner_add"),
        {
            "organisation": organisation.pk,
            "name": "Nazorgpraktijk Fictief",
            "kind": "nazorg",
            "expertise": "Traumazorg voor gezinnen",
            "regions": [region.pk],
            "availability": "beschikbaar",
            "availability_note": "",
            "phone": "",
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    partner = Partner.objects.get()
    assert list(partner.regions.all()) == [region]
    response = client.post(
        reverse("admin:cases_partner_change", args=[partner.pk]),
        {
            "organisation": organisation.pk,
            "name": partner.name,
            "kind": "nazorg",
            "expertise": partner.expertise,
            "regions": [region.pk],
            "availability": "niet-beschikbaar",
            "availability_note": "Met verlof tot 1 maart",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.availability == c.PartnerAvailability.UNAVAILABLE


def test_partner_with_referrals_cannot_be_deleted_in_the_admin(
    client, functional_admin, advisor, case, security_partner
):
    from cases.services.referrals import referral_create
    from tests.kb_fixtures import give_consent

    give_consent(case, advisor, c.ConsentPurpose.REFERRAL, "beveiliging")
    referral_create(case=case, by=advisor, network_partner=security_partner)
    client.force_login(functional_admin)
    response = client.post(
        reverse("admin:cases_partner_delete", args=[security_partner.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    assert Partner.objects.filter(pk=security_partner.pk).exists()


def test_advisors_cannot_use_the_partner_admin(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("admin:cases_partner_changelist"))
    assert response.status_code == 302  # not staff: sent to the admin login
