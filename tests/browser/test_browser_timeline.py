"""The case's timeline and the printed case file in a browser: the filter swaps the
entries in place, the printed page has no buttons or forms, the PDF downloads; axe
finds nothing on each state."""

from cases import constants as c
from cases.services.notes import note_add
from cases.services.police import damage_add
from tests.browser.checks import assert_accessible
from tests.browser.person import Person
from tests.browser.playwright_thread import expect


def test_timeline_filter_print_and_pdf(page, advisor, case, live_server):
    note_add(case=case, by=advisor, text="Gebeld met de burgemeester.")
    damage_add(case=case, by=advisor, kind=c.DamageKind.PROPERTY, description="Ruit")
    person = Person(page, keyboard=False)
    person.log_in(advisor.username)
    person.follow(case.reference)

    timeline = page.locator("#timeline-entries")
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    expect(timeline.locator("li")).to_have_count(3)  # recorded, note, damage
    expect(timeline).to_contain_text("Anna Testpersoon (vertrouwenspersoon)")
    assert_accessible(page, "case page with its timeline")

    # The filter swaps the entries in place (htmx): the page stays where it is.
    url = page.url
    page.get_by_label("Toon").select_option("note")
    expect(timeline.locator("li")).to_have_count(1)
    expect(timeline).to_contain_text("Gebeld met de burgemeester.")
    assert page.url == url
    assert_accessible(page, "timeline filtered")

    # Printed from the browser: the content, no buttons or forms.
    page.emulate_media(media="print")
    expect(page.locator("form").first).to_be_hidden()
    expect(page.locator(".utrecht-button").first).to_be_hidden()
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    assert_accessible(page, "case page printed")
    page.emulate_media(media="screen")

    # The case file as a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Dossier afdrukken (pdf)").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"dossier-{case.reference}.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(4) == b"%PDF"
    assert download.url.startswith(live_server.url)
