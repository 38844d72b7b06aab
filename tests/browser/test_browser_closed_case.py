"""A closed case for the ambassador who closed it, in a browser: found from their
list, read-only (no form, no button but the request to reopen), accessible; the
request to reopen goes to the advisor, who reopens the case from its page."""

import re

from cases import constants as c
from cases.models import ReopenRequest
from cases.services.case import case_close
from cases.services.notes import note_add
from tests.browser.checks import assert_accessible
from tests.browser.playwright_thread import expect
from tests.factories import fresh


def test_ambassador_reads_a_closed_case_and_asks_to_reopen_it(
    person, accepted_case, ambassador, advisor
):
    page = person.page
    case = accepted_case
    user = fresh(ambassador.user)
    note_add(case=case, by=user, text="Laatste gesprek: het gaat weer goed.")
    case_close(case=case, by=user, outcome="Afgerond na drie gesprekken.")

    person.log_in(user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn zaken")
    person.follow("Zaken die u hebt gesloten")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Zaken die u hebt gesloten"
    )
    assert_accessible(page, "the ambassador's closed cases")

    person.follow(case.reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Melding {case.reference}"
    )
    main = page.locator("main")
    expect(main).to_contain_text("het gaat weer goed")
    expect(main).to_contain_text("Afgerond na drie gesprekken.")
    # Read-only: no form and no button on the page, only the way to ask.
    expect(main.locator("form")).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    assert_accessible(page, "a closed case, read-only")

    person.follow("Vraag de zaak te heropenen")
    person.press("Verzoek versturen")  # no reason
    expect(page.locator(".kb-form-errors")).to_be_focused()
    assert not ReopenRequest.objects.exists()
    assert_accessible(page, "request to reopen with an error")
    person.fill("Reden", "Er is een nieuw dreigement binnengekomen.")
    person.press("Verzoek versturen")
    expect(page).to_have_url(re.compile(rf"/ambassadeur/gesloten/{case.pk}/$"))
    expect(page.get_by_role("status").first).to_contain_text("vertrouwenspersoon")
    assert ReopenRequest.objects.get().status == c.ReopenRequestStatus.OPEN
    assert_accessible(page, "a closed case with a pending request")


def test_advisor_reopens_on_request(page, accepted_case, ambassador, advisor):
    from cases.services.reopen import reopen_request_create
    from tests.browser.person import Person

    case = accepted_case
    user = fresh(ambassador.user)
    case_close(case=case, by=user, outcome="Afgerond.")
    reopen_request_create(case=case, by=user, reason="Nieuw dreigement.")
    person = Person(page, keyboard=False)
    person.log_in(advisor.username)
    # The queue loads its notice of requests (htmx).
    notice = page.get_by_role("region", name="Verzoeken om een zaak te heropenen")
    expect(notice).to_contain_text(case.reference)
    assert_accessible(page, "queue with a request to reopen")
    person.follow(case.reference)
    expect(page.locator("main")).to_contain_text("Nieuw dreigement.")
    assert_accessible(page, "case page with a request to reopen")
    person.press("Zaak heropenen")
    expect(page.get_by_role("status").first).to_contain_text("heropend")
    case.refresh_from_db()
    assert case.status == c.Status.TRIAGE
