"""The admin of the reference data: gemeenten moved between regions (also from the
list), CBS fields and provinces read-only, regions with their gemeenten and
ambassadors."""

import pytest
from django.urls import reverse

from regions.models import Gemeente, Province, Region

pytestmark = pytest.mark.django_db


def test_functional_admin_moves_gemeenten_in_the_list(client, superuser, loaded):
    gemeente = Gemeente.objects.get(code="GM0363")
    target = Region.objects.get(code="VR12")
    client.force_login(superuser)
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


def test_cbs_fields_of_a_gemeente_cannot_be_changed(client, superuser, loaded):
    gemeente = Gemeente.objects.get(code="GM0363")
    client.force_login(superuser)
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


def test_provinces_are_read_only(client, superuser, loaded):
    province = Province.objects.get(code="PV27")
    url = reverse("admin:regions_province_change", args=[province.pk])
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    assert client.post(url, {"code": "PV27", "name": "Holland"}).status_code == 403
    assert Province.objects.get(pk=province.pk).name == "Noord-Holland"


def test_gemeente_list_queries_do_not_grow_with_the_rows(
    client, superuser, loaded, django_assert_max_num_queries
):
    client.force_login(superuser)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("admin:regions_gemeente_changelist"))
    assert response.status_code == 200


def test_region_page_lists_its_gemeenten(client, superuser, loaded):
    region = Region.objects.get(code="VR13")
    client.force_login(superuser)
    response = client.get(reverse("admin:regions_region_change", args=[region.pk]))
    assert response.status_code == 200
    assert "Amsterdam" in response.content.decode()


def test_functional_admin_moves_a_gemeente_to_another_region(
    client, superuser, gemeente, other_region
):
    client.force_login(superuser)
    url = reverse("admin:regions_gemeente_change", args=[gemeente.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"region": other_region.pk})
    assert response.status_code == 302
    assert Gemeente.objects.get(pk=gemeente.pk).region == other_region


def test_functional_admin_adds_a_region(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:regions_region_add"),
        {
            "code": "R-OOST",
            "name": "Oost",
            "is_active": "on",
            "gemeenten-TOTAL_FORMS": "0",
            "gemeenten-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Region.objects.filter(code="R-OOST").exists()


def test_region_list_counts_gemeenten_and_ambassadors(
    client, superuser, region, gemeente, ambassador
):
    client.force_login(superuser)
    response = client.get(reverse("admin:regions_region_changelist"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == region.pk)
    assert (row.gemeente_count, row.active_ambassador_count) == (1, 1)
