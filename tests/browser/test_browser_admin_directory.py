"""The functional admin's directory pages in a browser, at phone (390 x 844) and
desktop (1280 x 800) width: the organisations, the regions, one region's gemeenten,
the network partners, the ambassadors and one ambassador's page. No axe violations,
no horizontal scrolling, nothing overlapping; screenshots in
test-artifacts/screens/admin-<page>-<width>.png. And changes made the way an admin
makes them: gemeenten ticked and moved to another region; an ambassador given another
region."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import constants as c
from core.constants import AuditAction, OrganisationKind
from core.models import AuditEvent, Organisation
from network.models import Ambassador, Unavailability
from regions.models import Gemeente, Region
from regions.services import load_reference_data
from tests.browser.checks import (
    PHONE,
    SCREENS_DIR,
    assert_accessible,
    assert_layout_holds,
    tab_to,
)
from tests.browser.person import Person
from tests.browser.playwright_thread import expect
from tests.factories import (
    AmbassadorFactory,
    OrganisationFactory,
    PartnerFactory,
)

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def directory(browser, functional_admin):
    """The CBS reference data, a party, partners with long names and several regions,
    and a functional admin."""
    load_reference_data()
    party = OrganisationFactory(
        party=True, name="Partij voor de Democratische Vernieuwing", shares_signals=True
    )
    utrecht = Region.objects.get(code="VR09")
    regions = list(Region.objects.order_by("code")[:4])
    PartnerFactory(
        name="Stichting Slachtofferhulp voor Volksvertegenwoordigers Midden-Nederland",
        kind=c.PartnerKind.LIVED_EXPERIENCE,
        regions=regions,
    )
    PartnerFactory(name="Advocatenkantoor De Vries", kind=c.PartnerKind.LEGAL)
    PartnerFactory(
        name="Beveiligingsbedrijf Oost",
        organisation=party,
        regions=[utrecht],
        is_active=False,
    )
    today = timezone.localdate()
    AmbassadorFactory(
        user__first_name="Wilhelmina",
        user__last_name="van Oosterhout-Bijlsma",
        regions=regions,
        phone="06 12 34 56 78",
    )
    away = AmbassadorFactory(user__first_name="Pieter", regions=[utrecht])
    Unavailability.objects.create(
        ambassador=away, starts_on=today, ends_on=today + timedelta(days=10)
    )
    AmbassadorFactory(user__first_name="Oud", regions=[utrecht], is_active=False)
    return functional_admin.username


def _screens(page, name):
    """Axe and the layout at both widths, with a screenshot of each."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, f"{name} at {viewport['width']}")
        assert_layout_holds(page)
        page.screenshot(
            path=SCREENS_DIR / f"admin-{name}-{viewport['width']}.png", full_page=True
        )


def _untick(page, label, keyboard):
    box = page.get_by_label(label, exact=True)
    if keyboard:
        tab_to(page, box)
        page.keyboard.press("Space")
    else:
        box.uncheck()
    expect(box).not_to_be_checked()


def _visit(page, path, name):
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    _screens(page, name)


def test_the_directory_pages_fit_a_phone_and_a_desktop(page, directory):
    Person(page, keyboard=False).log_in(directory)
    utrecht = Region.objects.get(code="VR09")
    _visit(page, reverse("directory:organisation_list"), "organisations")
    _visit(page, reverse("directory:region_list"), "regions")
    _visit(page, reverse("directory:region_detail", args=[utrecht.pk]), "region")
    _visit(page, reverse("directory:partner_list"), "partners")
    _visit(page, reverse("directory:ambassador_list"), "ambassadors")
    wilhelmina = Ambassador.objects.get(user__first_name="Wilhelmina")
    _visit(
        page, reverse("directory:ambassador_edit", args=[wilhelmina.pk]), "ambassador"
    )
    # The forms, blank and with the errors of an empty submission.
    party = Organisation.objects.get(kind=OrganisationKind.PARTY)
    _visit(
        page, reverse("directory:organisation_edit", args=[party.pk]), "organisation"
    )
    _visit(page, reverse("directory:partner_create"), "partner")
    page.locator("#id_name").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    _screens(page, "partner-errors")


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_the_admin_moves_a_gemeente_to_another_region(page, directory, keyboard):
    person = Person(page, keyboard=keyboard)
    person.log_in(directory)
    utrecht = Region.objects.get(code="VR09")
    page.set_viewport_size(PHONE)
    page.goto(reverse("directory:region_detail", args=[utrecht.pk]))
    person.pick("Amersfoort")
    expect(page.get_by_label("Amersfoort", exact=True)).to_be_checked()
    person.choose("Verplaatsen naar regio", "Gooi en Vechtstreek")
    person.press("Aangevinkte gemeenten verplaatsen")
    expect(page.get_by_role("status").first).to_contain_text(
        "1 gemeente verplaatst naar Gooi en Vechtstreek"
    )
    assert Gemeente.objects.get(code="GM0307").region.code == "VR14"
    assert_accessible(page, "region page after a move")
    assert_layout_holds(page)

    # Nothing ticked: a message, nothing moved.
    person.choose("Verplaatsen naar regio", "Gooi en Vechtstreek")
    person.press("Aangevinkte gemeenten verplaatsen")
    expect(page.get_by_role("alert").first).to_contain_text(
        "Kies een of meer gemeenten van deze regio."
    )
    assert_accessible(page, "region page with an error")
    assert utrecht.gemeenten.count() == 25


@pytest.mark.parametrize("keyboard", [False, True], ids=["mouse", "keyboard"])
def test_the_admin_gives_an_ambassador_another_region(page, directory, keyboard):
    person = Person(page, keyboard=keyboard)
    person.log_in(directory)
    pieter = Ambassador.objects.get(user__first_name="Pieter")
    page.set_viewport_size(PHONE)
    page.goto(reverse("directory:ambassador_list"))
    person.follow(str(pieter))
    person.pick("Gooi en Vechtstreek")
    person.press("Opslaan")
    expect(page.get_by_role("status").first).to_contain_text("opgeslagen")
    assert {r.code for r in pieter.regions.all()} == {"VR09", "VR14"}
    assert AuditEvent.objects.filter(
        object_type="ambassador", object_id=pieter.pk, action=AuditAction.UPDATE
    ).exists()

    # No region at all: a message, nothing saved.
    page.goto(reverse("directory:ambassador_edit", args=[pieter.pk]))
    for name in ("Gooi en Vechtstreek", "Utrecht"):
        _untick(page, name, keyboard)
    person.press("Opslaan")
    expect(page.get_by_role("alert").first).to_contain_text(
        "Kies ten minste één regio."
    )
    assert_accessible(page, "ambassador page with an error")
    assert_layout_holds(page)
    assert pieter.regions.count() == 2
