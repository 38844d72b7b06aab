"""Every network URL against the roles that must not reach it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Meeting, TimeEntry, Vacancy
from network.models import Unavailability
from tests.factories import AmbassadorFactory

pytestmark = pytest.mark.django_db

COORDINATOR_PAGES = [
    "ambassadors:network",
    "ambassadors:coverage",
    "ambassadors:meeting_create",
    "ambassadors:vacancy_create",
]
COMMITTEE_PAGES = ["ambassadors:application_list"]
EDIT_PAGES = ["ambassadors:meeting_edit", "ambassadors:vacancy_edit"]


@pytest.fixture
def edit_targets(region):
    meeting = Meeting.objects.create(
        kind="training", title="T", held_on=timezone.localdate(), place="X"
    )
    vacancy = Vacancy.objects.create(
        region=region, title="V", description="x", closes_on=timezone.localdate()
    )
    return {
        "ambassadors:meeting_edit": meeting.pk,
        "ambassadors:vacancy_edit": vacancy.pk,
    }


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize(
    "role",
    [
        "advisor",
        "ambassador_user",
        "functional_admin",
        "selection_member",
        "no_role_user",
        "superuser",
    ],
)
def test_edit_pages_refuse_other_roles(client, request, edit_targets, name, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=[edit_targets[name]])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Gewijzigd"}).status_code == 403


def test_coordinator_changes_a_meeting(client, coordinator, edit_targets):
    client.force_login(coordinator)
    pk = edit_targets["ambassadors:meeting_edit"]
    response = client.post(
        reverse("ambassadors:meeting_edit", args=[pk]),
        {
            "kind": "intervisie",
            "title": "Nieuw",
            "held_on": "2026-12-01",
            "place": "Zwolle",
            "dagdelen": "2",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=pk).title == "Nieuw"


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
@pytest.mark.parametrize(
    "role",
    [
        "advisor",
        "ambassador_user",
        "functional_admin",
        "selection_member",
        "no_role_user",
        "superuser",
    ],
)
def test_coordinator_pages_refuse_other_roles(client, request, name, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", COORDINATOR_PAGES + COMMITTEE_PAGES)
def test_pages_send_anonymous_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_reaches_the_pages(client, coordinator, name):
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "role",
    [
        "advisor",
        "coordinator",
        "ambassador_user",
        "functional_admin",
        "no_role_user",
        "superuser",
    ],
)
def test_application_list_is_for_the_committee_only(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("ambassadors:application_list")).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["ambassadors:hours", "ambassadors:my_page", "ambassadors:unavailability_add"],
)
@pytest.mark.parametrize(
    "role",
    ["advisor", "coordinator", "functional_admin", "selection_member", "no_role_user"],
)
def test_own_hours_pages_are_for_ambassadors_only(client, request, name, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse(name), {})
    assert response.status_code in (403, 405)
    assert not TimeEntry.objects.exists()
    assert not Unavailability.objects.exists()


@pytest.mark.parametrize(
    "role", ["advisor", "functional_admin", "selection_member", "no_role_user"]
)
def test_meetings_are_for_coordinators_and_ambassadors(client, request, role):
    meeting = Meeting.objects.create(
        kind="training", title="T", held_on=timezone.localdate(), place="X"
    )
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("ambassadors:meeting_list")).status_code == 403
    url = reverse("ambassadors:meeting_detail", args=[meeting.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "role", ["advisor", "functional_admin", "selection_member", "no_role_user"]
)
def test_ambassador_pages_refuse_other_roles(client, request, ambassador, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse("ambassadors:detail", args=[ambassador.pk])
    assert client.get(url).status_code == 403


def test_an_ambassador_cannot_see_another_ambassadors_page(
    client, ambassador, organisation
):
    other = AmbassadorFactory(organisation=organisation)
    client.force_login(ambassador.user)
    url = reverse("ambassadors:detail", args=[other.pk])
    assert client.get(url).status_code == 404
    own = reverse("ambassadors:detail", args=[ambassador.pk])
    assert client.get(own).status_code == 200


def test_coordinator_sees_every_ambassador_page(client, coordinator, ambassador):
    client.force_login(coordinator)
    url = reverse("ambassadors:detail", args=[ambassador.pk])
    assert client.get(url).status_code == 200


def test_unknown_ids_are_404(client, coordinator, selection_member):
    client.force_login(coordinator)
    assert client.get(reverse("ambassadors:detail", args=[999999])).status_code == 404
    assert (
        client.get(reverse("ambassadors:meeting_detail", args=[999999])).status_code
        == 404
    )
    client.force_login(selection_member)
    url = reverse("ambassadors:application_detail", args=[999999])
    assert client.get(url).status_code == 404


def test_menu_shows_applications_to_the_committee(client, selection_member):
    client.force_login(selection_member)
    html = client.get(reverse("ambassadors:vacancy_list")).content.decode()
    assert reverse("ambassadors:application_list") in html
