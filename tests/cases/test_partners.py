"""The expert network (netwerkpartners): kept in the admin by a functional admin, listed
for the advisors of the same organisation (filters, sort, paging, constant queries),
offered first for the case's region in the referral form, and refused as a referral
where it does not fit."""

import pytest
from django.urls import reverse

from cases import constants as c
from cases.models import Partner, Referral
from cases.services.referrals import referral_create
from tests.factories import PartnerFactory, consent_given

pytestmark = pytest.mark.django_db


def post(client, name, case_or_pk, data):
    pk = getattr(case_or_pk, "pk", case_or_pk)
    return client.post(reverse(f"cases:{name}", args=[pk]), data)


# --- the admin ------------------------------------------------------------------------


def test_a_superuser_maintains_the_expert_network_in_the_admin(
    client, superuser, organisation, region
):
    client.force_login(superuser)
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
    client, superuser, advisor, case, security_partner
):

    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="beveiliging"
    )
    referral_create(case=case, by=advisor, network_partner=security_partner)
    client.force_login(superuser)
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


# --- the list -------------------------------------------------------------------------


def test_partner_list_filters_sorts_and_paginates(
    client, advisor, organisation, region, other_region, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 2
    PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.SECURITY,
        regions=[region],
        name="A Beveiliging",
    )
    PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.LEGAL,
        regions=[other_region],
        name="B Juristen",
    )
    PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.PEER,
        regions=[],
        name="C Landelijk",
    )
    PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.AFTERCARE,
        regions=[region],
        name="D Nazorg",
        availability=c.PartnerAvailability.LIMITED,
    )
    PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.SECURITY,
        regions=[region],
        name="E Oud",
        is_active=False,
    )
    client.force_login(advisor)
    url = reverse("cases:partner_list")

    def names(params):
        return [p.name for p in client.get(url, params).context["partners"]]

    assert names({}) == ["A Beveiliging", "B Juristen"]
    assert names({"page": 2}) == ["C Landelijk", "D Nazorg"]
    assert names({"sort": "-name"}) == ["D Nazorg", "C Landelijk"]
    # Region: partners working there, and nationwide partners.
    assert names({"region": region.pk}) == ["A Beveiliging", "C Landelijk"]
    assert names({"region": region.pk, "page": 2}) == ["D Nazorg"]
    assert names({"kind": "juridisch"}) == ["B Juristen"]
    assert names({"availability": "beperkt"}) == ["D Nazorg"]
    assert names({"q": "nazorg"}) == ["D Nazorg"]


def test_partner_list_ignores_invalid_filters(client, advisor, security_partner):
    client.force_login(advisor)
    response = client.get(
        reverse("cases:partner_list"),
        {"kind": "tovenaar", "region": "abc", "sort": "x", "page": "999"},
    )
    assert response.status_code == 200
    assert security_partner.name in response.content.decode()


def test_partner_list_runs_a_constant_number_of_queries(
    client, advisor, organisation, region, django_assert_max_num_queries, settings
):
    settings.KLANKBORD_QUEUE_PAGE_SIZE = 250
    for n in range(60):
        PartnerFactory(
            organisation=organisation,
            kind=c.PartnerKind.SECURITY,
            regions=[region],
            name=f"P{n}",
        )
    client.force_login(advisor)
    # 60 partners, a fixed bound (the second-factor check costs one query per request).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cases:partner_list"))
    assert len(response.context["partners"]) == 60


def test_partner_list_shows_only_the_own_organisation(
    client, advisor, party, party_advisor, security_partner
):
    party_partner = PartnerFactory(
        organisation=party, kind=c.PartnerKind.LEGAL, name="Partijjurist"
    )
    client.force_login(party_advisor)
    content = client.get(reverse("cases:partner_list")).content.decode()
    assert "Partijjurist" in content
    assert security_partner.name not in content
    client.force_login(advisor)
    content = client.get(reverse("cases:partner_list")).content.decode()
    assert security_partner.name in content
    assert party_partner.name not in content


def test_partner_list_is_not_for_staff(client, staff_user, no_role_user):
    for user in (staff_user, no_role_user):
        client.force_login(user)
        assert client.get(reverse("cases:partner_list")).status_code == 403


# --- referring to a partner -----------------------------------------------------------


def test_referral_form_offers_the_regions_partners_first(
    client, advisor, case, organisation, other_region, security_partner
):
    far = PartnerFactory(
        organisation=organisation,
        kind=c.PartnerKind.LEGAL,
        regions=[other_region],
        name="Ver",
    )
    national = PartnerFactory(
        organisation=organisation, kind=c.PartnerKind.PEER, regions=[], name="Overal"
    )
    client.force_login(advisor)
    form = client.get(reverse("cases:referral_add", args=[case.pk])).context["form"]
    offered = list(form.fields["network_partner"].queryset)
    assert offered == [security_partner, national, far]


def test_referral_to_an_unavailable_partner_is_refused(client, advisor, case):
    partner = PartnerFactory(
        organisation=case.organisation,
        kind=c.PartnerKind.LEGAL,
        availability=c.PartnerAvailability.UNAVAILABLE,
    )
    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="juridisch"
    )
    client.force_login(advisor)
    response = post(client, "referral_add", case, {"network_partner": partner.pk})
    assert response.status_code == 400
    assert "niet beschikbaar" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_a_partner_without_that_consent_is_refused(
    client, advisor, case, security_partner
):
    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="juridisch"
    )
    client.force_login(advisor)
    response = post(
        client, "referral_add", case, {"network_partner": security_partner.pk}
    )
    assert response.status_code == 400
    assert "geen geldige toestemming" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_a_partner_and_a_named_one_is_refused(
    client, advisor, case, security_partner
):
    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="beveiliging"
    )
    client.force_login(advisor)
    response = post(
        client,
        "referral_add",
        case,
        {"network_partner": security_partner.pk, "partner": "Iemand anders"},
    )
    assert response.status_code == 400
    assert "niet allebei" in response.content.decode()
    assert not Referral.objects.exists()


def test_referral_to_another_organisations_partner_is_refused(
    client, advisor, party, case
):
    foreign = PartnerFactory(
        organisation=party, kind=c.PartnerKind.LEGAL, name="Partijjurist"
    )
    consent_given(
        case, by=advisor, purpose=c.ConsentPurpose.REFERRAL, referral_kind="juridisch"
    )
    client.force_login(advisor)
    response = client.post(
        reverse("cases:referral_add", args=[case.pk]),
        {"network_partner": foreign.pk},
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Referral.objects.exists()
