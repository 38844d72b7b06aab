"""The inbox in a browser: an offer that is not answered in time goes back to the
advisor, who finds it in the inbox (count in the header), opens the case and marks
everything read; the ambassador sees that the offer expired. On a phone the unread
count is on the "Menu" button too."""

import re
from datetime import timedelta

from django.utils import timezone

from cases import constants as c
from cases.models import Handoff, Notification
from cases.services import followups
from tests.browser.checks import PHONE, SCREENS_DIR, assert_accessible
from tests.browser.playwright_thread import expect


def test_overdue_offer_goes_back_and_shows_in_the_inbox(
    person, advisor, handed_case, ambassador
):
    page = person.page
    case = handed_case
    handoff = Handoff.objects.get(case=case)
    # The beat runs after three days without an answer.
    followups.expire_offered_handoffs(
        now=handoff.offered_at + timedelta(days=3, minutes=1)
    )

    person.log_in(advisor.username)
    count = page.locator(".kb-inbox-count")
    expect(count).to_contain_text("1")
    person.activate(page.locator(".kb-inbox-link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    expect(page.get_by_role("main")).to_contain_text(
        f"Zaak {case.reference} is niet op tijd geaccepteerd"
    )
    assert_accessible(page, "inbox with an unread notification")

    person.press("Alles als gelezen markeren")
    expect(page.get_by_role("status").first).to_contain_text("gelezen")
    assert not Notification.objects.filter(user=advisor, read_at__isnull=True).exists()
    expect(page.locator(".kb-inbox-count")).to_have_count(0)
    assert_accessible(page, "inbox, all read")

    person.follow(f"Open {case.reference}")
    expect(page).to_have_url(re.compile(rf"/meldingen/{case.pk}/$"))
    case.refresh_from_db()
    assert case.status == c.Status.TRIAGE


def test_ambassador_sees_the_expired_offer_and_marks_it_read(
    person, handed_case, ambassador
):
    page = person.page
    Handoff.objects.filter(case=handed_case).update(
        offered_at=timezone.now() - timedelta(days=4)
    )
    followups.expire_offered_handoffs()
    person.log_in(ambassador.user.username)
    person.activate(page.locator(".kb-inbox-link"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("niet op tijd beantwoord")
    # The case is no longer theirs: the reference, no link.
    link = page.get_by_role("link", name=f"Open {handed_case.reference}")
    expect(link).to_have_count(0)
    assert_accessible(page, "ambassador's inbox")
    unread = Notification.objects.filter(
        user=ambassador.user, kind=c.NotificationKind.OFFER_EXPIRED
    ).get()
    person.press(f"Markeren als gelezen – {unread_text(handed_case)}")
    unread.refresh_from_db()
    assert unread.read_at is not None
    assert_accessible(page, "ambassador's inbox after marking read")


def unread_text(case):
    return (
        f"U heeft het aanbod van zaak {case.reference} niet op tijd beantwoord; "
        "de zaak is terug naar de vertrouwenspersoon."
    )


def test_on_a_phone_the_menu_button_shows_the_unread_count(
    person, advisor, handed_case, ambassador
):
    """The inbox link is inside the phone's menu; the count is on the button as well,
    with words for a screen reader, and the header stays one line."""
    page = person.page
    handoff = Handoff.objects.get(case=handed_case)
    followups.expire_offered_handoffs(
        now=handoff.offered_at + timedelta(days=3, minutes=1)
    )
    page.set_viewport_size(PHONE)
    person.log_in(advisor.username)
    button = page.locator("summary.kb-menu__button")
    badge = button.locator(".kb-menu__count .kb-badge")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text("1")
    expect(button).to_have_text(re.compile(r"Menu\s*1\s*ongelezen bericht\s*$"))
    # The inbox link inside the closed menu is hidden; the button is what is seen.
    expect(page.locator(".kb-inbox-link")).to_be_hidden()
    height = page.locator("header.kb-header").evaluate(
        "el => el.getBoundingClientRect().height"
    )
    assert height <= 80, f"header {height} px on a phone"
    assert_accessible(page, "phone header with an unread notification")
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS_DIR / "inbox-menu-count-390.png")

    # Opened, the menu shows the inbox link with its count.
    person.activate(button, navigates=False)
    expect(page.locator(".kb-inbox-link .kb-inbox-count")).to_be_visible()
    assert_accessible(page, "phone menu open with an unread notification")

    # All read: no count on the button any more.
    person.activate(page.locator(".kb-inbox-link"))
    person.press("Alles als gelezen markeren")
    expect(page.get_by_role("status").first).to_contain_text("gelezen")
    page.reload()
    expect(page.locator(".kb-inbox-link")).to_have_count(1)
    expect(button.locator(".kb-badge")).to_have_count(0)
    expect(button).to_have_text("Menu")
