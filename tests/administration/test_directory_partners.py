"""Network partners in the app: a functional admin lists, adds, changes and
deactivates them, and deletes only one no referral points at. Every change is an
audit event naming fields, never a partner's name or contact details."""

import pytest
from django.urls import reverse

from cases import constants as c
from cases.models import Partner
from core.constants import AuditAction
from core.models import AuditEvent
from tests.factories import (
    OrganisationFactory,
    PartnerFactory,
    ReferralFactory,
    default_organisation,
)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:partner_list")
CREATE = reverse("directory:partner_create")


def edit_url(partner):
    return reverse("directory:partner_edit", args=[partner.pk])


def delete_url(partner):
    return reverse("directory:partner_delete", args=[partner.pk])


@pytest.fixture
def partner(region):
    return PartnerFactory(
        name="Slotenmaker Jansen", regions=[region], phone="030 123 45 67"
    )


def changes():
    return list(
        AuditEvent.objects.filter(object_type="partner")
        .exclude(action=AuditAction.VIEW)
        .values_list("action", "object_id", "detail")
    )


def body(**fields):
    data = {
        "organisation": default_organisation().pk,
        "name": "Advocatenkantoor De Vries",
        "kind": c.PartnerKind.LEGAL,
        "expertise": "bedreiging, smaad",
        "availability": c.PartnerAvailability.AVAILABLE,
        "availability_note": "",
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def test_the_list_shows_active_and_inactive_partners(admin, partner):
    PartnerFactory(name="Oud-burgemeester Pieters", is_active=False)
    page = admin.get(LIST).content.decode()
    assert "Slotenmaker Jansen" in page
    assert "Oud-burgemeester Pieters" in page
    assert "Inactief" in page


def test_the_list_takes_a_fixed_number_of_queries(
    admin, partner, region, django_assert_max_num_queries
):
    for n in range(15):
        PartnerFactory(name=f"Partner {n}", regions=[region])
    with django_assert_max_num_queries(12):
        admin.get(LIST)


def test_a_new_partner_is_saved_and_audited(admin, region):
    response = admin.post(CREATE, body(regions=[region.pk]))
    assert response.status_code == 302
    created = Partner.objects.get(name="Advocatenkantoor De Vries")
    assert list(created.regions.all()) == [region]
    [(action, pk, detail)] = changes()
    assert (action, pk) == (AuditAction.CREATE, created.pk)
    assert "De Vries" not in detail


def test_a_partner_of_another_organisation_may_be_added(admin):
    party = OrganisationFactory(party=True)
    admin.post(CREATE, body(organisation=party.pk))
    assert Partner.objects.get(name="Advocatenkantoor De Vries").organisation == party


def test_a_change_is_audited_naming_the_fields(admin, partner, region):
    response = admin.post(
        edit_url(partner),
        body(
            name="Slotenmaker Jansen",
            kind=c.PartnerKind.SECURITY,
            expertise="",
            phone="030 123 45 67",
            availability=c.PartnerAvailability.LIMITED,
            regions=[region.pk],
        ),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.availability == c.PartnerAvailability.LIMITED
    assert changes() == [(AuditAction.UPDATE, partner.pk, "availability")]


def test_deactivating_is_audited_and_keeps_the_partner(admin, partner, region):
    response = admin.post(
        edit_url(partner),
        body(
            name="Slotenmaker Jansen",
            kind=c.PartnerKind.SECURITY,
            expertise="",
            phone="030 123 45 67",
            regions=[region.pk],
            is_active=None,
        ),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.is_active is False
    assert changes() == [(AuditAction.UPDATE, partner.pk, "is_active: deactivated")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Dit veld is verplicht."),
        ({"name": "x" * 201}, "niet meer dan 200 tekens"),
        ({"kind": ""}, "Dit veld is verplicht."),
        ({"kind": "waarzegger"}, "Selecteer een geldige keuze"),
        ({"organisation": "999999"}, "Selecteer een geldige keuze"),
        ({"organisation": ""}, "Dit veld is verplicht."),
        ({"email": "geen-adres"}, "geldig e-mailadres"),
        ({"phone": "bel me maar"}, "telefoonnummer"),
        ({"phone": "0" * 31}, "niet meer dan 30 tekens"),
        ({"expertise": "x" * 301}, "niet meer dan 300 tekens"),
        ({"regions": ["999999"]}, "geen beschikbare keuze"),
        ({"name": "Slotenmaker Jansen"}, "Er is al een netwerkpartner met deze naam"),
        ({"name": "SLOTENMAKER JANSEN "}, "Er is al een netwerkpartner met deze naam"),
        ({"expertise": "a\x00b"}, "niet toegestaan"),
    ],
)
def test_invalid_input_gives_a_message_and_saves_nothing(
    admin, partner, fields, message
):
    before = Partner.objects.count()
    response = admin.post(CREATE, body(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Partner.objects.count() == before
    assert changes() == []


def test_the_same_name_in_another_organisation_is_fine(admin, partner):
    party = OrganisationFactory(party=True)
    response = admin.post(
        CREATE, body(name="Slotenmaker Jansen", organisation=party.pk)
    )
    assert response.status_code == 302


def test_a_partner_with_referrals_is_not_deleted(admin, partner, case):
    ReferralFactory(case=case, network_partner=partner, kind=c.ReferralKind.SECURITY)
    response = admin.post(delete_url(partner), follow=True)
    assert Partner.objects.filter(pk=partner.pk).exists()
    page = response.content.decode()
    assert "1 verwijzing" in page
    assert "inactief" in page
    assert changes() == []


def test_the_delete_page_offers_no_delete_when_referrals_point_at_it(
    admin, partner, case
):
    ReferralFactory(case=case, network_partner=partner, kind=c.ReferralKind.SECURITY)
    page = admin.get(delete_url(partner)).content.decode()
    assert "kan niet worden verwijderd" in page


def test_a_partner_without_referrals_is_deleted_and_audited(admin, partner):
    pk = partner.pk
    response = admin.post(delete_url(partner))
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=pk).exists()
    assert changes() == [(AuditAction.DELETE, pk, "")]
