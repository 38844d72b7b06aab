"""Evidence in a browser: the advisor adds a screenshot to a case (a program called
.png is refused first), sees it listed with its thumbnail, and downloads it."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from PIL import Image

from cases.models import CaseFile
from tests.browser.checks import assert_accessible, check_screens
from tests.browser.playwright_thread import expect


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "private")
    for name in ("content", "thumbnail"):
        monkeypatch.setattr(CaseFile._meta.get_field(name), "storage", storage)
    return tmp_path / "private"


def test_add_a_screenshot_and_download_it(person, advisor, case, private_dir, tmp_path):
    page = person.page
    screenshot = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(screenshot, format="PNG")
    picture = tmp_path / "dreigbericht.png"
    picture.write_bytes(screenshot.getvalue())
    program = tmp_path / "foto.png"
    program.write_bytes(b"MZ\x90\x00" + bytes(range(256)))

    person.log_in(advisor.username)
    person.follow(case.reference)
    files = page.get_by_role("region", name="Bestanden", exact=True)
    expect(files).to_contain_text("Nog geen bestanden.")
    assert_accessible(page, "case page without files")

    # A program called .png is refused, with a message in Dutch.
    page.locator("#id_upload").set_input_files(str(program))
    person.fill("Omschrijving", "Foto van de brief")
    person.press("Bestand toevoegen")
    expect(page.locator(".kb-form-errors")).to_be_focused()
    expect(page.locator("main")).to_contain_text(
        "Dit soort bestand kan niet worden toegevoegd"
    )
    assert not CaseFile.objects.exists()
    assert_accessible(page, "file form with errors")

    page.locator("#id_upload").set_input_files(str(picture))
    person.fill("Omschrijving", "Schermafbeelding van het dreigbericht")
    person.fill_date("Datum van wat het laat zien", "2026-11-02")
    person.press("Bestand toevoegen")
    expect(page).to_have_url(re.compile(rf"/meldingen/{case.pk}/#bestanden$"))
    files = page.get_by_role("region", name="Bestanden", exact=True)
    expect(files).to_contain_text("Schermafbeelding van het dreigbericht")
    expect(files).to_contain_text("2 nov. 2026")  # list_date: a date in a list
    expect(
        files.get_by_role("img", name="Miniatuur van dreigbericht.png")
    ).to_be_visible()
    assert CaseFile.objects.get().added_by == advisor
    assert_accessible(page, "case page with a file")
    page.goto(f"/meldingen/{case.pk}/")  # the screens from the top, nothing focused
    check_screens(page, "case-files")

    with page.expect_download() as download:
        person.follow("dreigbericht.png downloaden", navigates=False)
    saved = Path(download.value.path())
    assert saved.read_bytes() == picture.read_bytes()
    assert download.value.suggested_filename == "dreigbericht.png"
