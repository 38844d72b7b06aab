"""Recording a melding in a browser: a validation error, then its correction."""

import re

from django.utils import timezone

from cases import constants as c
from cases.models import Case
from tests.browser.checks import assert_accessible
from tests.browser.person import nl
from tests.browser.playwright_thread import expect

ACCOUNT = "Na de raadsvergadering volgde iemand de wethouder tot aan de auto."


def test_intake_with_an_error_and_its_correction(person, advisor, office_holder):
    page = person.page
    person.log_in(advisor.username)
    person.follow("Nieuwe melding")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe melding")
    assert_accessible(page, "empty intake form")

    # The "someone new" part is a disclosure: check it open as well.
    summary = page.locator("details.kb-details > summary")
    if person.keyboard:
        from tests.browser.checks import tab_to

        tab_to(page, summary)
        page.keyboard.press("Enter")
    else:
        summary.click()
    expect(page.get_by_label("Naam", exact=True)).to_be_visible()
    assert_accessible(page, "intake form, someone new opened")

    person.choose("Bekende ambtsdrager", office_holder.name)
    person.pick(nl(c.Channel.PHONE.label))
    person.choose("Categorie", nl(c.Category.INTIMIDATION.label))
    person.fill_date("Datum van het incident", timezone.localdate().isoformat())
    person.press("Melding vastleggen")  # the account is missing

    errors = page.locator(".kb-form-errors")
    expect(errors).to_be_focused()
    expect(errors).to_contain_text("Verslag van wat er gebeurde")
    account = page.get_by_label("Verslag van wat er gebeurde")
    expect(account).to_have_attribute("aria-invalid", "true")
    assert not Case.objects.exists()
    assert_accessible(page, "intake form with errors")

    # What was filled in is kept; the link in the summary leads to the field.
    expect(page.get_by_label("Categorie")).to_have_value(c.Category.INTIMIDATION)
    link = errors.get_by_role("link")
    if person.keyboard:
        page.keyboard.press("Tab")
        expect(link).to_be_focused()
        page.keyboard.press("Enter")
        expect(account).to_be_focused()
        page.keyboard.type(ACCOUNT)
    else:
        link.click()
        account.fill(ACCOUNT)
    person.press("Melding vastleggen")

    case = Case.objects.get()
    expect(page).to_have_url(re.compile(rf"/meldingen/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Melding {case.reference}"
    )
    expect(page.get_by_role("status").first).to_contain_text(case.reference)
    assert case.account == ACCOUNT
    assert case.office_holder == office_holder
    assert case.owner == advisor
    assert_accessible(page, "case page after intake")
