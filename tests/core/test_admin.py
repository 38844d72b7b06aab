"""The admin keeps reference data, organisations and people, never case content. Only
functional admins enter it, and they cannot give themselves a role or make anyone a
superuser; not even a superuser deletes an organisation."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from cases.models import (
    AdvisorAction,
    Case,
    CaseGroupObjectPermission,
    CaseHistory,
    CaseUserObjectPermission,
    Consent,
    Damage,
    Handoff,
    Note,
    OfficeHolder,
    PoliceReport,
    Referral,
)
from core.models import AuditEvent, Membership, Organisation
from network.models import Ambassador
from regions.models import Gemeente, Province, Region

pytestmark = pytest.mark.django_db


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
        PoliceReport,
        Damage,
        AdvisorAction,
    ],
)
def test_case_content_is_not_registered_in_the_admin(model):
    assert not admin.site.is_registered(model)


@pytest.mark.parametrize(
    "model", [Province, Gemeente, Region, Organisation, Membership, Ambassador, User]
)
def test_reference_data_and_people_are_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize(
    "role", ["advisor", "staff_user", "ambassador", "functional_admin"]
)
def test_other_roles_cannot_enter_the_admin(client, request, role):
    """The admin is a superuser's (technical maintenance): a functional admin works
    in /beheren/ (security.administration), like every other role outside it."""
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
    assert page.status_code == 302
    assert reverse("admin:login") in page["Location"]
    advisors = Group.objects.get(name="vertrouwenspersoon")
    client.post(url, {"username": functional_admin.username, "groups": [advisors.pk]})
    assert not functional_admin.groups.filter(pk=advisors.pk).exists()


def test_functional_admin_cannot_make_anyone_superuser(functional_admin):
    request = RequestFactory().get("/")
    request.user = functional_admin
    user_admin = admin.site._registry[User]
    readonly = user_admin.get_readonly_fields(request, functional_admin)
    assert {"is_superuser", "user_permissions"} <= set(readonly)


def test_functional_admin_cannot_change_a_superuser(functional_admin, superuser):
    request = RequestFactory().get("/")
    request.user = functional_admin
    assert not admin.site._registry[User].has_change_permission(request, superuser)


def test_not_even_a_superuser_deletes_an_organisation(superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    organisation = Organisation.objects.get(is_default=True)
    assert not admin.site._registry[Organisation].has_delete_permission(
        request, organisation
    )
