"""Regions and their gemeenten in the app: a functional admin sees every region with
its gemeenten, provinces and veiligheidsregio's, renames a region, adds one, and moves
gemeenten to another region. Every change is an audit event; reloading the CBS
reference data keeps the admin's regrouping."""

import pytest
from django.urls import reverse

from core.constants import AuditAction
from core.models import AuditEvent
from regions.models import Gemeente, Region
from regions.services import load_reference_data
from tests.factories import GemeenteFactory, RegionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("directory:region_list")
CREATE = reverse("directory:region_create")


def detail_url(region):
    return reverse("directory:region_detail", args=[region.pk])


def edit_url(region):
    return reverse("directory:region_edit", args=[region.pk])


def changes(object_type):
    return list(
        AuditEvent.objects.filter(object_type=object_type)
        .exclude(action=AuditAction.VIEW)
        .values_list("action", "object_id", "detail")
    )


@pytest.fixture
def loaded(db):
    load_reference_data()
    return Region.objects.get(code="VR09")  # Utrecht


def test_the_list_shows_each_region_with_its_count_and_veiligheidsregio(admin, loaded):
    page = admin.get(LIST).content.decode()
    assert "Utrecht" in page
    assert "Limburg-Noord" in page
    # Utrecht's row: 26 gemeenten, in the province of Utrecht.
    row = page.split(f'href="{detail_url(loaded)}"', 1)[1].split("</tr>", 1)[0]
    assert ">26<" in row
    assert "Utrecht" in row


def test_the_list_is_in_alphabetical_order(admin, loaded):
    page = admin.get(LIST).content.decode()
    names = list(Region.objects.order_by("name").values_list("name", flat=True))
    positions = [page.index(f">{name}</a>") for name in names]
    assert positions == sorted(positions)


def test_the_list_takes_a_fixed_number_of_queries(
    admin, loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        admin.get(LIST)


def test_a_region_page_lists_its_gemeenten_with_their_veiligheidsregio(admin, loaded):
    page = admin.get(detail_url(loaded)).content.decode()
    assert "Amersfoort" in page
    assert "GM0307" in page
    assert page.count("Utrecht") > 20  # province and veiligheidsregio per row
    assert "Groningen" not in page.split("<main", 1)[1].split('id="id_target"')[0]


def test_a_gemeente_not_in_the_reference_data_is_shown_without_a_veiligheidsregio(
    admin, gemeente
):
    page = admin.get(detail_url(gemeente.region)).content.decode()
    assert "Teststad" in page
    assert "Onbekend" in page


def test_moving_gemeenten_is_saved_and_audited_per_gemeente(admin, loaded):
    amersfoort = Gemeente.objects.get(code="GM0307")
    soest = Gemeente.objects.get(code="GM0342")
    target = Region.objects.get(code="VR08")  # Gelderland-Zuid
    response = admin.post(
        detail_url(loaded),
        {"gemeenten": [amersfoort.pk, soest.pk], "target": target.pk},
    )
    assert response.status_code == 302
    assert set(target.gemeenten.values_list("code", flat=True)) >= {"GM0307", "GM0342"}
    assert sorted(changes("gemeente")) == sorted(
        [
            (AuditAction.UPDATE, amersfoort.pk, f"region: {loaded.pk} -> {target.pk}"),
            (AuditAction.UPDATE, soest.pk, f"region: {loaded.pk} -> {target.pk}"),
        ]
    )


def test_reloading_the_reference_data_keeps_a_move(admin, loaded):
    amersfoort = Gemeente.objects.get(code="GM0307")
    target = Region.objects.get(code="VR08")
    admin.post(detail_url(loaded), {"gemeenten": [amersfoort.pk], "target": target.pk})
    admin.post(edit_url(target), {"name": "Gooi, Vecht en Eem"})
    report = load_reference_data()
    amersfoort.refresh_from_db()
    target.refresh_from_db()
    assert amersfoort.region == target
    assert target.name == "Gooi, Vecht en Eem"
    assert not report.changed


def test_the_region_page_says_what_reloading_does(admin, loaded):
    page = admin.get(detail_url(loaded)).content.decode()
    assert "blijft deze indeling staan" in page


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"target": "other"},
        {"gemeenten": ["other"]},
        {"gemeenten": ["999999"], "target": "other"},
        {"gemeenten": ["x"], "target": "other"},
        {"gemeenten": ["mine"], "target": ""},
        {"gemeenten": ["mine"], "target": "999999"},
        {"gemeenten": ["mine"], "target": "self"},
        {"gemeenten": ["mine"], "target": "inactive"},
        {"gemeenten": ["foreign"], "target": "other"},
    ],
)
def test_a_bad_move_gives_a_message_and_moves_nothing(
    admin, gemeente, other_region, body
):
    region = gemeente.region
    foreign = GemeenteFactory(region=RegionFactory())
    inactive = RegionFactory(inactive=True)
    values = {
        "other": other_region.pk,
        "mine": gemeente.pk,
        "foreign": foreign.pk,
        "self": region.pk,
        "inactive": inactive.pk,
    }
    data = {
        key: [values.get(v, v) for v in value]
        if isinstance(value, list)
        else values.get(value, value)
        for key, value in body.items()
    }
    before = sorted(Gemeente.objects.values_list("pk", "region_id"))
    response = admin.post(detail_url(region), data)
    assert response.status_code == 400
    assert 'class="utrecht-form-field-error-message' in response.content.decode()
    assert sorted(Gemeente.objects.values_list("pk", "region_id")) == before
    assert changes("gemeente") == []


def test_renaming_a_region_is_audited(admin, region):
    response = admin.post(edit_url(region), {"name": "Regio Noord"})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "Regio Noord"
    assert changes("region") == [(AuditAction.UPDATE, region.pk, "name")]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Dit veld is verplicht."),
        ("x" * 101, "niet meer dan 100 tekens"),
        ("other", "Er is al een regio met deze naam."),
        ("OTHER", "Er is al een regio met deze naam."),
    ],
)
def test_a_bad_region_name_gives_a_message_and_saves_nothing(
    admin, region, other_region, name, message
):
    name = {"other": other_region.name, "OTHER": other_region.name.upper()}.get(
        name, name
    )
    before = region.name
    response = admin.post(edit_url(region), {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    region.refresh_from_db()
    assert region.name == before
    assert changes("region") == []


def test_a_new_region_gets_a_code_and_is_audited(admin):
    response = admin.post(CREATE, {"name": "Regio Eem en Vallei"})
    assert response.status_code == 302
    region = Region.objects.get(name="Regio Eem en Vallei")
    assert region.code
    assert region.is_active
    assert changes("region") == [(AuditAction.CREATE, region.pk, "name")]


def test_a_new_region_may_not_take_an_existing_name(admin, region):
    before = Region.objects.count()
    response = admin.post(CREATE, {"name": region.name.lower()})
    assert response.status_code == 400
    assert Region.objects.count() == before
