"""The admin maintains reference data, organisations and people — never case content."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cases.models import (
    Case,
    CaseHistory,
    Consent,
    Handoff,
    Note,
    OfficeHolder,
    Referral,
)
from core.models import AuditEvent
from regions.models import Gemeente, Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [Case, CaseHistory, Consent, Handoff, Note, OfficeHolder, Referral, AuditEvent],
)
def test_case_content_is_not_in_the_admin(model):
    assert not admin.site.is_registered(model)


def test_functional_admin_moves_a_gemeente_to_another_region(
    client, functional_admin, gemeente, other_region
):
    client.force_login(functional_admin)
    url = reverse("admin:regions_gemeente_change", args=[gemeente.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"region": other_region.pk})
    assert response.status_code == 302
    assert Gemeente.objects.get(pk=gemeente.pk).region == other_region


def test_functional_admin_adds_a_region(client, functional_admin):
    client.force_login(functional_admin)
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
    client, functional_admin, region, gemeente, ambassador
):
    client.force_login(functional_admin)
    response = client.get(reverse("admin:regions_region_changelist"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == region.pk)
    assert (row.gemeente_count, row.active_ambassador_count) == (1, 1)


@pytest.mark.parametrize("role", ["advisor", "staff_user", "ambassador"])
def test_other_roles_cannot_enter_the_admin(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(getattr(user, "user", user))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_functional_admin_cannot_give_themselves_a_role(client, functional_admin):
    from django.contrib.auth.models import Group

    client.force_login(functional_admin)
    url = reverse("admin:auth_user_change", args=[functional_admin.pk])
    page = client.get(url)
    assert page.status_code == 200
    advisors = Group.objects.get(name="vertrouwenspersoon")
    form = page.context["adminform"].form
    assert "groups" not in form.fields
    client.post(url, {"username": functional_admin.username, "groups": [advisors.pk]})
    assert not functional_admin.groups.filter(pk=advisors.pk).exists()


def test_ambassador_must_work_for_the_users_organisation(
    ambassador, other_organisation
):
    from django.core.exceptions import ValidationError

    ambassador.organisation = other_organisation
    with pytest.raises(ValidationError):
        ambassador.full_clean()
