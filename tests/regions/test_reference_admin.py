"""The admin: reference data, organisations and people; never case content."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory
from django.urls import reverse

from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseHistory,
    CaseUserObjectPermission,
    Consent,
    Handoff,
    Note,
    OfficeHolder,
    Referral,
)
from core.constants import Role
from core.models import AuditEvent, Membership, Organisation
from network.models import Ambassador
from regions.models import Gemeente, Province, Region
from regions.services import load_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder():
    user = User.objects.create_user(
        "beheer.test", "beheer.test@example.org", "een-lang-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name=Role.ADMIN))
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(is_default=True)
    )
    return user


@pytest.fixture
def loaded():
    load_reference_data()


@pytest.mark.parametrize(
    "model",
    [
        Case,
        Note,
        Consent,
        Referral,
        Handoff,
        CaseHistory,
        OfficeHolder,
        AuditEvent,
        CaseUserObjectPermission,
        CaseGroupObjectPermission,
    ],
)
def test_case_content_is_not_registered_in_the_admin(model):
    assert not admin.site.is_registered(model)


@pytest.mark.parametrize(
    "model", [Province, Gemeente, Region, Organisation, Membership, Ambassador, User]
)
def test_reference_data_and_people_are_in_the_admin(model):
    assert admin.site.is_registered(model)


def test_functional_admin_moves_gemeenten_in_the_list(client, beheerder, loaded):
    gemeente = Gemeente.objects.get(code="GM0363")
    target = Region.objects.get(code="VR12")
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:regions_gemeente_changelist") + "?q=GM0363",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(gemeente.pk),
            "form-0-region": str(target.pk),
            "_save": "Opslaan",
        },
    )
    assert response.status_code == 302
    assert Gemeente.objects.get(pk=gemeente.pk).region == target


def test_cbs_fields_of_a_gemeente_cannot_be_changed(client, beheerder, loaded):
    gemeente = Gemeente.objects.get(code="GM0363")
    client.force_login(beheerder)
    client.post(
        reverse("admin:regions_gemeente_change", args=[gemeente.pk]),
        {
            "code": "GM9999",
            "name": "Mokum",
            "province": Province.objects.get(code="PV20").pk,
            "region": gemeente.region_id,
        },
    )
    gemeente.refresh_from_db()
    assert (gemeente.code, gemeente.name, gemeente.province.code) == (
        "GM0363",
        "Amsterdam",
        "PV27",
    )


def test_provinces_are_read_only(client, beheerder, loaded):
    province = Province.objects.get(code="PV27")
    url = reverse("admin:regions_province_change", args=[province.pk])
    client.force_login(beheerder)
    assert client.get(url).status_code == 200
    assert client.post(url, {"code": "PV27", "name": "Holland"}).status_code == 403
    assert Province.objects.get(pk=province.pk).name == "Noord-Holland"


def test_gemeente_list_queries_do_not_grow_with_the_rows(
    client, beheerder, loaded, django_assert_max_num_queries
):
    client.force_login(beheerder)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:regions_gemeente_changelist"))
    assert response.status_code == 200


def test_region_page_lists_its_gemeenten(client, beheerder, loaded):
    region = Region.objects.get(code="VR13")
    client.force_login(beheerder)
    response = client.get(reverse("admin:regions_region_change", args=[region.pk]))
    assert response.status_code == 200
    assert "Amsterdam" in response.content.decode()


def test_not_even_a_superuser_deletes_an_organisation(db):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    request = RequestFactory().get("/")
    request.user = root
    organisation = Organisation.objects.get(is_default=True)
    assert not admin.site._registry[Organisation].has_delete_permission(
        request, organisation
    )


def test_functional_admin_cannot_make_anyone_superuser(beheerder):
    request = RequestFactory().get("/")
    request.user = beheerder
    user_admin = admin.site._registry[User]
    readonly = user_admin.get_readonly_fields(request, beheerder)
    assert {"is_superuser", "user_permissions"} <= set(readonly)


def test_functional_admin_cannot_change_a_superuser(beheerder):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    request = RequestFactory().get("/")
    request.user = beheerder
    assert not admin.site._registry[User].has_change_permission(request, root)
