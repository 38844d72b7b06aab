"""Consent and handoff in a browser, by the advisor; then the ambassador's note and
referral on the accepted case."""

import re
from datetime import timedelta

from django.utils import timezone

from cases import constants as c
from cases.models import Consent, Handoff, Note, Referral
from tests.browser.checks import assert_accessible
from tests.browser.person import nl
from tests.browser.playwright_thread import expect


def _an_hour_ago():
    return (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def test_record_consent_and_hand_over(person, advisor, case, ambassador):
    page = person.page
    person.log_in(advisor.username)
    person.follow(case.reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Melding {case.reference}"
    )
    # No consent yet: the case cannot be handed over.
    expect(page.get_by_text("Voor overdracht is toestemming")).to_be_visible()
    assert_accessible(page, "case page without consent")

    person.follow("Toestemming vastleggen")
    person.choose("Toestemming voor", nl(c.ConsentPurpose.HANDOFF.label))
    person.pick(nl(c.ConsentMethod.VERBAL.label))
    # "Given at" starts at now; emptied, the form says it is missing.
    given_at = page.get_by_label("Gegeven op")
    expect(given_at).to_have_value(
        re.compile(rf"^{timezone.localdate().isoformat()}T\d\d:\d\d$")
    )
    person.fill_date("Gegeven op", "")
    person.press("Toestemming vastleggen")  # when it was given is missing
    expect(page.locator(".kb-form-errors")).to_be_focused()
    assert not Consent.objects.exists()
    assert_accessible(page, "consent form with errors")

    person.fill_date("Gegeven op", _an_hour_ago())
    person.press("Toestemming vastleggen")
    expect(page).to_have_url(re.compile(rf"/meldingen/{case.pk}/#toestemming$"))
    expect(page.locator("#toestemming ~ * .kb-badge--ok").first).to_have_text("Geldig")
    consent = Consent.objects.get()
    assert consent.purpose == c.ConsentPurpose.HANDOFF
    assert consent.given_by == case.office_holder.name

    person.follow("Overdragen aan een ambassadeur")
    ambassador_field = page.get_by_role("combobox", name="Ambassadeur")
    # The only ambassador of the region is proposed.
    expect(ambassador_field).to_have_value(str(ambassador.pk))
    assert_accessible(page, "handoff form")
    person.press("Overdragen")

    expect(page.get_by_role("status").first).to_contain_text("overgedragen")
    handoff = Handoff.objects.get()
    assert handoff.ambassador == ambassador
    assert handoff.status == c.HandoffStatus.OFFERED
    assert_accessible(page, "case page after handoff")


def test_ambassador_adds_a_note_and_a_referral(person, accepted_case, ambassador):
    page = person.page
    case = accepted_case
    person.log_in(ambassador.user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn zaken")
    assert_accessible(page, "ambassador's list")
    person.follow(case.reference)

    person.follow("Notitie toevoegen")
    person.press("Notitie opslaan")  # no text
    expect(page.locator(".kb-form-errors")).to_be_focused()
    assert_accessible(page, "note form with errors")
    person.fill("Tekst", "Gebeld; het gaat iets beter. Volgende week opnieuw.")
    person.press("Notitie opslaan")
    expect(page).to_have_url(re.compile(r"#notities$"))
    notes = page.get_by_role("region", name="Notities en contactmomenten")
    expect(notes).to_contain_text("het gaat iets beter")
    assert Note.objects.get().author == ambassador.user

    # A referral needs the person's consent for that kind of partner.
    legal = nl(c.ReferralKind.LEGAL.label)
    person.follow("Toestemming vastleggen")
    person.choose("Toestemming voor", nl(c.ConsentPurpose.REFERRAL.label))
    person.choose("Soort partner", legal)
    person.pick(nl(c.ConsentMethod.WRITTEN.label))
    person.fill_date("Gegeven op", _an_hour_ago())
    person.press("Toestemming vastleggen")
    expect(page).to_have_url(re.compile(r"#toestemming$"))

    person.follow("Doorverwijzen")
    expect(page.get_by_text("Er is toestemming voor")).to_contain_text(legal.lower())
    person.choose("Doorverwijzen naar", legal)
    person.fill("Partner", "Juridisch loket")
    person.press("Doorverwijzing vastleggen")
    expect(page).to_have_url(re.compile(r"#doorverwijzingen$"))
    referrals = page.get_by_role("region", name="Doorverwijzingen")
    expect(referrals).to_contain_text("Juridisch loket")
    referral = Referral.objects.get()
    assert referral.kind == c.ReferralKind.LEGAL
    assert referral.created_by == ambassador.user
    assert_accessible(page, "case page with a note and a referral")
