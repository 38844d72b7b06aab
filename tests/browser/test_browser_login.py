"""Logging in and out in a real browser; the skip link; the page language."""

import re

from tests.browser.checks import assert_accessible, has_visible_focus
from tests.browser.person import log_in, totp_code_for
from tests.browser.playwright_thread import expect
from tests.factories import PASSWORD


def test_log_in_with_a_wrong_password_then_the_right_one(person, advisor):
    page = person.page
    page.goto("/meldingen/")  # a protected page sends you to the login form
    assert "/inloggen/" in page.url
    assert_accessible(page, "login form")

    person.fill("Gebruikersnaam", advisor.username)
    person.fill("Wachtwoord", "niet-het-wachtwoord")
    person.press("Inloggen")

    summary = page.locator(".kb-form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page, "login form with an error")

    code = totp_code_for(advisor.username)
    person.fill("Wachtwoord", PASSWORD)
    person.press("Inloggen")

    # The password alone reaches only the second step.
    expect(page).to_have_url(re.compile(r"/account/2fa/"))
    assert_accessible(page, "second factor")
    person.fill("Code", code)
    person.press("Controleren")

    expect(page).to_have_url(re.compile(r"/meldingen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    person.press("Uitloggen")
    page.goto("/meldingen/")
    assert "/inloggen/" in page.url


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, advisor):
    # (Not the login page: its user name field has the focus when it opens.)
    log_in(page, advisor.username)
    page.goto("/meldingen/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    assert has_visible_focus(page)
    box = skip.bounding_box()
    assert box["width"] > 10, box
    assert box["height"] > 10, box
    assert box["y"] >= 0, box

    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    # The next Tab continues inside the content, not back at the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )


def test_pages_declare_dutch_and_switch_to_english(page):
    page.goto("/toegankelijkheid/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_label("Taal").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Wissel").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    assert_accessible(page, "accessibility statement in English")
