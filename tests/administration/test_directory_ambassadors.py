"""Ambassadors in the app (/beheren/ambassadeurs/): a functional admin lists them
(name, organisation, regions, active, available today, whether the account holds the
ambassador role), filters and searches, and changes an ambassador's regions, phone
number and whether they are active. Nobody else gets in, not even by a direct POST.

Never a case: an ambassador's open handoffs are only counted, and an ambassador with
open handoffs is not deactivated (their cases would silently close to them); the
advisor takes the cases back first. Every change is an audit event naming fields,
never the phone number; the pages that show ambassadors write read events. A region
change decides at once who is proposed for a new handoff (``network.selectors``).
Creating an ambassador is the selection committee's appointment, and the role a
four-eyes request on the account page: neither happens here."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cases.selectors import handoff_proposal
from core.constants import AuditAction, Role
from core.models import AuditEvent
from network.models import Ambassador, Unavailability
from tests.conftest import VerifiedClient
from tests.factories import (
    AmbassadorFactory,
    OrganisationFactory,
    RegionFactory,
    handed_off_case,
)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:ambassador_list")
PHONE = "06 12 34 56 78"

NON_ADMINS = [
    "advisor",
    "ambassador_user",
    "staff_user",
    "privacy_officer",
    "selection_member",
    "no_role_user",
]


def edit_url(ambassador):
    return reverse("directory:ambassador_edit", args=[ambassador.pk])


@pytest.fixture
def carla(ambassador):
    ambassador.phone = PHONE
    ambassador.save(update_fields=["phone"])
    return ambassador


def changes():
    return list(
        AuditEvent.objects.filter(object_type="ambassador")
        .exclude(action=AuditAction.VIEW)
        .values_list("action", "object_id", "detail")
    )


def reads(user):
    return list(
        AuditEvent.objects.filter(
            actor=user, action=AuditAction.VIEW, object_type="ambassador"
        ).values_list("object_id", "detail")
    )


def state():
    return (
        sorted(Ambassador.objects.values_list("pk", "is_active", "phone")),
        sorted(Ambassador.regions.through.objects.values_list("pk", "region_id")),
        AuditEvent.objects.exclude(action=AuditAction.VIEW).count(),
    )


def body(ambassador, **fields):
    data = {
        "regions": [r.pk for r in ambassador.regions.all()],
        "is_active": "on" if ambassador.is_active else None,
        "phone": ambassador.phone,
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


# --- who gets in ----------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_ADMINS)
def test_every_other_role_is_refused_every_page_and_every_post(
    request, role, carla, other_region
):
    client = VerifiedClient()
    client.force_login(request.getfixturevalue(role))
    before = state()
    for url, data in [
        (LIST, {}),
        (edit_url(carla), {"regions": [other_region.pk], "phone": "", "is_active": ""}),
    ]:
        assert client.get(url).status_code == 403, (role, url)
        assert client.post(url, data).status_code == 403, (role, url)
    assert state() == before


def test_the_anonymous_visitor_is_sent_to_log_in(client, carla, other_region):
    before = state()
    for url in (LIST, edit_url(carla)):
        for response in (client.get(url), client.post(url, {"phone": ""})):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
    assert state() == before


def test_an_unknown_ambassador_is_404(admin):
    assert (
        admin.get(reverse("directory:ambassador_edit", args=[999999])).status_code
        == 404
    )


def test_the_landing_page_and_the_directory_link_here(admin):
    assert f'href="{LIST}"' in admin.get(reverse("home")).content.decode()
    partners = admin.get(reverse("directory:partner_list")).content.decode()
    assert f'href="{LIST}"' in partners


# --- the list -------------------------------------------------------------------------


def test_the_list_shows_name_organisation_regions_and_state(
    admin, carla, region, functional_admin
):
    party = OrganisationFactory(party=True, name="Partij Oost")
    away = AmbassadorFactory(
        organisation=party,
        regions=[region],
        user__first_name="Ilse",
        user__last_name="Afwezig",
    )
    today = timezone.localdate()
    Unavailability.objects.create(
        ambassador=away, starts_on=today, ends_on=today + datetime.timedelta(days=3)
    )
    no_role = AmbassadorFactory(user__first_name="Joost", user__last_name="Zonderrol")
    no_role.user.groups.remove(Group.objects.get(name=Role.AMBASSADOR))
    AmbassadorFactory(user__first_name="Karel", inactive=True)

    response = admin.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Carla", "Ilse Afwezig", "Partij Oost", region.name, "Karel"):
        assert text in page
    assert "Afwezig t/m" in page
    assert "Inactief" in page
    assert "Geen rol" in page
    assert PHONE not in page  # the list shows no phone numbers
    shown = {pk for pk, detail in reads(functional_admin)}
    assert shown == set(Ambassador.objects.values_list("pk", flat=True))


def test_filter_by_region_active_and_name(admin, carla, other_region):
    AmbassadorFactory(
        user__first_name="Daan", user__last_name="Elders", regions=[other_region]
    )
    AmbassadorFactory(user__first_name="Karel", inactive=True, regions=[other_region])

    page = admin.get(LIST, {"region": other_region.pk}).content.decode()
    assert "Daan" in page
    assert "Karel" in page
    assert "Carla" not in page
    page = admin.get(LIST, {"active": "no"}).content.decode()
    assert "Karel" in page
    assert "Daan" not in page
    assert "Carla" not in page
    page = admin.get(LIST, {"active": "yes"}).content.decode()
    assert "Daan" in page
    assert "Carla" in page
    assert "Karel" not in page
    page = admin.get(LIST, {"q": "daan eld"}).content.decode()
    assert "Daan" in page
    assert "Carla" not in page
    page = admin.get(LIST, {"q": "CARLA"}).content.decode()
    assert "Carla" in page
    assert "Daan" not in page


@pytest.mark.parametrize(
    "query",
    [{"region": "999999"}, {"region": "abc"}, {"active": "misschien"}, {"q": "a\x00b"}],
)
def test_a_bad_filter_is_a_message_not_a_500(admin, carla, query):
    response = admin.get(LIST, query)
    assert response.status_code == 200
    assert "Carla" in response.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    admin, carla, region, django_assert_max_num_queries
):
    for n in range(15):
        AmbassadorFactory(user__first_name=f"Amb{n}", regions=[region])
    with django_assert_max_num_queries(14):
        admin.get(LIST)


# --- the edit page --------------------------------------------------------------------


def test_the_edit_page_shows_counts_never_cases(
    admin, carla, accepted_case, functional_admin
):
    response = admin.get(edit_url(carla))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Carla" in page
    assert PHONE in page
    assert "1 open melding" in page
    assert "GEHEIM-ZIN-42" not in page
    assert "Gerda Raadslid" not in page
    assert f"M-{accepted_case.pk:06d}" not in page
    account = reverse("administration:account_detail", args=[carla.user_id])
    assert f'href="{account}"' in page
    assert reads(functional_admin) == [(carla.pk, "detail")]


def test_the_account_page_links_to_the_ambassador_page(admin, carla, advisor):
    page = admin.get(
        reverse("administration:account_detail", args=[carla.user_id])
    ).content.decode()
    assert f'href="{edit_url(carla)}"' in page
    page = admin.get(
        reverse("administration:account_detail", args=[advisor.pk])
    ).content.decode()
    assert "ambassadeurs/" not in page


def test_the_edit_page_says_when_the_account_lacks_the_role(admin, carla):
    carla.user.groups.remove(Group.objects.get(name=Role.AMBASSADOR))
    page = admin.get(edit_url(carla)).content.decode()
    assert "heeft de rol regioambassadeur niet" in page


def test_a_change_is_saved_and_audited_without_the_phone_number(
    admin, carla, region, other_region
):
    response = admin.post(
        edit_url(carla),
        body(carla, regions=[region.pk, other_region.pk], phone="+31 30 765 43 21"),
    )
    assert response.status_code == 302
    carla.refresh_from_db()
    assert carla.phone == "+31 30 765 43 21"
    assert set(carla.regions.all()) == {region, other_region}
    [(action, pk, detail)] = changes()
    assert (action, pk) == (AuditAction.UPDATE, carla.pk)
    assert detail == "regions, phone"
    assert "765" not in detail
    assert "06 12" not in detail


def test_saving_without_a_change_writes_no_event(admin, carla):
    assert admin.post(edit_url(carla), body(carla)).status_code == 302
    assert changes() == []


def test_deactivating_without_open_cases_is_saved_and_audited(admin, carla):
    response = admin.post(edit_url(carla), body(carla, is_active=None))
    assert response.status_code == 302
    carla.refresh_from_db()
    assert carla.is_active is False
    assert changes() == [(AuditAction.UPDATE, carla.pk, "is_active: deactivated")]


def test_reactivating_is_audited(admin, carla):
    Ambassador.objects.filter(pk=carla.pk).update(is_active=False)
    carla.refresh_from_db()
    response = admin.post(edit_url(carla), body(carla, is_active="on"))
    assert response.status_code == 302
    assert changes() == [(AuditAction.UPDATE, carla.pk, "is_active: reactivated")]


@pytest.mark.parametrize("accept", [False, True], ids=["offered", "accepted"])
def test_deactivating_with_open_cases_is_refused(
    admin, carla, advisor, region, other_region, accept
):
    handed_off_case(
        advisor=advisor, ambassador=carla, accept=accept, outside_region=True
    )
    handed_off_case(
        advisor=advisor, ambassador=carla, accept=accept, outside_region=True
    )
    before = state()
    response = admin.post(
        edit_url(carla),
        body(carla, is_active=None, phone="030 111 22 33", regions=[other_region.pk]),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 open meldingen" in page
    assert "terug te nemen" in page
    assert state() == before  # nothing half-saved: not the phone, not the regions
    carla.refresh_from_db()
    assert carla.is_active is True


def test_open_cases_do_not_stop_other_changes(admin, carla, advisor, other_region):
    handed_off_case(advisor=advisor, ambassador=carla, accept=True, outside_region=True)
    response = admin.post(edit_url(carla), body(carla, regions=[other_region.pk]))
    assert response.status_code == 302
    assert list(carla.regions.all()) == [other_region]


def test_an_ended_handoff_does_not_stop_deactivation(admin, carla, advisor):
    from cases.services.handoff import handoff_withdraw

    case = handed_off_case(
        advisor=advisor, ambassador=carla, accept=True, outside_region=True
    )
    handoff_withdraw(case=case, by=advisor, reason="Terug naar de vertrouwenspersoon")
    response = admin.post(edit_url(carla), body(carla, is_active=None))
    assert response.status_code == 302
    carla.refresh_from_db()
    assert carla.is_active is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"regions": None}, "Kies ten minste één regio."),
        ({"regions": ["999999"]}, "geen beschikbare keuze"),
        ({"regions": ["abc"]}, "geen geldige waarde"),
        ({"phone": "bel me maar"}, "telefoonnummer"),
        ({"phone": "0" * 31}, "niet meer dan 30 tekens"),
        ({"phone": "030\x00123"}, "niet toegestaan"),
    ],
)
def test_invalid_input_gives_a_message_and_saves_nothing(admin, carla, fields, message):
    before = state()
    response = admin.post(edit_url(carla), body(carla, is_active=None, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state() == before


def test_an_inactive_region_is_not_offered_unless_already_covered(admin, carla, region):
    closed = RegionFactory(name="Opgeheven regio", is_active=False)
    response = admin.post(edit_url(carla), body(carla, regions=[closed.pk]))
    assert response.status_code == 400
    assert list(carla.regions.all()) == [region]
    Ambassador.regions.through.objects.create(ambassador=carla, region=closed)
    assert "Opgeheven regio" in admin.get(edit_url(carla)).content.decode()


def test_nothing_here_creates_an_ambassador_or_grants_the_role(admin):
    with pytest.raises(NoReverseMatch):
        reverse("directory:ambassador_create")


# --- the effect: who is proposed for a new handoff ------------------------------------


def test_a_region_change_decides_who_is_proposed_for_a_new_case(
    admin, carla, case, region, other_region
):
    assert carla in handoff_proposal(case).proposed
    admin.post(edit_url(carla), body(carla, regions=[other_region.pk]))
    proposal = handoff_proposal(case)
    assert carla not in proposal.proposed
    assert carla in proposal.others  # only with an explicit confirmation
    admin.post(edit_url(carla), body(carla, regions=[other_region.pk, region.pk]))
    assert carla in handoff_proposal(case).proposed


def test_a_deactivated_ambassador_is_proposed_nowhere(admin, carla, case):
    admin.post(edit_url(carla), body(carla, is_active=None))
    proposal = handoff_proposal(case)
    assert carla not in proposal.proposed
    assert carla not in proposal.others
