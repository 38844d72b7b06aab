"""Organisations in the app: a functional admin lists, adds and changes them (name,
kind, whether a party's signals count in the association's figures), and removes only
one nothing refers to. Every change is an audit event; bad input is a Dutch message
and saves nothing."""

import pytest
from django.urls import reverse

from core.constants import AuditAction, OrganisationKind
from core.models import AuditEvent, Organisation
from tests.factories import OrganisationFactory, UserFactory, default_organisation

pytestmark = pytest.mark.django_db

LIST = reverse("directory:organisation_list")
CREATE = reverse("directory:organisation_create")


def edit_url(organisation):
    return reverse("directory:organisation_edit", args=[organisation.pk])


def delete_url(organisation):
    return reverse("directory:organisation_delete", args=[organisation.pk])


@pytest.fixture
def party(db):
    return OrganisationFactory(party=True, name="Partij voor de Test")


def changes(object_type="organisation"):
    return list(
        AuditEvent.objects.filter(object_type=object_type)
        .exclude(action=AuditAction.VIEW)
        .values_list("action", "object_id", "detail", "actor_username")
    )


def test_the_list_shows_every_organisation_with_its_kind_and_members(admin, party):
    UserFactory(advisor=True, organisation=party)
    page = admin.get(LIST).content.decode()
    assert default_organisation().name in page
    assert "Partij voor de Test" in page
    assert "Politieke partij" in page  # the kind, in Dutch


def test_a_new_party_is_saved_with_a_slug_and_audited(admin, functional_admin):
    response = admin.post(
        CREATE, {"name": "Partij van Morgen", "kind": "partij", "shares_signals": "on"}
    )
    assert response.status_code == 302
    created = Organisation.objects.get(name="Partij van Morgen")
    assert created.kind == OrganisationKind.PARTY
    assert created.shares_signals is True
    assert created.slug == "partij-van-morgen"
    assert not created.is_default
    assert changes() == [
        (AuditAction.CREATE, created.pk, "name, kind, shares_signals", "beheer.fons")
    ]


def test_two_organisations_with_names_that_slug_alike_get_different_slugs(admin):
    admin.post(CREATE, {"name": "Partij & Co", "kind": "partij"})
    admin.post(CREATE, {"name": "Partij Co", "kind": "partij"})
    slugs = set(
        Organisation.objects.filter(name__startswith="Partij").values_list(
            "slug", flat=True
        )
    )
    assert len(slugs) == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "", "kind": "partij"}, "Dit veld is verplicht."),
        ({"name": "   ", "kind": "partij"}, "Dit veld is verplicht."),
        ({"name": "x" * 201, "kind": "partij"}, "niet meer dan 200 tekens"),
        ({"name": "Nieuw", "kind": "sekte"}, "Selecteer een geldige keuze"),
        ({"name": "Nieuw", "kind": ""}, "Dit veld is verplicht."),
        ({"name": "Nie\x00uw", "kind": "partij"}, "niet toegestaan"),
        (
            {"name": "Nieuw", "kind": "vereniging", "shares_signals": "on"},
            "Alleen een partij",
        ),
    ],
)
def test_invalid_input_gives_a_message_and_saves_nothing(admin, body, message):
    before = Organisation.objects.count()
    response = admin.post(CREATE, body)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.count() == before
    assert changes() == []


@pytest.mark.parametrize("name", ["Partij voor de Test", "partij VOOR de test "])
def test_a_duplicate_name_is_refused_whatever_its_case(admin, party, name):
    before = Organisation.objects.count()
    response = admin.post(CREATE, {"name": name, "kind": "partij"})
    assert response.status_code == 400
    assert "Er is al een organisatie met deze naam." in response.content.decode()
    assert Organisation.objects.count() == before
    assert changes() == []


def test_renaming_to_another_organisations_name_is_refused(admin, party):
    other = OrganisationFactory(party=True, name="Tweede Partij")
    response = admin.post(edit_url(other), {"name": party.name, "kind": "partij"})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.name == "Tweede Partij"
    assert changes() == []


def test_saving_an_organisation_under_its_own_name_is_fine(admin, party):
    response = admin.post(edit_url(party), {"name": party.name, "kind": "partij"})
    assert response.status_code == 302


def test_a_change_is_audited_naming_the_fields_only(admin, party):
    response = admin.post(
        edit_url(party),
        {"name": "Partij voor de Test", "kind": "partij", "shares_signals": "on"},
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.shares_signals is True
    assert changes() == [
        (AuditAction.UPDATE, party.pk, "shares_signals", "beheer.fons")
    ]


def test_saving_without_a_change_writes_no_event(admin, party):
    admin.post(edit_url(party), {"name": party.name, "kind": "partij"})
    assert changes() == []


def test_the_form_explains_what_sharing_signals_does_to_the_figures(admin, party):
    page = admin.get(edit_url(party)).content.decode()
    assert "statistieken van de vereniging" in page
    assert "volgende" in page  # from the next release on


def test_the_association_stays_an_association(admin):
    association = default_organisation()
    response = admin.post(
        edit_url(association), {"name": association.name, "kind": "partij"}
    )
    assert response.status_code == 400
    association.refresh_from_db()
    assert association.kind == OrganisationKind.ASSOCIATION
    assert changes() == []


def test_an_organisation_with_members_is_not_deleted(admin, party):
    UserFactory(advisor=True, organisation=party)
    response = admin.post(delete_url(party), follow=True)
    assert Organisation.objects.filter(pk=party.pk).exists()
    assert "Er werkt nog 1 medewerker" in response.content.decode()
    assert changes() == []


def test_an_organisation_with_cases_is_not_deleted(admin, other_org_case):
    organisation = other_org_case.organisation
    organisation.memberships.all().delete()
    response = admin.post(delete_url(organisation), follow=True)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert "1 melding" in response.content.decode()


def test_the_delete_page_says_why_it_cannot_delete(admin, party):
    UserFactory(advisor=True, organisation=party)
    page = admin.get(delete_url(party)).content.decode()
    assert "kan niet worden verwijderd" in page
    assert 'type="submit"' not in page.split("<main", 1)[-1].split("</main>")[0]


def test_the_association_itself_is_never_deleted(admin):
    association = default_organisation()
    association.memberships.all().delete()
    admin.post(delete_url(association))
    assert Organisation.objects.filter(pk=association.pk).exists()


def test_an_unused_organisation_is_deleted_and_audited(admin, party):
    pk = party.pk
    response = admin.post(delete_url(party))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Organisation.objects.filter(pk=pk).exists()
    assert changes() == [(AuditAction.DELETE, pk, "Partij voor de Test", "beheer.fons")]


def test_an_unknown_organisation_is_a_404(admin):
    assert (
        admin.get(reverse("directory:organisation_edit", args=[999999])).status_code
        == 404
    )
