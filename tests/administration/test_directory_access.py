"""Only a functional admin maintains the directory (organisations, regions and their
gemeenten, network partners): every other role gets a 403 on every page and every
direct POST, and such a POST changes nothing; the anonymous visitor is sent to log in.
"""

import pytest
from django.urls import reverse

from cases.models import Partner
from core.models import AuditEvent, Organisation
from regions.models import Gemeente, Region
from tests.conftest import VerifiedClient
from tests.factories import OrganisationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

NON_ADMINS = [
    "advisor",
    "ambassador_user",
    "staff_user",
    "privacy_officer",
    "selection_member",
    "no_role_user",
]


@pytest.fixture
def targets(gemeente, other_region):
    """Every URL of the directory pages, with the world's objects, and a POST body
    that a functional admin's request would turn into a change."""
    party = OrganisationFactory(party=True, name="Partij voor de Test")
    partner = PartnerFactory(name="Slotenmaker Jansen")
    region = gemeente.region
    return [
        ("directory:organisation_list", [], {}),
        (
            "directory:organisation_create",
            [],
            {"name": "Nieuwe Partij", "kind": "partij"},
        ),
        (
            "directory:organisation_edit",
            [party.pk],
            {"name": "Overgenomen", "kind": "partij", "shares_signals": "on"},
        ),
        ("directory:organisation_delete", [party.pk], {}),
        ("directory:region_list", [], {}),
        ("directory:region_create", [], {"name": "Nieuwe regio"}),
        (
            "directory:region_detail",
            [region.pk],
            {"gemeenten": [gemeente.pk], "target": other_region.pk},
        ),
        ("directory:region_edit", [region.pk], {"name": "Hernoemd"}),
        ("directory:partner_list", [], {}),
        (
            "directory:partner_create",
            [],
            {"organisation": party.pk, "name": "Nieuw", "kind": "beveiliging"},
        ),
        (
            "directory:partner_edit",
            [partner.pk],
            {
                "organisation": partner.organisation_id,
                "name": "Overgenomen",
                "kind": "beveiliging",
                "availability": "beschikbaar",
            },
        ),
        ("directory:partner_delete", [partner.pk], {}),
    ]


def state():
    """What a refused request must leave as it was."""
    return (
        sorted(
            Organisation.objects.values_list("pk", "name", "kind", "shares_signals")
        ),
        sorted(Region.objects.values_list("pk", "name")),
        sorted(Gemeente.objects.values_list("pk", "region_id")),
        sorted(Partner.objects.values_list("pk", "name", "is_active")),
        AuditEvent.objects.exclude(action="view").count(),
    )


@pytest.mark.parametrize("role", NON_ADMINS)
def test_every_other_role_is_refused_every_page_and_every_post(request, role, targets):
    client = VerifiedClient()
    client.force_login(request.getfixturevalue(role))
    before = state()
    for name, args, body in targets:
        url = reverse(name, args=args)
        assert client.get(url).status_code == 403, (role, name, "GET")
        assert client.post(url, body).status_code == 403, (role, name, "POST")
    assert state() == before


def test_the_anonymous_visitor_is_sent_to_log_in(client, targets):
    before = state()
    login = reverse("login")
    for name, args, body in targets:
        url = reverse(name, args=args)
        for response in (client.get(url), client.post(url, body)):
            assert response.status_code == 302, name
            assert response["Location"].startswith(login), name
    assert state() == before


def test_the_functional_admin_opens_every_page(client, functional_admin, targets):
    client.force_login(functional_admin)
    for name, args, _body in targets:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_landing_page_links_to_the_directory(client, functional_admin):
    client.force_login(functional_admin)
    page = client.get(reverse("home")).content.decode()
    for name in (
        "directory:organisation_list",
        "directory:region_list",
        "directory:partner_list",
    ):
        assert f'href="{reverse(name)}"' in page, name


def test_the_expert_network_page_sends_the_admin_here_to_manage_it(
    client, functional_admin, advisor
):
    client.force_login(functional_admin)
    manage = f'href="{reverse("directory:partner_list")}"'
    assert manage in client.get(reverse("cases:partner_list")).content.decode()
    client.force_login(advisor)
    assert manage not in client.get(reverse("cases:partner_list")).content.decode()
