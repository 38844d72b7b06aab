"""Each role lands on its own work (``core.permissions.start_page`` and the home
page's summaries), nobody with a role sees the page for accounts without one, and a
party's advisor gets the menu and the refusals of a party: no 24/7 line, no handoff to
the association's ambassadors, and the party's name in the header."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from cases.services.handoff import case_handoff
from cases.services.intake import hotline_call_create
from core.constants import Role
from security import approvals
from signals import constants as sc
from signals.models import StatisticsRelease
from tests.factories import AmbassadorFactory, UserFactory, consent_given, fresh

pytestmark = pytest.mark.django_db

NO_ROLE = ("Your account has no role yet", "Uw account heeft nog geen rol")


def _landing(client, user):
    client.force_login(user)
    return client.get(reverse("home"), follow=True)


def _assert_no_no_role(response):
    body = response.content.decode()
    for sentence in NO_ROLE:
        assert sentence not in body


@pytest.mark.parametrize(
    ("user_fixture", "landing"),
    [
        ("advisor", "cases:queue"),
        ("ambassador_user", "cases:ambassador_list"),
        ("privacy_officer", "security:access_log"),
        ("selection_member", "ambassadors:application_list"),
        ("staff_user", "home"),
        ("functional_admin", "home"),
    ],
)
def test_each_role_lands_on_its_own_work(client, request, user_fixture, landing):
    response = _landing(client, request.getfixturevalue(user_fixture))
    assert response.status_code == 200
    assert response.resolver_match.view_name == landing
    _assert_no_no_role(response)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("with_organisation", [True, False])
def test_no_role_that_exists_sees_the_no_role_page(
    client, role, with_organisation, organisation
):
    """Every role there is, alone, with or without a membership: a page of its own
    (never a 500, never "no role yet")."""
    user = fresh(
        UserFactory(
            roles=[role], organisation=organisation if with_organisation else False
        )
    )
    response = _landing(client, user)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        _assert_no_no_role(response)
        assert response.templates[0].name != "home.html"


def test_an_account_without_a_role_is_told_so(client, no_role_user):
    response = _landing(client, no_role_user)
    assert response.status_code == 200
    assert any(sentence in response.content.decode() for sentence in NO_ROLE)


def test_staff_summary_shows_network_campaign_and_latest_release_number_only(
    client, staff_user, organisation, ambassador
):
    StatisticsRelease.objects.create(
        organisation=organisation,
        number=7,
        reason=sc.ReleaseReason.MANUAL,
        status=sc.ReportStatus.DONE,
        finished_at=timezone.now(),
        figures={"figures": {"t": {"2026-K3": {"c": 987654}}}},
    )
    response = _landing(client, staff_user)
    body = response.content.decode()
    assert response.templates[0].name == "home_staff.html"
    assert response.context["ambassadors"] == 1
    assert response.context["release"].number == 7
    assert reverse("signals:release_detail", args=[7]) in body
    assert reverse("outreach:dashboard") in body
    assert reverse("ambassadors:coverage") in body
    # No figure of the release reaches the summary.
    assert "987654" not in body
    assert "987.654" not in body


def test_staff_summary_without_a_release_says_so(client, staff_user):
    response = _landing(client, staff_user)
    assert response.context["release"] is None
    assert reverse("signals:release_list") in response.content.decode()


def test_functional_admin_summary_shows_pending_approvals_and_accounts(
    client, functional_admin
):
    subject = UserFactory(username="nieuw.account")
    approvals.request_role_change(
        by=functional_admin, subject=subject, role=Role.ADVISOR, grant=True
    )
    response = _landing(client, functional_admin)
    body = response.content.decode()
    assert response.templates[0].name == "home_admin.html"
    assert response.context["pending_count"] == 1
    assert "nieuw.account" in body
    assert reverse("security:approvals") in body
    assert reverse("administration:account_list") in body
    assert reverse("administration:login_failures") in body
    assert "/beheer/" not in body  # the Django admin is a superuser's


# --- the organisation's kind --------------------------------------------------------


def test_party_advisor_sees_the_party_in_the_header_and_no_night_line(
    client, party_advisor, party
):
    client.force_login(party_advisor)
    body = client.get(reverse("cases:queue")).content.decode()
    assert party.name in body
    assert reverse("cases:hotline_call") not in body
    assert reverse("cases:help") not in body
    intake = client.get(reverse("cases:intake")).content.decode()
    assert reverse("cases:hotline_call") not in intake


def test_association_advisor_has_the_night_line(client, advisor, organisation):
    client.force_login(advisor)
    body = client.get(reverse("cases:queue")).content.decode()
    assert reverse("cases:hotline_call") in body
    assert 'class="kb-party"' not in body


def test_party_advisor_is_refused_the_night_line_page_and_post(
    client, party_advisor, gemeente
):
    client.force_login(party_advisor)
    url = reverse("cases:hotline_call")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "name": "Iemand",
            "office": c.Office.COUNCILLOR,
            "gemeente": gemeente.code,
            "immediate_danger": "nee",
            "account": "Bedreiging",
        },
    )
    assert response.status_code == 403


def test_night_line_service_refuses_a_party_advisor(party_advisor, gemeente):
    with pytest.raises(PermissionDenied):
        hotline_call_create(
            by=party_advisor,
            name="Iemand",
            office=c.Office.COUNCILLOR,
            gemeente=gemeente,
            immediate_danger=False,
            account="Bedreiging",
        )


def test_party_advisor_has_no_handoff_button_page_or_service(
    client, party_advisor, party_case, party, region, organisation
):
    # Not even the consent for a handoff: the form does not offer it and the
    # service refuses it.
    with pytest.raises(PermissionDenied):
        consent_given(party_case, by=party_advisor)
    client.force_login(party_advisor)
    form = client.get(reverse("cases:consent_add", args=[party_case.pk]))
    purposes = dict(form.context["form"].fields["purpose"].choices)
    assert c.ConsentPurpose.HANDOFF not in purposes
    assert c.ConsentPurpose.STATISTICS in purposes
    detail = client.get(reverse("cases:detail", args=[party_case.pk]))
    assert detail.status_code == 200
    assert "handoff" not in detail.context["actions"]
    assert reverse("cases:handoff", args=[party_case.pk]) not in detail.content.decode()
    url = reverse("cases:handoff", args=[party_case.pk])
    assert client.get(url).status_code == 403
    association_ambassador = AmbassadorFactory(
        organisation=organisation, regions=[region]
    )
    response = client.post(url, {"ambassador": association_ambassador.pk})
    assert response.status_code == 403
    # Even an ambassador of the party itself: the handoff is the association's.
    own = AmbassadorFactory(organisation=party, regions=[region])
    with pytest.raises(PermissionDenied):
        case_handoff(case=party_case, ambassador=own, by=party_advisor)
    party_case.refresh_from_db()
    assert party_case.status != c.Status.HANDOFF_OFFERED


def test_association_advisor_still_hands_over(client, advisor, case):
    consent_given(case, by=advisor)
    client.force_login(advisor)
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    assert "handoff" in detail.context["actions"]
    assert client.get(reverse("cases:handoff", args=[case.pk])).status_code == 200
