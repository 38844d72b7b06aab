"""Every OT on Tour page: coordinators only; no other role reaches it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URLS = [
    ("outreach:dashboard", []),
    ("outreach:figures", ["csv"]),
    ("outreach:figures", ["xlsx"]),
    ("outreach:gemeente_list", []),
    ("outreach:gemeente_detail", ["GM9100"]),
    ("outreach:province_list", []),
    ("outreach:province_detail", ["PV91"]),
    ("outreach:import", []),
    ("outreach:export", ["csv"]),
    ("outreach:export", ["xlsx"]),
]
OTHERS = [
    "advisor",
    "ambassador_user",
    "functional_admin",
    "selection_member",
    "no_role_user",
    "superuser",
]


@pytest.mark.parametrize(("name", "args"), URLS)
def test_coordinator_reaches_every_page(client, coordinator, country, name, args):
    client.force_login(coordinator)
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), URLS)
@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client, request, country, name, args, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), URLS)
def test_anonymous_goes_to_login(client, country, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_cannot_post_an_import(client, request, country, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("outreach:import"), {})
    assert response.status_code == 403


def test_menu_item_only_for_coordinators(client, coordinator, advisor):
    client.force_login(coordinator)
    assert reverse("outreach:dashboard") in client.get("/").content.decode()
    client.force_login(advisor)
    assert reverse("outreach:dashboard") not in client.get("/").content.decode()
